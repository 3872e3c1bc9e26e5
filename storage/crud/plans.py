"""Plans: a name and a period; at most one is active per workspace.

Activating a plan archives the plan that was active (rather than refusing): moving to next
year's plan is one command, and the old plan stays readable. Every function flushes and
never commits: the caller's transaction decides.
"""

from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.crud._checks import in_workspace, text, utc
from storage.crud._tx import atomic
from storage.crud.audit import apply_changes, audit_row, created
from storage.enums import PlanState
from storage.errors import Conflict, DomainError, NotFound
from storage.models import Plan

NO_ACTIVE_PLAN = (
    'no active plan: create one with /pillar plan add "FY2027" from:2027-01-01 to:2027-12-31, '
    "then /pillar plan activate FY2027"
)


def create_plan(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    name: str,
    starts_on: date,
    ends_on: date,
    now: datetime,
) -> Plan:
    """A new plan, in draft until it is activated."""
    plan_name = text(name, field="name", label="plan name", max_length=200)
    if ends_on < starts_on:
        raise DomainError(
            f"the plan ends ({ends_on.isoformat()}) before it starts "
            f"({starts_on.isoformat()}); give an end date on or after the start",
            field="to",
        )
    _refuse_same_name(session, workspace_id, plan_name)
    plan = Plan(
        workspace_id=workspace_id,
        name=plan_name,
        starts_on=starts_on,
        ends_on=ends_on,
        created_at=utc(now),
    )
    conflicts = {
        "uq_plan_workspace_id_name": Conflict(
            f"a plan named {plan_name} already exists; pick another name", field="name"
        )
    }
    with atomic(session, conflicts):
        session.add(plan)
        session.flush()
        changes = created(plan, ("name", "starts_on", "ends_on", "state"))
        audit_row(
            session,
            row=plan,
            entity="plan",
            actor=actor,
            action="plan.create",
            changes=changes,
            now=now,
        )
    return plan


def _refuse_same_name(session: Session, workspace_id: str, name: str) -> None:
    query = select(Plan).where(
        Plan.workspace_id == workspace_id, func.lower(Plan.name) == name.lower()
    )
    existing = session.exec(query).first()
    if existing is not None:
        raise Conflict(
            f"a plan named {existing.name} already exists; pick another name", field="name"
        )


def list_plans(*, session: Session, workspace_id: str) -> list[Plan]:
    """Every plan of the workspace, newest period first."""
    query = (
        select(Plan)
        .where(Plan.workspace_id == workspace_id)
        .order_by(col(Plan.starts_on).desc(), col(Plan.id).desc())
    )
    return list(session.exec(query).all())


def find_plan(*, session: Session, workspace_id: str, name: str) -> Plan:
    """The plan with this name (any case), or :class:`NotFound`."""
    query = select(Plan).where(
        Plan.workspace_id == workspace_id, func.lower(Plan.name) == name.strip().lower()
    )
    plan = session.exec(query).first()
    if plan is None:
        raise NotFound(f"no plan is named {name}; see /pillar plan list", field="plan")
    return plan


def _active(session: Session, workspace_id: str) -> Plan | None:
    query = select(Plan).where(Plan.workspace_id == workspace_id, Plan.state == PlanState.ACTIVE)
    return session.exec(query).first()


def get_active_plan(*, session: Session, workspace_id: str) -> Plan:
    """The workspace's active plan, or :class:`NotFound` saying how to make one."""
    plan = _active(session, workspace_id)
    if plan is None:
        raise NotFound(NO_ACTIVE_PLAN, field="plan")
    return plan


def activate_plan(
    *, session: Session, workspace_id: str, actor: str | None, plan: Plan, now: datetime
) -> Plan:
    """Make ``plan`` the active one; the plan active before it is archived."""
    in_workspace(plan, workspace_id=workspace_id, field="plan", label="plan")
    previous = _active(session, workspace_id)
    if previous is not None and previous.id == plan.id:
        return plan
    conflicts = {
        "uq_plan_one_active": Conflict(
            "another plan was activated at the same moment; check /pillar plan list and retry",
            field="plan",
        )
    }
    with atomic(session, conflicts):
        if previous is not None:
            _set_state(session, previous, PlanState.ARCHIVED, actor, "plan.archive", now)
            session.flush()  # the old plan must leave 'active' before the new one enters
        _set_state(session, plan, PlanState.ACTIVE, actor, "plan.activate", now)
    return plan


def _set_state(
    session: Session, plan: Plan, state: PlanState, actor: str | None, action: str, now: datetime
) -> None:
    changes = apply_changes(plan, {"state": state})
    audit_row(
        session, row=plan, entity="plan", actor=actor, action=action, changes=changes, now=now
    )
