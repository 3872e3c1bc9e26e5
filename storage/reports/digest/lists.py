"""The digest's task lists: which tasks each holds and in what order, decided in SQL so
that only their heads are read."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import Status, TaskState
from storage.models import Task
from storage.periods import period_bounds
from storage.reports.digest.facts import LIST_HEAD
from storage.reports.digest.rows import full_task_fact, task_rows, with_latest
from storage.reports.facts import Listing, TaskFact
from storage.reports.fetch import LOOKAHEAD_DAYS
from storage.reports.scope import ReportScope
from storage.reports.tasks import by_due_date, scoped_tasks

ATTENTION = (Status.BLOCKED, Status.OFF_TRACK, Status.AT_RISK)
"""The statuses that need attention, the most urgent first."""


@dataclass(frozen=True)
class TaskList:
    name: str
    holds: sa.ColumnElement[bool]
    order: tuple[sa.ColumnElement[Any], ...]
    by_latest: bool = False
    """Whether ``holds`` or ``order`` reads the latest update."""


def task_lists(latest: Any, *, period: str, today: date) -> tuple[TaskList, ...]:
    """The lists of a digest for ``period`` as seen on ``today``; ``latest`` is each
    task's latest update, joined (see ``rows.with_latest``)."""
    start, end = period_bounds(period)
    is_open = col(Task.state) == TaskState.OPEN
    due_on = col(Task.due_on)
    urgency = sa.case({status.value: rank for rank, status in enumerate(ATTENTION)},
                      value=latest.c.status)  # fmt: skip
    return (
        TaskList("open_tasks", is_open, by_due_date()),
        TaskList("attention", sa.and_(is_open, latest.c.status.in_(ATTENTION)),
                 (urgency, *by_due_date()), by_latest=True),
        TaskList("overdue", sa.and_(is_open, due_on < today), by_due_date()),
        TaskList("due_soon",
                 sa.and_(is_open, due_on >= today,
                         due_on <= today + timedelta(days=LOOKAHEAD_DAYS)),
                 by_due_date()),
        TaskList("completed",
                 sa.and_(col(Task.state) == TaskState.DONE, col(Task.closed_at) >= start,
                         col(Task.closed_at) < end),
                 (col(Task.closed_at).asc(), col(Task.number).asc())),
    )  # fmt: skip


def fetch_head(
    session: Session, scope: ReportScope, task_list: TaskList, *, since: datetime, latest: Any
) -> Listing[TaskFact]:
    """The first ``LIST_HEAD`` tasks of ``task_list`` and how many it holds (one
    statement): their ids are chosen first, so that only those few rows are read in full."""
    first = scoped_tasks(col(Task.id), sa.func.count().over().label("total"), scope=scope,
                         since=since)  # fmt: skip
    if task_list.by_latest:
        first = with_latest(first, latest)
    head = first.where(task_list.holds).order_by(*task_list.order).limit(LIST_HEAD).subquery("head")
    query = task_rows(workspace_id=scope.workspace_id, latest=latest).add_columns(head.c.total)
    query = query.join(head, head.c.id == col(Task.id)).order_by(*task_list.order)
    rows = session.execute(query).all()
    return Listing(first=tuple(full_task_fact(row) for row in rows),
                   total=rows[0].total if rows else 0)  # fmt: skip
