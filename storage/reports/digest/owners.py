"""The owners of a scope's tasks: how many they hold open, when they held any, whether
they answered their check-ins, and which of their open tasks come first."""

import functools
import operator
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import TaskState
from storage.models import Person, Task
from storage.periods import period_bounds
from storage.reports.digest.answers import (
    answer_columns,
    answer_parameters,
    answers_per_person,
    check_in,
)
from storage.reports.digest.facts import OWNER_REFS, OwnerLoad
from storage.reports.digest.lists import LIST_NAMES, list_columns, list_parameters, task_lists
from storage.reports.digest.rows import latest_update, with_latest
from storage.reports.facts import CheckInFact, task_ref
from storage.reports.scope import ReportScope
from storage.reports.tasks import (
    ScopeShape,
    ScopeTerms,
    by_due_date,
    owner_columns,
    owner_fact,
    scope_parameters,
    scoped_tasks,
)


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
    lengths: tuple[int, ...]
    """How many tasks each of the digest's lists holds, in the order of ``LIST_NAMES``."""


def fetch_owners(
    session: Session,
    scope: ReportScope,
    *,
    since: datetime,
    periods: Sequence[str],
    period: str,
    today: date,
    active_before: Mapping[int, frozenset[str]] | None = None,
) -> Owners:
    """The owners of the scope's tasks, with their check-ins, and the length of each of
    the digest's lists for ``period`` on ``today`` (one statement). Each owner is active
    in those of ``periods`` they held a task open in, and in the periods
    ``active_before`` gives them (known without asking)."""
    query = _owners(ScopeShape.of(scope), periods=len(periods))
    parameters = {**scope_parameters(scope), **_activity_parameters(periods),
                  **answer_parameters(periods, period=period),
                  **list_parameters(period=period, today=today), "since": since}  # fmt: skip
    rows = session.execute(query, parameters).all()
    flags = [(f"active_{n}", f"answered_{n}", label) for n, label in enumerate(periods)]
    before = active_before or {}
    loads: dict[int, OwnerLoad] = {}
    answered: dict[str, set[int]] = {label: set() for label in periods}
    check_ins = []
    for row in rows:
        owner = owner_fact(row)
        if owner is None:
            continue
        active = frozenset(label for held, _, label in flags if getattr(row, held))
        active_in = active | before.get(owner.id, frozenset())
        loads[owner.id] = OwnerLoad(owner=owner, open_tasks=row.open_tasks, active_in=active_in)
        for _, said, label in flags:
            if getattr(row, said):
                answered[label].add(owner.id)
        if (asked := check_in(row, person_id=owner.id, period=period)) is not None:
            check_ins.append(asked)
    return Owners(
        loads=loads,
        tasks=sum(row.tasks for row in rows),
        answered={label: frozenset(ids) for label, ids in answered.items()},
        check_ins=tuple(check_ins),
        lengths=_lengths(rows),
    )


_LENGTHS = operator.attrgetter(*(f"length_{number}" for number in range(len(LIST_NAMES))))


def _lengths(rows: Sequence[Any]) -> tuple[int, ...]:
    """Each list's length: the sum of its owners' counts."""
    if not rows:
        return (0,) * len(LIST_NAMES)
    return tuple(sum(counts) for counts in zip(*map(_LENGTHS, rows), strict=True))


@functools.lru_cache(maxsize=32)
def _owners(shape: ScopeShape, *, periods: int) -> sa.Select[Any]:
    """The statement of :func:`fetch_owners` for scopes of ``shape`` and ``periods``
    periods."""
    open_tasks = sa.func.count(sa.case((col(Task.state) == TaskState.OPEN, 1)))
    latest = latest_update()
    lengths = (sa.func.count(sa.case((task_list.holds, 1))).label(f"length_{number}")
               for number, task_list in enumerate(task_lists(list_columns(latest))))  # fmt: skip
    tasks = scoped_tasks(col(Task.owner_id).label("owner_id"), sa.func.count().label("tasks"),
                         open_tasks.label("open_tasks"), *lengths, *_activity(periods),
                         scope=ScopeTerms.bound(shape), since=sa.bindparam("since"))  # fmt: skip
    per_owner = with_latest(tasks, latest).group_by(col(Task.owner_id)).subquery("per_owner")
    per_person = answers_per_person(periods=periods)
    return (
        sa.select(per_owner, *owner_columns(), *answer_columns(per_person))
        .outerjoin(Person, col(Person.id) == per_owner.c.owner_id)
        .outerjoin(per_person, per_person.c.person_id == per_owner.c.owner_id)
    )


def _activity_parameters(periods: Sequence[str]) -> dict[str, Any]:
    bounds = (period_bounds(period) for period in periods)
    return {f"active_{n}_{edge}": moment for n, pair in enumerate(bounds)
            for edge, moment in zip(("start", "end"), pair, strict=True)}  # fmt: skip


def _activity(periods: int) -> list[sa.ColumnElement[Any]]:
    """Per period (``:active_<n>_start`` to ``:active_<n>_end``), whether the owner held
    a task open at some time in it."""
    columns: list[sa.ColumnElement[Any]] = []
    for number in range(periods):
        start: Any = sa.bindparam(f"active_{number}_start")
        end: Any = sa.bindparam(f"active_{number}_end")
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
