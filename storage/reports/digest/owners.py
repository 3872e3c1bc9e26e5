"""The owners of a scope's tasks: how many they hold open, when they held any, whether
they answered their check-ins, and which of their open tasks come first."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import TaskState
from storage.models import Person, Task
from storage.periods import period_bounds
from storage.reports.digest.answers import answer_columns, answers, answers_per_person
from storage.reports.digest.facts import OWNER_REFS, OwnerLoad
from storage.reports.facts import CheckInFact, task_ref
from storage.reports.scope import ReportScope
from storage.reports.tasks import by_due_date, owner_columns, owner_fact, scoped_tasks


@dataclass(frozen=True)
class Owners:
    loads: dict[int, OwnerLoad]
    """By person id, without their refs."""
    tasks: int
    """How many tasks there are in scope."""
    answered: dict[str, frozenset[int]]
    """Per period, the owners who answered their check-in."""
    check_ins: tuple[CheckInFact, ...]
    """The owners' check-ins for the period of the digest."""


def fetch_owners(
    session: Session,
    scope: ReportScope,
    *,
    since: datetime,
    periods: Sequence[str],
    period: str,
    active_before: Mapping[int, frozenset[str]] | None = None,
) -> Owners:
    """The owners of the scope's tasks, with their check-ins (one statement). Each owner
    is active in those of ``periods`` they held a task open in, and in the periods
    ``active_before`` gives them (known without asking)."""
    per_owner = (
        scoped_tasks(col(Task.owner_id).label("owner_id"), sa.func.count().label("tasks"),
                     sa.func.count(sa.case((col(Task.state) == TaskState.OPEN, 1)))
                     .label("open_tasks"),
                     *_activity(periods), scope=scope, since=since)
        .group_by(col(Task.owner_id))
        .subquery("per_owner")
    )  # fmt: skip
    per_person = answers_per_person(workspace_id=scope.workspace_id, periods=periods,
                                    period=period)  # fmt: skip
    query = (
        sa.select(per_owner, *owner_columns(), *answer_columns(per_person))
        .outerjoin(Person, col(Person.id) == per_owner.c.owner_id)
        .outerjoin(per_person, per_person.c.person_id == per_owner.c.owner_id)
    )
    loads: dict[int, OwnerLoad] = {}
    answered: dict[str, set[int]] = {label: set() for label in periods}
    check_ins = []
    tasks = 0
    for row in session.execute(query):
        tasks += row.tasks
        owner = owner_fact(row)
        if owner is None:
            continue
        active = frozenset(p for n, p in enumerate(periods) if getattr(row, f"active_{n}"))
        if active_before:
            active |= active_before.get(owner.id, frozenset())
        loads[owner.id] = OwnerLoad(owner=owner, open_tasks=row.open_tasks, active_in=active)
        answered_in, check_in = answers(row, person_id=owner.id, periods=periods, period=period)
        for label in answered_in:
            answered[label].add(owner.id)
        if check_in is not None:
            check_ins.append(check_in)
    frozen = {label: frozenset(ids) for label, ids in answered.items()}
    return Owners(loads=loads, tasks=tasks, answered=frozen, check_ins=tuple(check_ins))


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
