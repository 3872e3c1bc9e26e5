"""Which tasks a report covers, and their rows as facts: plain columns, never ORM objects.

A scope's tasks are those of its plan matching every filter, open or closed since the
first period reported on; queries join ``goal`` for the plan and for teamless tasks.
"""

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import Acceptance, TaskState
from storage.models import AuditLog, Goal, Person, ProgressUpdate, Task
from storage.reports.facts import OwnerFact, TaskFact, UpdateFact
from storage.reports.scope import ReportScope

ASSIGNING_ACTIONS = ("task.create", "task.assign")


@dataclass(frozen=True)
class ScopeTerms:
    """A scope's filters as SQL terms: its values, or bind parameters standing for them
    (:meth:`bound`: a statement built once per :class:`ScopeShape`, given
    :func:`scope_parameters` when run). A filter left out is None."""

    workspace_id: Any
    plan_id: Any
    team_ids: Any = None
    owner_ids: Any = None
    goal_ids: Any = None
    task_ids: Any = None

    @classmethod
    def of(cls, scope: ReportScope) -> "ScopeTerms":
        def listed(ids: frozenset[int] | None) -> list[int] | None:
            return None if ids is None else sorted(ids)

        filters = (scope.team_ids, scope.owner_ids, scope.goal_ids, scope.task_ids)
        return cls(scope.workspace_id, scope.plan_id, *(listed(ids) for ids in filters))

    @classmethod
    def bound(cls, shape: "ScopeShape") -> "ScopeTerms":
        def ids(name: str, present: bool) -> Any:
            return sa.bindparam(name, expanding=True) if present else None

        return cls(sa.bindparam("workspace_id"), sa.bindparam("plan_id"),
                   ids("team_ids", shape.teams), ids("owner_ids", shape.owners),
                   ids("goal_ids", shape.goals), ids("task_ids", shape.tasks))  # fmt: skip


@dataclass(frozen=True)
class ScopeShape:
    """Which filters a scope has: what a statement built for it depends on."""

    teams: bool
    owners: bool
    goals: bool
    tasks: bool

    @classmethod
    def of(cls, scope: ReportScope) -> "ScopeShape":
        filters = (scope.team_ids, scope.owner_ids, scope.goal_ids, scope.task_ids)
        return cls(*(ids is not None for ids in filters))


def scope_parameters(scope: ReportScope) -> dict[str, Any]:
    """The values of :meth:`ScopeTerms.bound`'s parameters for ``scope``."""
    terms = ScopeTerms.of(scope)
    return {name: value for name, value in dataclasses.asdict(terms).items() if value is not None}


def task_conditions(scope: ReportScope | ScopeTerms) -> list[sa.ColumnElement[bool]]:
    """The scope's filters on ``task`` (joined with its ``goal``)."""
    terms = scope if isinstance(scope, ScopeTerms) else ScopeTerms.of(scope)
    conditions: list[sa.ColumnElement[bool]] = [
        col(Task.workspace_id) == terms.workspace_id,
        col(Goal.plan_id) == terms.plan_id,
    ]
    if terms.team_ids is not None:
        conditions.append(
            sa.or_(
                col(Task.team_id).in_(terms.team_ids),
                sa.and_(col(Task.team_id).is_(None), col(Goal.team_id).in_(terms.team_ids)),
            )
        )
    if terms.owner_ids is not None:
        conditions.append(col(Task.owner_id).in_(terms.owner_ids))
    if terms.goal_ids is not None:
        conditions.append(col(Task.goal_id).in_(terms.goal_ids))
    if terms.task_ids is not None:
        conditions.append(col(Task.id).in_(terms.task_ids))
    return conditions


def open_or_closed_since(since: Any) -> sa.ColumnElement[bool]:
    """Open tasks, and those closed ``since`` (a moment, or a parameter standing for one)."""
    return sa.or_(col(Task.state) == TaskState.OPEN, col(Task.closed_at) >= since)


def in_scope(
    query: sa.Select[Any], *, scope: ReportScope | ScopeTerms, since: Any = None
) -> sa.Select[Any]:
    """``query`` of tasks, narrowed to the scope's (open, or closed ``since`` when given)."""
    query = query.join(Goal, col(Goal.id) == col(Task.goal_id)).where(*task_conditions(scope))
    return query.where(open_or_closed_since(since)) if since is not None else query


def scoped_tasks(
    *columns: Any, scope: ReportScope | ScopeTerms, since: Any = None
) -> sa.Select[Any]:
    """``columns`` of the scope's tasks (open, or closed ``since`` when given)."""
    return in_scope(sa.select(*columns).select_from(Task), scope=scope, since=since)


def scope_task_ids(scope: ReportScope, *, since: datetime | None = None) -> sa.Select[Any]:
    """The ids of the scope's tasks (open, or closed ``since`` when given), as a subquery."""
    return scoped_tasks(col(Task.id), scope=scope, since=since)


def by_due_date(
    due_on: Any = Task.due_on, number: Any = Task.number
) -> tuple[sa.ColumnElement[Any], ...]:
    """Soonest due first, undated last, then by number: the order of every task list
    (of ``task`` by default, else of the columns given), which an index on the due date
    can give."""
    return col(due_on).asc().nulls_last(), col(number).asc()


# ---- rows as facts ----------------------------------------------------------------------


def owner_columns() -> tuple[sa.ColumnElement[Any], ...]:
    """Person columns for :func:`owner_fact`; outer-join ``person`` to use them."""
    return (
        col(Person.id).label("person_id"),
        col(Person.name).label("person_name"),
        col(Person.email).label("person_email"),
        col(Person.slack_user_id).label("person_slack_id"),
        col(Person.deactivated).label("person_deactivated"),
        col(Person.away_until).label("person_away_until"),
    )


def owner_fact(row: Any) -> OwnerFact | None:
    if row.person_id is None:
        return None
    return OwnerFact(
        id=row.person_id,
        name=row.person_name or row.person_email or "someone",
        slack_id=row.person_slack_id,
        deactivated=bool(row.person_deactivated),
        away_until=row.person_away_until,
    )


TASK_COLUMNS = (
    "id", "number", "title", "goal_id", "created_at", "team_id", "state", "acceptance",
    "start_on", "due_on", "closed_at", "metric_name", "metric_target", "metric_unit", "budget",
)  # fmt: skip


def task_columns() -> tuple[Any, ...]:
    """Task and owner columns for :func:`task_fact`; outer-join ``person`` on the owner."""
    return (*(col(getattr(Task, name)) for name in TASK_COLUMNS), *owner_columns())


def task_fact(row: Any, **more: Any) -> TaskFact:
    """The task in ``row`` (of :func:`task_columns`), with ``more`` fields set."""
    values = {name: getattr(row, name) for name in TASK_COLUMNS}
    return TaskFact(**values, owner=owner_fact(row), **more)


def fact_of(task: Task, *, latest: ProgressUpdate | None) -> TaskFact:
    """A task row and its latest update as a fact (without its owner)."""
    update = None
    if latest is not None:
        update = UpdateFact(status=latest.status, at=latest.created_at, period=latest.period,
                            percent=latest.percent, metric_value=latest.metric_value,
                            note=latest.note)  # fmt: skip
    return TaskFact(**{name: getattr(task, name) for name in TASK_COLUMNS}, latest=update)


def fetch_tasks(session: Session, scope: ReportScope, *, since: datetime) -> list[TaskFact]:
    """Open tasks and those closed since ``since``, with their owners (no update yet)."""
    query = (
        scoped_tasks(*task_columns(), scope=scope, since=since)
        .outerjoin(Person, col(Person.id) == col(Task.owner_id))
        .order_by(col(Task.number))
    )
    return [task_fact(row) for row in session.execute(query)]


# ---- waiting for the owner's yes ------------------------------------------------------


def waiting_since(task: TaskFact, assigned_at: datetime | None) -> datetime | None:
    """When an open task still pending its owner's yes was given to them; else None."""
    waiting = task.is_open and task.acceptance == Acceptance.PENDING and task.owner is not None
    return (assigned_at or task.created_at) if waiting else None


def _assignments(workspace_id: Any) -> list[sa.ColumnElement[bool]]:
    return [
        col(AuditLog.workspace_id) == workspace_id,
        col(AuditLog.entity) == "task",
        col(AuditLog.action).in_(ASSIGNING_ACTIONS),
    ]


def assigned_at(task_id: Any, *, workspace_id: Any) -> sa.ScalarSelect[Any]:
    """When the task ``task_id`` (a column) was last given to someone (``workspace_id``:
    a value, or a parameter standing for one)."""
    latest = sa.select(sa.func.max(col(AuditLog.at)))
    return latest.where(
        *_assignments(workspace_id), col(AuditLog.entity_id) == task_id
    ).scalar_subquery()


def fetch_pending_since(
    session: Session, scope: ReportScope, *, since: datetime
) -> Mapping[int, datetime]:
    """For open tasks awaiting their owner's yes: when they were last given to someone."""
    pending = scope_task_ids(scope, since=since).where(
        col(Task.state) == TaskState.OPEN, col(Task.acceptance) == Acceptance.PENDING
    )
    query = (
        sa.select(col(AuditLog.entity_id), sa.func.max(col(AuditLog.at)))
        .where(*_assignments(scope.workspace_id), col(AuditLog.entity_id).in_(pending))
        .group_by(col(AuditLog.entity_id))
    )
    return {int(task_id): at for task_id, at in session.execute(query) if task_id is not None}
