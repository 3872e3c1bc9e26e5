"""Exporting a plan as the same CSV an import reads, one row per task, by task number."""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage.models import Goal, Person, Task, Team
from storage.transfer.csvfile import render_csv
from storage.transfer.scope import PlanChoice, choose_plan, choose_workspace


@dataclass(frozen=True)
class ExportResult:
    workspace_id: str
    plan_name: str
    tasks: int
    text: str


def export_plan(engine: Engine, *, workspace_id: str | None, plan: PlanChoice) -> ExportResult:
    """The plan's tasks as CSV text. Raises a DomainError when no such workspace or plan."""
    with Session(engine) as session:
        workspace, _ = choose_workspace(session, workspace_id=workspace_id)
        chosen, _ = choose_plan(session, workspace_id=workspace.id, choice=plan)
        assert chosen.id is not None  # loaded from the database
        rows = plan_rows(session, plan_id=chosen.id)
    return ExportResult(
        workspace_id=workspace.id, plan_name=chosen.name, tasks=len(rows), text=render_csv(rows)
    )


def plan_rows(session: Session, *, plan_id: int) -> list[list[str]]:
    """The cells of every task of the plan, in column order, by task number (one query)."""
    parent = aliased(Goal)
    query = (
        sa.select(
            col(Goal.title),
            col(parent.title),
            col(Task.title),
            col(Task.how),
            col(Person.slack_user_id),
            col(Person.email),
            col(Team.name),
            col(Task.start_on),
            col(Task.due_on),
            col(Task.metric_name),
            col(Task.metric_target),
            col(Task.metric_unit),
            col(Task.budget),
        )
        .join(Goal, col(Goal.id) == col(Task.goal_id))
        .outerjoin(parent, col(parent.id) == col(Goal.parent_id))
        .outerjoin(Person, col(Person.id) == col(Task.owner_id))
        .outerjoin(Team, col(Team.id) == col(Task.team_id))
        .where(col(Goal.plan_id) == plan_id)
        .order_by(col(Task.number))
    )
    return [_cells(*tuple(row)) for row in session.connection().execute(query)]


def _cells(
    goal: str,
    parent: str | None,
    title: str,
    how: str,
    slack_user_id: str | None,
    email: str | None,
    team: str | None,
    start: date | None,
    due: date | None,
    metric: str | None,
    target: float | None,
    unit: str | None,
    budget: Decimal | None,
) -> list[str]:
    return [
        goal,
        parent or "",
        title,
        how,
        slack_user_id or email or "",
        team or "",
        start.isoformat() if start else "",
        due.isoformat() if due else "",
        metric or "",
        format_target(target),
        unit or "",
        format_budget(budget),
    ]


def format_target(target: float | None) -> str:
    """``320.0`` as ``320``, ``12.5`` as ``12.5``: what a person would type, read back exactly."""
    if target is None:
        return ""
    if math.isfinite(target) and target.is_integer() and abs(target) < 1e15:
        return str(int(target))
    return repr(target)


def format_budget(budget: Decimal | None) -> str:
    """``1200.00`` as ``1200``, ``1200.50`` as ``1200.5``."""
    if budget is None:
        return ""
    return format(budget.normalize(), "f")
