"""The digest's task lists: which tasks each holds and in what order, decided in SQL so
that only their heads are read."""

from collections.abc import Sequence
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


def task_lists(tasks: Any, *, period: str, today: date) -> tuple[TaskList, ...]:
    """The lists of a digest for ``period`` as seen on ``today``, over ``tasks`` (the
    columns of :func:`scope_tasks`)."""
    start, end = period_bounds(period)
    is_open = tasks.state == TaskState.OPEN
    due_order = by_due_date(tasks.due_on, tasks.number)
    urgency = sa.case({status.value: rank for rank, status in enumerate(ATTENTION)},
                      value=tasks.latest_status)  # fmt: skip
    return (
        TaskList("open_tasks", is_open, due_order),
        TaskList("attention", sa.and_(is_open, tasks.latest_status.in_(ATTENTION)),
                 (urgency, *due_order)),
        TaskList("overdue", sa.and_(is_open, tasks.due_on < today), due_order),
        TaskList("due_soon",
                 sa.and_(is_open, tasks.due_on >= today,
                         tasks.due_on <= today + timedelta(days=LOOKAHEAD_DAYS)),
                 due_order),
        TaskList("completed",
                 sa.and_(tasks.state == TaskState.DONE, tasks.closed_at >= start,
                         tasks.closed_at < end),
                 (tasks.closed_at.asc(), tasks.number.asc())),
    )  # fmt: skip


def scope_tasks(scope: ReportScope, *, since: datetime, latest: Any) -> sa.CTE:
    """What the lists read of the scope's tasks, worked out once for all of them."""
    query = scoped_tasks(
        col(Task.id), col(Task.state), col(Task.due_on), col(Task.number), col(Task.closed_at),
        latest.c.status.label("latest_status"), scope=scope, since=since,
    )  # fmt: skip
    return with_latest(query, latest).cte("in_scope").prefix_with("MATERIALIZED")


def fetch_heads(
    session: Session,
    scope: ReportScope,
    *,
    since: datetime,
    period: str,
    today: date,
    latest: Any,
) -> dict[str, Listing[TaskFact]]:
    """Each list's first ``LIST_HEAD`` tasks and how many it holds (one statement): the
    heads are picked on a few columns first, so that only they are read in full."""
    tasks = scope_tasks(scope, since=since, latest=latest)
    lists = task_lists(tasks.c, period=period, today=today)
    ranked = sa.union_all(*(
        _head(tasks, task_list, number=number, period=period, today=today)
        for number, task_list in enumerate(lists)
    )).subquery("ranked")  # fmt: skip
    lengths = _lengths(tasks, lists)
    query = task_rows(workspace_id=scope.workspace_id, latest=latest)
    query = (
        query.add_columns(ranked.c.list, *lengths.c)
        .join(ranked, ranked.c.id == col(Task.id))
        .join(lengths, sa.true())
        .order_by(ranked.c.list, ranked.c.rank)
    )
    rows = session.execute(query).all()
    heads: list[list[TaskFact]] = [[] for _ in lists]
    for row in rows:
        heads[row.list].append(full_task_fact(row))
    # Every row carries the lengths; with no row, every list is empty.
    totals = [rows[0]._mapping[column] for column in lengths.c] if rows else [0] * len(lists)
    return {
        task_list.name: Listing(first=tuple(head), total=total)
        for task_list, head, total in zip(lists, heads, totals, strict=True)
    }


def _head(
    tasks: sa.CTE, task_list: TaskList, *, number: int, period: str, today: date
) -> sa.Select[Any]:
    """The first ``LIST_HEAD`` tasks of ``task_list`` (list ``number``) and their rank in
    it: a bounded sort (ORDER BY with LIMIT) rather than ranking the whole list."""
    head = (
        sa.select(tasks).where(task_list.holds).order_by(*task_list.order).limit(LIST_HEAD)
    ).subquery(f"head_{number}")
    in_head = task_lists(head.c, period=period, today=today)[number]
    rank = sa.func.row_number().over(order_by=in_head.order)
    return sa.select(head.c.id, sa.literal(number).label("list"), rank.label("rank"))


def _lengths(tasks: sa.CTE, lists: Sequence[TaskList]) -> sa.Subquery:
    """How many tasks each list holds, counted in one pass: ``length_<n>`` for list n."""
    counts = (sa.func.count(sa.case((task_list.holds, 1))).label(f"length_{number}")
              for number, task_list in enumerate(lists))  # fmt: skip
    return sa.select(*counts).select_from(tasks).subquery("lengths")
