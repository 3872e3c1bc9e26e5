"""The digest's task lists: which tasks each holds and in what order, decided in SQL so
that only their heads are read. The statement is built once for each shape of scope:
building it costs a third of running it."""

import functools
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
from storage.reports.digest.rows import full_task_fact, latest_update, task_rows, with_latest
from storage.reports.facts import Listing, TaskFact
from storage.reports.fetch import LOOKAHEAD_DAYS
from storage.reports.scope import ReportScope
from storage.reports.tasks import (
    ScopeShape,
    ScopeTerms,
    by_due_date,
    scope_parameters,
    scoped_tasks,
)

ATTENTION = (Status.BLOCKED, Status.OFF_TRACK, Status.AT_RISK)
"""The statuses that need attention, the most urgent first."""
LIST_NAMES = ("open_tasks", "attention", "overdue", "due_soon", "completed")
"""The lists, in the order :func:`task_lists` gives them."""


@dataclass(frozen=True)
class TaskList:
    name: str
    holds: sa.ColumnElement[bool]
    order: tuple[sa.ColumnElement[Any], ...]


def list_parameters(*, period: str, today: date) -> dict[str, Any]:
    """The values of the parameters :func:`task_lists` uses."""
    start, end = period_bounds(period)
    soon = today + timedelta(days=LOOKAHEAD_DAYS)
    return {"period_start": start, "period_end": end, "today": today, "soon": soon}


def task_lists(tasks: Any) -> tuple[TaskList, ...]:
    """The lists of a digest over ``tasks`` (the columns of :func:`scope_tasks`), for the
    period and day given by :func:`list_parameters`."""
    start: Any = sa.bindparam("period_start")
    end: Any = sa.bindparam("period_end")
    today: Any = sa.bindparam("today")
    is_open = tasks.state == TaskState.OPEN
    due_order = by_due_date(tasks.due_on, tasks.number)
    urgency = sa.case({status.value: rank for rank, status in enumerate(ATTENTION)},
                      value=tasks.latest_status)  # fmt: skip
    holds_and_order = (
        (is_open, due_order),
        (sa.and_(is_open, tasks.latest_status.in_(ATTENTION)), (urgency, *due_order)),
        (sa.and_(is_open, tasks.due_on < today), due_order),
        (sa.and_(is_open, tasks.due_on >= today, tasks.due_on <= sa.bindparam("soon")),
         due_order),
        (sa.and_(tasks.state == TaskState.DONE, tasks.closed_at >= start, tasks.closed_at < end),
         (tasks.closed_at.asc(), tasks.number.asc())),
    )  # fmt: skip
    return tuple(
        TaskList(name, holds, order)
        for name, (holds, order) in zip(LIST_NAMES, holds_and_order, strict=True)
    )


def scope_tasks(scope: ScopeTerms, *, latest: Any) -> sa.CTE:
    """What the lists read of the scope's tasks (open, or closed since ``:since``),
    worked out once for all of them."""
    query = scoped_tasks(
        col(Task.id), col(Task.state), col(Task.due_on), col(Task.number), col(Task.closed_at),
        latest.c.status.label("latest_status"), scope=scope, since=sa.bindparam("since"),
    )  # fmt: skip
    return with_latest(query, latest).cte("in_scope").prefix_with("MATERIALIZED")


def fetch_heads(
    session: Session, scope: ReportScope, *, since: datetime, period: str, today: date
) -> dict[str, Listing[TaskFact]]:
    """Each list's first ``LIST_HEAD`` tasks and how many it holds (one statement): the
    heads are picked on a few columns first, so that only they are read in full."""
    parameters = {**scope_parameters(scope), **list_parameters(period=period, today=today)}
    rows = session.execute(_heads(ScopeShape.of(scope)), {**parameters, "since": since}).all()
    heads: list[list[TaskFact]] = [[] for _ in LIST_NAMES]
    for row in rows:
        heads[row.list].append(full_task_fact(row))
    # Every row carries the lengths; with no row, every list is empty.
    lengths = [f"length_{number}" for number in range(len(LIST_NAMES))]
    totals = [rows[0]._mapping[name] for name in lengths] if rows else [0] * len(LIST_NAMES)
    return {
        name: Listing(first=tuple(head), total=total)
        for name, head, total in zip(LIST_NAMES, heads, totals, strict=True)
    }


@functools.lru_cache(maxsize=32)
def _heads(shape: ScopeShape) -> sa.Select[Any]:
    """The statement of :func:`fetch_heads` for scopes of ``shape``."""
    latest = latest_update()
    tasks = scope_tasks(ScopeTerms.bound(shape), latest=latest)
    lists = task_lists(tasks.c)
    ranked = sa.union_all(*(
        _head(tasks, task_list, number=number) for number, task_list in enumerate(lists)
    )).subquery("ranked")  # fmt: skip
    lengths = _lengths(tasks, lists)
    query = task_rows(workspace_id=sa.bindparam("workspace_id"), latest=latest)
    return (
        query.add_columns(ranked.c.list, *lengths.c)
        .join(ranked, ranked.c.id == col(Task.id))
        .join(lengths, sa.true())
        .order_by(ranked.c.list, ranked.c.rank)
    )


def _head(tasks: sa.CTE, task_list: TaskList, *, number: int) -> sa.Select[Any]:
    """The first ``LIST_HEAD`` tasks of ``task_list`` (list ``number``) and their rank in
    it: a bounded sort (ORDER BY with LIMIT) rather than ranking the whole list."""
    head = (
        sa.select(tasks).where(task_list.holds).order_by(*task_list.order).limit(LIST_HEAD)
    ).subquery(f"head_{number}")
    in_head = task_lists(head.c)[number]
    rank = sa.func.row_number().over(order_by=in_head.order)
    return sa.select(head.c.id, sa.literal(number).label("list"), rank.label("rank"))


def _lengths(tasks: sa.CTE, lists: Sequence[TaskList]) -> sa.Subquery:
    """How many tasks each list holds, counted in one pass: ``length_<n>`` for list n."""
    counts = (sa.func.count(sa.case((task_list.holds, 1))).label(f"length_{number}")
              for number, task_list in enumerate(lists))  # fmt: skip
    return sa.select(*counts).select_from(tasks).subquery("lengths")
