"""The report queries. Each is ONE statement, however many tasks the scope holds:
per-task work happens in the database (window functions, GROUP BY), never in a loop.

Progress updates are reached only through the scope's tasks, which carry the workspace
filter. A second ``workspace_id`` test on progress_update adds no safety and, on a
freshly loaded PostgreSQL without statistics, led the planner to scan a workspace's
whole index once per task (seconds instead of tenths for 5,000 tasks).
"""

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import Acceptance, Status, TaskState
from storage.models import (
    AuditLog,
    CheckIn,
    Goal,
    Person,
    ProgressUpdate,
    ReviewDate,
    Task,
)
from storage.reports.facts import (
    CheckInFact,
    GoalFact,
    OwnerFact,
    ProgressPoint,
    ReviewFact,
    TaskFact,
    UpdateFact,
)
from storage.reports.scope import ReportScope

ASSIGNING_ACTIONS = ("task.create", "task.assign")
CENT = Decimal("0.01")

# ---- which tasks ----------------------------------------------------------------------


def _task_conditions(scope: ReportScope) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = [
        col(Task.workspace_id) == scope.workspace_id,
        col(Goal.plan_id) == scope.plan_id,
    ]
    if scope.team_ids is not None:
        teams = sorted(scope.team_ids)
        conditions.append(
            sa.or_(
                col(Task.team_id).in_(teams),
                sa.and_(col(Task.team_id).is_(None), col(Goal.team_id).in_(teams)),
            )
        )
    if scope.owner_ids is not None:
        conditions.append(col(Task.owner_id).in_(sorted(scope.owner_ids)))
    if scope.goal_ids is not None:
        conditions.append(col(Task.goal_id).in_(sorted(scope.goal_ids)))
    if scope.task_ids is not None:
        conditions.append(col(Task.id).in_(sorted(scope.task_ids)))
    return conditions


def _open_or_closed_since(since: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(col(Task.state) == TaskState.OPEN, col(Task.closed_at) >= since)


def scope_task_ids(scope: ReportScope, *, since: datetime | None = None) -> sa.Select[Any]:
    """The ids of the scope's tasks (open, or closed ``since`` when given), as a subquery."""
    query = sa.select(col(Task.id)).join(Goal, col(Goal.id) == col(Task.goal_id))
    query = query.where(*_task_conditions(scope))
    return query.where(_open_or_closed_since(since)) if since is not None else query


def _owner(row: Any) -> OwnerFact | None:
    if row.person_id is None:
        return None
    return OwnerFact(
        id=row.person_id,
        name=row.person_name or row.person_email or "someone",
        slack_id=row.person_slack_id,
        deactivated=bool(row.person_deactivated),
        away_until=row.person_away_until,
    )


def _owner_columns() -> tuple[sa.ColumnElement[Any], ...]:
    return (
        col(Person.id).label("person_id"),
        col(Person.name).label("person_name"),
        col(Person.email).label("person_email"),
        col(Person.slack_user_id).label("person_slack_id"),
        col(Person.deactivated).label("person_deactivated"),
        col(Person.away_until).label("person_away_until"),
    )


def fetch_tasks(session: Session, scope: ReportScope, *, since: datetime) -> list[TaskFact]:
    """Open tasks and those closed since ``since``, with their owners (no update yet)."""
    query = (
        sa.select(Task, *_owner_columns())
        .join(Goal, col(Goal.id) == col(Task.goal_id))
        .outerjoin(Person, col(Person.id) == col(Task.owner_id))
        .where(*_task_conditions(scope), _open_or_closed_since(since))
        .order_by(col(Task.number))
    )
    return [_task_fact(row) for row in session.execute(query)]


def _task_fact(row: Any) -> TaskFact:
    task: Task = row.Task
    assert task.id is not None
    return TaskFact(
        id=task.id,
        number=task.number,
        title=task.title,
        goal_id=task.goal_id,
        created_at=task.created_at,
        owner=_owner(row),
        team_id=task.team_id,
        state=task.state,
        acceptance=task.acceptance,
        start_on=task.start_on,
        due_on=task.due_on,
        closed_at=task.closed_at,
        metric_name=task.metric_name,
        metric_target=task.metric_target,
        metric_unit=task.metric_unit,
        budget=task.budget,
    )


# ---- progress -------------------------------------------------------------------------


def _last_in(partition: tuple[Any, ...]) -> sa.ColumnElement[int]:
    """Rank 1 is the newest update within ``partition``."""
    return (
        sa.func.row_number()
        .over(
            partition_by=partition,
            order_by=(col(ProgressUpdate.created_at).desc(), col(ProgressUpdate.id).desc()),
        )
        .label("rank")
    )


def fetch_latest_updates(
    session: Session, scope: ReportScope, *, since: datetime
) -> dict[int, UpdateFact]:
    """Each task's newest update, by task id."""
    ranked = (
        sa.select(col(ProgressUpdate.id), _last_in((col(ProgressUpdate.task_id),)))
        .where(
            col(ProgressUpdate.task_id).in_(scope_task_ids(scope, since=since)),
        )
        .subquery()
    )
    query = (
        sa.select(ProgressUpdate)
        .join(ranked, col(ProgressUpdate.id) == ranked.c.id)
        .where(ranked.c.rank == 1)
    )
    latest: dict[int, UpdateFact] = {}
    for update in session.scalars(query):
        latest[update.task_id] = UpdateFact(
            status=update.status,
            at=update.created_at,
            period=update.period,
            percent=update.percent,
            metric_value=update.metric_value,
            note=update.note,
        )
    return latest


def _last_per_period(
    scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> sa.Subquery:
    """Every update of the scope's tasks in ``periods``, ranked within (task, period)."""
    return (
        sa.select(
            col(ProgressUpdate.task_id),
            col(ProgressUpdate.period),
            col(ProgressUpdate.status),
            col(ProgressUpdate.percent),
            col(ProgressUpdate.metric_value),
            _last_in((col(ProgressUpdate.task_id), col(ProgressUpdate.period))),
        )
        .where(
            col(ProgressUpdate.period).in_(sorted(periods)),
            col(ProgressUpdate.task_id).in_(scope_task_ids(scope, since=since)),
        )
        .subquery()
    )


def fetch_status_counts(
    session: Session, scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> dict[str, dict[Status, int]]:
    """For each period, how many tasks' last update in it had each status."""
    last = _last_per_period(scope, since=since, periods=periods)
    query = (
        sa.select(last.c.period, last.c.status, sa.func.count())
        .where(last.c.rank == 1)
        .group_by(last.c.period, last.c.status)
    )
    counts: dict[str, dict[Status, int]] = {period: {} for period in periods}
    for period, status, count in session.execute(query):
        counts.setdefault(period, {})[Status(status)] = int(count)
    return counts


def fetch_history(
    session: Session, scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> list[ProgressPoint]:
    """Each task's last update in each of ``periods`` (tasks without one are absent)."""
    last = _last_per_period(scope, since=since, periods=periods)
    query = (
        sa.select(last.c.task_id, last.c.period, last.c.status, last.c.percent,
                  last.c.metric_value)
        .where(last.c.rank == 1)
        .order_by(last.c.task_id, last.c.period)
    )  # fmt: skip
    return [
        ProgressPoint(
            task_id=row.task_id,
            period=row.period,
            status=Status(row.status),
            percent=row.percent,
            metric_value=row.metric_value,
        )
        for row in session.execute(query)
    ]


def fetch_reporting(
    session: Session, scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> dict[str, frozenset[int]]:
    """For each period, the owners with at least one update on a task of theirs in it."""
    query = (
        sa.select(col(ProgressUpdate.period), col(Task.owner_id))
        .join(Task, col(Task.id) == col(ProgressUpdate.task_id))
        .where(
            col(ProgressUpdate.period).in_(sorted(periods)),
            col(ProgressUpdate.task_id).in_(scope_task_ids(scope, since=since)),
            col(Task.owner_id).is_not(None),
        )
        .distinct()
    )
    owners: dict[str, set[int]] = defaultdict(set)
    for period, owner_id in session.execute(query):
        owners[period].add(int(owner_id))
    return {period: frozenset(owners.get(period, ())) for period in periods}


# ---- people, reviews, goals -----------------------------------------------------------


def fetch_check_ins(
    session: Session, scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> list[CheckInFact]:
    """The check-ins in ``periods`` of everyone who owns a task in scope."""
    owners = (
        sa.select(col(Task.owner_id))
        .where(col(Task.id).in_(scope_task_ids(scope, since=since)))
        .scalar_subquery()
    )
    query = (
        sa.select(CheckIn)
        .where(
            col(CheckIn.workspace_id) == scope.workspace_id,
            col(CheckIn.period).in_(sorted(periods)),
            col(CheckIn.person_id).in_(owners),
        )
        .order_by(col(CheckIn.period), col(CheckIn.person_id))
    )
    return [
        CheckInFact(
            person_id=row.person_id,
            period=row.period,
            asked_at=row.asked_at,
            answered_at=row.answered_at,
            nudges_sent=row.nudges_sent,
        )
        for row in session.scalars(query)
    ]


def fetch_reviews(
    session: Session, scope: ReportScope, *, today: date, within_days: int
) -> list[ReviewFact]:
    """The plan's reviews from ``today`` to ``within_days`` later, soonest first."""
    query = (
        sa.select(ReviewDate)
        .where(
            col(ReviewDate.workspace_id) == scope.workspace_id,
            col(ReviewDate.plan_id) == scope.plan_id,
            col(ReviewDate.held_on) >= today,
            col(ReviewDate.held_on) <= today + timedelta(days=within_days),
        )
        .order_by(col(ReviewDate.held_on), col(ReviewDate.id))
    )
    return [
        ReviewFact(title=row.title, held_on=row.held_on, kind=row.kind, channel_id=row.channel_id)
        for row in session.scalars(query)
    ]


def _spent_by_goal(scope: ReportScope) -> sa.Subquery:
    """Per goal, the sum over its tasks in scope of each task's latest reported spend."""
    ranked = (
        sa.select(
            col(ProgressUpdate.task_id),
            col(ProgressUpdate.spent),
            _last_in((col(ProgressUpdate.task_id),)),
        )
        .where(
            col(ProgressUpdate.spent).is_not(None),
            col(ProgressUpdate.task_id).in_(scope_task_ids(scope)),
        )
        .subquery()
    )
    return (
        sa.select(col(Task.goal_id).label("goal_id"), sa.func.sum(ranked.c.spent).label("spent"))
        .join(ranked, ranked.c.task_id == col(Task.id))
        .where(ranked.c.rank == 1)
        .group_by(col(Task.goal_id))
        .subquery()
    )


def _task_budgets_by_goal(scope: ReportScope) -> sa.Subquery:
    """Per goal, the sum of the budgets given to its tasks in scope (NULL when none)."""
    return (
        sa.select(col(Task.goal_id).label("goal_id"), sa.func.sum(col(Task.budget)).label("total"))
        .where(col(Task.id).in_(scope_task_ids(scope)))
        .group_by(col(Task.goal_id))
        .subquery()
    )


def _goal_conditions(scope: ReportScope) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = [
        col(Goal.workspace_id) == scope.workspace_id,
        col(Goal.plan_id) == scope.plan_id,
    ]
    if scope.is_whole_plan:
        return conditions
    tasks_goals = (
        sa.select(col(Task.goal_id))
        .join(Goal, col(Goal.id) == col(Task.goal_id))
        .where(*_task_conditions(scope))
    )
    wanted: list[sa.ColumnElement[bool]] = [col(Goal.id).in_(tasks_goals)]
    if scope.team_ids is not None and scope.owner_ids is None and scope.task_ids is None:
        wanted.append(col(Goal.team_id).in_(sorted(scope.team_ids)))
    if scope.goal_ids is not None and scope.task_ids is None:
        wanted.append(col(Goal.id).in_(sorted(scope.goal_ids)))
    conditions.append(sa.or_(*wanted))
    return conditions


def fetch_goals(session: Session, scope: ReportScope) -> list[GoalFact]:
    """The goals the scope touches, with owner, budget and spend so far."""
    spent = _spent_by_goal(scope)
    budgets = _task_budgets_by_goal(scope)
    query = (
        sa.select(Goal, *_owner_columns(), spent.c.spent, budgets.c.total)
        .outerjoin(Person, col(Person.id) == col(Goal.owner_id))
        .outerjoin(spent, spent.c.goal_id == col(Goal.id))
        .outerjoin(budgets, budgets.c.goal_id == col(Goal.id))
        .where(*_goal_conditions(scope))
        .order_by(col(Goal.number))
    )
    goals = []
    for row in session.execute(query):
        goal: Goal = row.Goal
        assert goal.id is not None
        goals.append(
            GoalFact(
                id=goal.id,
                number=goal.number,
                title=goal.title,
                parent_id=goal.parent_id,
                owner=_owner(row),
                team_id=goal.team_id,
                budget=goal.budget,
                spent=_money(row.spent),
                task_budgets=None if row.total is None else _money(row.total),
                metric_name=goal.metric_name,
                metric_target=goal.metric_target,
                metric_unit=goal.metric_unit,
            )
        )
    return goals


def _money(value: object) -> Decimal:
    if value is None:
        return Decimal(0).quantize(CENT)
    return Decimal(str(value)).quantize(CENT)


def fetch_pending_since(
    session: Session, scope: ReportScope, *, since: datetime
) -> Mapping[int, datetime]:
    """For open tasks awaiting their owner's yes: when they were last given to someone."""
    pending = scope_task_ids(scope, since=since).where(
        col(Task.state) == TaskState.OPEN, col(Task.acceptance) == Acceptance.PENDING
    )
    query = (
        sa.select(col(AuditLog.entity_id), sa.func.max(col(AuditLog.at)))
        .where(
            col(AuditLog.workspace_id) == scope.workspace_id,
            col(AuditLog.entity) == "task",
            col(AuditLog.action).in_(ASSIGNING_ACTIONS),
            col(AuditLog.entity_id).in_(pending),
        )
        .group_by(col(AuditLog.entity_id))
    )
    return {int(task_id): at for task_id, at in session.execute(query) if task_id is not None}
