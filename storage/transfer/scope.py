"""Which workspace and which plan an import or export is about."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.enums import PlanState
from storage.errors import Conflict, DomainError, NotFound
from storage.models import Plan, Workspace

_TEAM_ID = re.compile(r"[TE][A-Z0-9]{2,31}")
PLAN_NAME_LENGTH = 200


class NoWorkspace(NotFound):
    """No workspace was named and the database has none, or the named one is not here."""


class SeveralWorkspaces(DomainError):
    """No workspace was named and the database serves more than one."""


class NoPlan(NotFound):
    """The named plan does not exist, or no plan was named and none is active."""


@dataclass(frozen=True)
class PlanChoice:
    """A plan by name (or the active one when ``name`` is None); a period creates it."""

    name: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None

    @property
    def creates(self) -> bool:
        return self.starts_on is not None or self.ends_on is not None


def choose_workspace(
    session: Session, *, workspace_id: str | None, now: datetime | None = None
) -> tuple[Workspace, bool]:
    """The named workspace, or the only one; returns it and whether it was created.

    With ``now`` (a change is coming) a missing named workspace is created, and the row is
    locked until the transaction ends so that two imports into one workspace take turns
    (on PostgreSQL; SQLite has one writer anyway).
    """
    lock = now is not None
    if workspace_id is None:
        return _only_workspace(session, lock=lock), False
    if not _TEAM_ID.fullmatch(workspace_id):
        raise DomainError(
            f"{workspace_id!r} is not a Slack team id: expected something like T012AB3CD",
            field="workspace",
        )
    workspace = session.get(Workspace, workspace_id, with_for_update=lock)
    if workspace is not None:
        return workspace, False
    if now is None:
        raise NoWorkspace(f"there is no workspace {workspace_id} here", field="workspace")
    workspace = Workspace(id=workspace_id, created_at=now)
    session.add(workspace)
    session.flush()
    return workspace, True


def _only_workspace(session: Session, *, lock: bool) -> Workspace:
    ids = list(session.exec(select(Workspace.id).order_by(col(Workspace.id)).limit(6)))
    if len(ids) == 1:
        workspace = session.get(Workspace, ids[0], with_for_update=lock)
        if workspace is not None:
            return workspace
    if not ids:
        raise NoWorkspace("there is no workspace yet", field="workspace")
    shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
    raise SeveralWorkspaces(f"this database serves several workspaces ({shown})", field="workspace")


def choose_plan(
    session: Session, *, workspace_id: str, choice: PlanChoice, now: datetime | None = None
) -> tuple[Plan, bool]:
    """The named or active plan of the workspace, created when ``choice`` gives a period.

    A created plan becomes the active one when the workspace has none. Returns the plan and
    whether it was created.
    """
    plan = _find_plan(session, workspace_id=workspace_id, name=choice.name)
    if plan is not None:
        _check_period(plan, choice)
        return plan, False
    if choice.name is None:
        raise NoPlan(f"workspace {workspace_id} has no active plan", field="plan")
    if not choice.creates or now is None:
        raise NoPlan(f"workspace {workspace_id} has no plan {choice.name!r}", field="plan")
    return _create_plan(session, workspace_id=workspace_id, choice=choice, now=now), True


def _find_plan(session: Session, *, workspace_id: str, name: str | None) -> Plan | None:
    query = select(Plan).where(Plan.workspace_id == workspace_id)
    if name is None:
        query = query.where(Plan.state == PlanState.ACTIVE)
    else:
        query = query.where(Plan.name == name)
    return session.exec(query).first()


def _check_period(plan: Plan, choice: PlanChoice) -> None:
    if not choice.creates:
        return
    if (choice.starts_on, choice.ends_on) != (plan.starts_on, plan.ends_on):
        raise Conflict(
            f"plan {plan.name!r} already exists and runs from {plan.starts_on.isoformat()} "
            f"to {plan.ends_on.isoformat()}: leave out the period to import into it",
            field="plan",
        )


def _create_plan(session: Session, *, workspace_id: str, choice: PlanChoice, now: datetime) -> Plan:
    if choice.name is None or choice.starts_on is None or choice.ends_on is None:
        raise DomainError("a new plan needs a name, a start and an end date", field="plan")
    if not choice.name.strip() or len(choice.name) > PLAN_NAME_LENGTH:
        raise DomainError(
            f"a plan name has 1 to {PLAN_NAME_LENGTH} characters, such as FY2027", field="plan"
        )
    if choice.ends_on < choice.starts_on:
        raise DomainError(
            f"plan {choice.name!r} would end {choice.ends_on.isoformat()}, before it starts "
            f"{choice.starts_on.isoformat()}: give the start first",
            field="plan",
        )
    has_active = _find_plan(session, workspace_id=workspace_id, name=None) is not None
    plan = Plan(
        workspace_id=workspace_id,
        name=choice.name,
        starts_on=choice.starts_on,
        ends_on=choice.ends_on,
        state=PlanState.DRAFT if has_active else PlanState.ACTIVE,
        created_at=now,
    )
    session.add(plan)
    session.flush()
    return plan
