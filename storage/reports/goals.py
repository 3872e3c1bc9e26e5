"""The goals a scope touches, with their budgets and what their tasks have spent. The
statement is built once for each shape of scope."""

import functools
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.models import Goal, Person, ProgressUpdate, Task
from storage.reports.facts import GoalFact
from storage.reports.scope import ReportScope
from storage.reports.tasks import (
    ScopeShape,
    ScopeTerms,
    owner_columns,
    owner_fact,
    scope_parameters,
    scoped_tasks,
)

CENT = Decimal("0.01")
GOAL_COLUMNS = ("id", "number", "title", "parent_id", "team_id", "budget",
                "metric_name", "metric_target", "metric_unit")  # fmt: skip


def fetch_goals(session: Session, scope: ReportScope) -> list[GoalFact]:
    """The goals the scope touches, with owner, budget and spend so far (one statement)."""
    rows = session.execute(_goals(ScopeShape.of(scope)), scope_parameters(scope))
    return [_goal_fact(row) for row in rows]


@functools.lru_cache(maxsize=32)
def _goals(shape: ScopeShape) -> sa.Select[Any]:
    """The statement of :func:`fetch_goals` for scopes of ``shape``."""
    scope = ScopeTerms.bound(shape)
    per_goal = _per_goal(scope)
    return (
        sa.select(*(col(getattr(Goal, name)) for name in GOAL_COLUMNS), *owner_columns(),
                  per_goal.c.spent, per_goal.c.total)
        .outerjoin(Person, col(Person.id) == col(Goal.owner_id))
        .outerjoin(per_goal, per_goal.c.goal_id == col(Goal.id))
        .where(_touched(scope, shape, per_goal))
        .order_by(col(Goal.number))
    )  # fmt: skip


def _per_goal(scope: ScopeTerms) -> sa.Subquery:
    """Per goal with tasks in scope: the sum of each task's latest reported spend, and of
    the budgets given to them (NULL when none has one)."""
    spend = ProgressUpdate.__table__.alias("spend")  # type: ignore[attr-defined]
    return (
        scoped_tasks(col(Task.goal_id).label("goal_id"), sa.func.sum(spend.c.spent).label("spent"),
                     sa.func.sum(col(Task.budget)).label("total"), scope=scope)
        .outerjoin(spend, sa.and_(spend.c.task_id == col(Task.id), spend.c.is_latest_spend))
        .group_by(col(Task.goal_id))
        .subquery("per_goal")
    )  # fmt: skip


def _touched(scope: ScopeTerms, shape: ScopeShape, per_goal: sa.Subquery) -> sa.ColumnElement[bool]:
    """The plan's goals the scope touches: those of its tasks, and for a team or goal
    filter alone, the team's or the named goals too."""
    plan = sa.and_(col(Goal.workspace_id) == scope.workspace_id, col(Goal.plan_id) == scope.plan_id)
    if not (shape.teams or shape.owners or shape.goals or shape.tasks):
        return plan
    wanted: list[sa.ColumnElement[bool]] = [per_goal.c.goal_id.is_not(None)]
    if shape.teams and not shape.owners and not shape.tasks:
        wanted.append(col(Goal.team_id).in_(scope.team_ids))
    if shape.goals and not shape.tasks:
        wanted.append(col(Goal.id).in_(scope.goal_ids))
    return sa.and_(plan, sa.or_(*wanted))


def _goal_fact(row: Any) -> GoalFact:
    return GoalFact(
        **{name: getattr(row, name) for name in GOAL_COLUMNS},
        owner=owner_fact(row),
        spent=_money(row.spent),
        task_budgets=None if row.total is None else _money(row.total),
    )


def _money(value: object) -> Decimal:
    if value is None:
        return Decimal(0).quantize(CENT)
    return Decimal(str(value)).quantize(CENT)
