"""The goals a scope touches, with their budgets and what their tasks have spent."""

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.models import Goal, Person, ProgressUpdate, Task
from storage.reports.facts import GoalFact
from storage.reports.scope import ReportScope
from storage.reports.tasks import owner_columns, owner_fact, scoped_tasks

CENT = Decimal("0.01")


def _per_goal(scope: ReportScope) -> sa.Subquery:
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


def _touched(scope: ReportScope, per_goal: sa.Subquery) -> sa.ColumnElement[bool]:
    """The plan's goals the scope touches: those of its tasks, and for a team or goal
    filter alone, the team's or the named goals too."""
    plan = sa.and_(col(Goal.workspace_id) == scope.workspace_id, col(Goal.plan_id) == scope.plan_id)
    if scope.is_whole_plan:
        return plan
    wanted: list[sa.ColumnElement[bool]] = [per_goal.c.goal_id.is_not(None)]
    if scope.team_ids is not None and scope.owner_ids is None and scope.task_ids is None:
        wanted.append(col(Goal.team_id).in_(sorted(scope.team_ids)))
    if scope.goal_ids is not None and scope.task_ids is None:
        wanted.append(col(Goal.id).in_(sorted(scope.goal_ids)))
    return sa.and_(plan, sa.or_(*wanted))


def fetch_goals(session: Session, scope: ReportScope) -> list[GoalFact]:
    """The goals the scope touches, with owner, budget and spend so far (one statement)."""
    per_goal = _per_goal(scope)
    query = (
        sa.select(Goal, *owner_columns(), per_goal.c.spent, per_goal.c.total)
        .outerjoin(Person, col(Person.id) == col(Goal.owner_id))
        .outerjoin(per_goal, per_goal.c.goal_id == col(Goal.id))
        .where(_touched(scope, per_goal))
        .order_by(col(Goal.number))
    )
    return [_goal_fact(row) for row in session.execute(query)]


def _goal_fact(row: Any) -> GoalFact:
    goal: Goal = row.Goal
    assert goal.id is not None
    return GoalFact(
        id=goal.id,
        number=goal.number,
        title=goal.title,
        parent_id=goal.parent_id,
        owner=owner_fact(row),
        team_id=goal.team_id,
        budget=goal.budget,
        spent=_money(row.spent),
        task_budgets=None if row.total is None else _money(row.total),
        metric_name=goal.metric_name,
        metric_target=goal.metric_target,
        metric_unit=goal.metric_unit,
    )


def _money(value: object) -> Decimal:
    if value is None:
        return Decimal(0).quantize(CENT)
    return Decimal(str(value)).quantize(CENT)
