"""The digest's task lists: which tasks each holds and in what order, and each list's
first ``LIST_HEAD`` tasks, picked in SQL so that only they are read.

A head is read by walking the scope's tasks in the list's order and stopping once it
has enough (the order follows the task index: soonest due first, undated last), so it
costs a few rows however long the list is. The attention list, ordered by urgency
first, is walked once per status and its heads merged. How many tasks each list holds
is counted with the owners (``owners.fetch_owners``), in their pass over the scope.
The statement is built once for each shape of scope.
"""

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import Status, TaskState
from storage.models import Task
from storage.periods import period_bounds
from storage.reports.digest.facts import LIST_HEAD
from storage.reports.digest.rows import full_task_fact, latest_update, task_rows, with_latest
from storage.reports.facts import TaskFact
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
    walks: tuple[sa.ColumnElement[bool], ...] = (sa.true(),)
    """The parts the list's head is walked in, each in ``walk_order``."""
    walk_order: tuple[sa.ColumnElement[Any], ...] | None = None
    """The order within a part, when not ``order`` (it need not repeat what the parts
    already tell apart)."""


def list_parameters(*, period: str, today: date) -> dict[str, Any]:
    """The values of the parameters :func:`task_lists` uses."""
    start, end = period_bounds(period)
    soon = today + timedelta(days=LOOKAHEAD_DAYS)
    return {"period_start": start, "period_end": end, "today": today, "soon": soon}


def list_columns(latest: Any) -> SimpleNamespace:
    """What :func:`task_lists` reads, from ``task`` joined with its ``latest`` update."""
    return SimpleNamespace(
        state=col(Task.state), due_on=col(Task.due_on), number=col(Task.number),
        closed_at=col(Task.closed_at), latest_status=latest.c.status,
    )  # fmt: skip


def task_lists(tasks: Any) -> tuple[TaskList, ...]:
    """The lists of a digest over ``tasks`` (columns named as :func:`list_columns`
    names them), for the period and day given by :func:`list_parameters`."""
    start: Any = sa.bindparam("period_start")
    end: Any = sa.bindparam("period_end")
    today: Any = sa.bindparam("today")
    is_open = tasks.state == TaskState.OPEN
    due_order = by_due_date(tasks.due_on, tasks.number)
    urgency = sa.case({status.value: rank for rank, status in enumerate(ATTENTION)},
                      value=tasks.latest_status)  # fmt: skip
    by_status = tuple(tasks.latest_status == status for status in ATTENTION)
    return (
        TaskList("open_tasks", is_open, due_order),
        TaskList("attention", sa.and_(is_open, tasks.latest_status.in_(ATTENTION)),
                 (urgency, *due_order), walks=by_status, walk_order=due_order),
        TaskList("overdue", sa.and_(is_open, tasks.due_on < today), due_order),
        TaskList("due_soon",
                 sa.and_(is_open, tasks.due_on >= today, tasks.due_on <= sa.bindparam("soon")),
                 due_order),
        TaskList("completed",
                 sa.and_(tasks.state == TaskState.DONE, tasks.closed_at >= start,
                         tasks.closed_at < end),
                 (tasks.closed_at.asc(), tasks.number.asc())),
    )  # fmt: skip


def fetch_heads(
    session: Session, scope: ReportScope, *, period: str, today: date
) -> tuple[tuple[TaskFact, ...], ...]:
    """Each list's first ``LIST_HEAD`` tasks, in the order of ``LIST_NAMES`` (one
    statement)."""
    parameters = {**scope_parameters(scope), **list_parameters(period=period, today=today)}
    heads: list[list[TaskFact]] = [[] for _ in LIST_NAMES]
    for row in session.execute(_heads(ScopeShape.of(scope)), parameters):
        heads[row.list].append(full_task_fact(row))
    return tuple(tuple(head) for head in heads)


@functools.lru_cache(maxsize=32)
def _heads(shape: ScopeShape) -> sa.Select[Any]:
    """The statement of :func:`fetch_heads` for scopes of ``shape``."""
    latest = latest_update()
    scope = ScopeTerms.bound(shape)
    lists = task_lists(list_columns(latest))
    ranked = sa.union_all(*(
        _head(task_list, number=number, scope=scope, latest=latest)
        for number, task_list in enumerate(lists)
    )).subquery("ranked")  # fmt: skip
    query = task_rows(workspace_id=scope.workspace_id, latest=latest)
    return (
        query.add_columns(ranked.c.list)
        .join(ranked, ranked.c.id == col(Task.id))
        .where(ranked.c.rank <= LIST_HEAD)
        .order_by(ranked.c.list, ranked.c.rank)
    )


def _head(task_list: TaskList, *, number: int, scope: ScopeTerms, latest: Any) -> sa.Select[Any]:
    """The tasks walked for ``task_list`` (list ``number``), ranked in its order: the
    first ``LIST_HEAD`` of each walk (ORDER BY with LIMIT, which an index can serve)."""
    columns = list_columns(latest)
    walked = [
        sa.select(
            with_latest(scoped_tasks(col(Task.id), *(getattr(columns, name).label(name)
                                     for name in vars(columns)), scope=scope), latest)
            .where(task_list.holds, part)
            .order_by(*(task_list.walk_order or task_list.order))
            .limit(LIST_HEAD)
            .subquery()
        )
        for part in task_list.walks
    ]  # fmt: skip
    pooled = (sa.union_all(*walked) if len(walked) > 1 else walked[0]).subquery(f"head_{number}")
    rank = sa.func.row_number().over(order_by=task_lists(pooled.c)[number].order)
    return sa.select(pooled.c.id, sa.literal(number).label("list"), rank.label("rank"))
