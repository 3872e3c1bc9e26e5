"""Goals: what a plan wants, numbered G-n per workspace, optionally under a parent goal.

Every function flushes and never commits: the caller's transaction decides.
"""

from datetime import datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from storage.crud._checks import (
    active_owner_id,
    finite,
    in_workspace,
    money,
    optional_text,
    team_id_of,
    text,
    utc,
)
from storage.crud._numbering import insert_numbered, parse_ref
from storage.crud._tx import atomic
from storage.crud.audit import audit_row, created
from storage.enums import PlanState
from storage.errors import Conflict, DomainError, NotFound
from storage.models import Goal, Person, Plan, Team

_CREATED_FIELDS = (
    "number", "plan_id", "parent_id", "title", "owner_id", "team_id", "budget",
    "metric_name", "metric_baseline", "metric_target", "metric_unit",
)  # fmt: skip


def create_goal(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    plan: Plan,
    title: str,
    now: datetime,
    parent: Goal | None = None,
    owner: Person | None = None,
    team: Team | None = None,
    budget: Decimal | int | str | None = None,
    metric_name: str | None = None,
    metric_baseline: float | None = None,
    metric_target: float | None = None,
    metric_unit: str | None = None,
) -> Goal:
    """A new goal G-n in ``plan`` (draft or active)."""
    goal = Goal(
        workspace_id=workspace_id,
        number=0,  # given inside the write, see insert_numbered
        plan_id=_plan_id(plan, workspace_id),
        parent_id=_parent_id(parent, plan, workspace_id),
        title=text(title, field="title", label="goal title", max_length=300),
        owner_id=active_owner_id(owner, workspace_id=workspace_id),
        team_id=team_id_of(team, workspace_id=workspace_id),
        budget=money(budget, field="budget", label="budget"),
        metric_name=optional_text(metric_name, field="metric", label="metric", max_length=100),
        metric_baseline=finite(metric_baseline, field="baseline", label="baseline"),
        metric_target=finite(metric_target, field="target", label="target"),
        metric_unit=optional_text(metric_unit, field="unit", label="unit", max_length=32),
        created_at=utc(now),
    )
    conflicts = {
        "uq_goal_plan_id_title": Conflict(
            f"the plan {plan.name} already has a goal titled {goal.title!r}; "
            "give this one another title",
            field="title",
        )
    }
    with atomic(session, conflicts):
        insert_numbered(session, goal, conflicts=conflicts)
        audit_row(
            session,
            row=goal,
            entity="goal",
            actor=actor,
            action="goal.create",
            changes=created(goal, _CREATED_FIELDS),
            now=now,
        )
    return goal


def _plan_id(plan: Plan, workspace_id: str) -> int:
    plan_id = in_workspace(plan, workspace_id=workspace_id, field="plan", label="plan")
    if plan.state == PlanState.ARCHIVED:
        raise DomainError(
            f"the plan {plan.name} is archived; add goals to the active plan or a draft",
            field="plan",
        )
    return plan_id


def _parent_id(parent: Goal | None, plan: Plan, workspace_id: str) -> int | None:
    if parent is None:
        return None
    in_workspace(parent, workspace_id=workspace_id, field="parent", label="parent goal")
    if parent.plan_id != plan.id:
        raise DomainError(
            f"the parent goal {parent.ref} belongs to another plan; "
            f"choose a parent goal of {plan.name}",
            field="parent",
        )
    return parent.id


def find_goal(*, session: Session, workspace_id: str, ref: str | int) -> Goal:
    """The goal ``G-3`` (or ``3``) of this workspace, or :class:`NotFound`."""
    number = parse_ref(ref, prefix="G", field="goal", label="goal")
    query = select(Goal).where(Goal.workspace_id == workspace_id, Goal.number == number)
    goal = session.exec(query).first()
    if goal is None:
        raise NotFound(f"there is no goal G-{number} in this workspace", field="goal")
    return goal


def list_goals(*, session: Session, workspace_id: str, plan: Plan) -> list[Goal]:
    """The goals of ``plan``, in reference order."""
    query = (
        select(Goal)
        .where(Goal.workspace_id == workspace_id, Goal.plan_id == plan.id)
        .order_by(col(Goal.number))
    )
    return list(session.exec(query).all())
