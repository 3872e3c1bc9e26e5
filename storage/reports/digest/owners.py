"""The owners of a scope's tasks: how many they hold open, when they held any, and which
come first; with the length of every task list, counted in the same pass."""

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import TaskState
from storage.models import Person, Task
from storage.periods import period_bounds
from storage.reports.digest.facts import OWNER_REFS, OwnerLoad
from storage.reports.digest.lists import TaskList
from storage.reports.digest.rows import with_latest
from storage.reports.facts import task_ref
from storage.reports.scope import ReportScope
from storage.reports.tasks import by_due_date, owner_columns, owner_fact, scoped_tasks

ALL_TASKS = "tasks"


def fetch_owners(
    session: Session,
    scope: ReportScope,
    *,
    since: datetime,
    periods: Sequence[str],
    lists: Sequence[TaskList],
    latest: Any,
) -> tuple[dict[int, OwnerLoad], dict[str, int]]:
    """The owners by id, without their refs (one statement), and how many tasks each of
    ``lists`` holds (and how many tasks there are in all, under ``ALL_TASKS``)."""
    loads: dict[int, OwnerLoad] = {}
    totals = dict.fromkeys([ALL_TASKS, *(task_list.name for task_list in lists)], 0)
    query = _loads(scope, since=since, periods=periods, lists=lists, latest=latest)
    for row in session.execute(query):
        for name in totals:
            totals[name] += int(getattr(row, name))
        owner = owner_fact(row)
        if owner is not None:
            active = frozenset(p for n, p in enumerate(periods) if getattr(row, f"active_{n}"))
            loads[owner.id] = OwnerLoad(owner=owner, open_tasks=int(row.open_tasks),
                                        active_in=active)  # fmt: skip
    return loads, totals


def _loads(
    scope: ReportScope,
    *,
    since: datetime,
    periods: Sequence[str],
    lists: Sequence[TaskList],
    latest: Any,
) -> sa.Select[Any]:
    """One row per owner (and one for unowned tasks) with their counts."""
    counts = [sa.func.count(sa.case((task_list.holds, 1))).label(task_list.name)
              for task_list in lists]  # fmt: skip
    query = scoped_tasks(
        *owner_columns(), sa.func.count().label(ALL_TASKS), *counts,
        *_activity(periods), scope=scope, since=since,
    )  # fmt: skip
    query = query.outerjoin(Person, col(Person.id) == col(Task.owner_id))
    return with_latest(query, latest).group_by(col(Task.owner_id), col(Person.id))


def _activity(periods: Sequence[str]) -> list[sa.ColumnElement[Any]]:
    """Per period, whether the owner held a task open at some time in it."""
    columns: list[sa.ColumnElement[Any]] = []
    for number, period in enumerate(periods):
        start, end = period_bounds(period)
        still_open = sa.or_(col(Task.closed_at).is_(None), col(Task.closed_at) >= start)
        held = sa.and_(col(Task.created_at) < end, still_open)
        columns.append(sa.func.max(sa.case((held, 1), else_=0)).label(f"active_{number}"))
    return columns


def fetch_open_refs(
    session: Session, scope: ReportScope, *, owner_ids: Collection[int]
) -> dict[int, tuple[str, ...]]:
    """The first ``OWNER_REFS`` open tasks of each of ``owner_ids`` who has any, the owners
    in the order of their first (one statement; none for no one)."""
    if not owner_ids:
        return {}
    rank = sa.func.row_number().over(partition_by=col(Task.owner_id), order_by=by_due_date())
    ranked = (
        scoped_tasks(col(Task.owner_id), col(Task.number), col(Task.due_on), rank.label("rank"),
                     scope=scope)
        .where(col(Task.state) == TaskState.OPEN, col(Task.owner_id).in_(sorted(owner_ids)))
        .subquery()
    )  # fmt: skip
    query = (
        sa.select(ranked.c.owner_id, ranked.c.number)
        .where(ranked.c.rank <= OWNER_REFS)
        .order_by(ranked.c.due_on.is_(None), ranked.c.due_on, ranked.c.number)
    )
    refs: dict[int, list[str]] = {}
    for owner_id, number in session.execute(query):
        refs.setdefault(int(owner_id), []).append(task_ref(number))
    return {owner_id: tuple(numbers) for owner_id, numbers in refs.items()}
