from datetime import date

import pytest
from sqlmodel import Session, select

from storage.crud import activate_plan, create_plan, find_plan, get_active_plan, list_plans
from storage.enums import PlanState
from storage.errors import Conflict, DomainError, NotFound
from storage.models import AuditLog, Plan
from tests.conftest import NOW, WORKSPACE


def plan(session: Session, name: str, year: int, workspace_id: str = WORKSPACE) -> Plan:
    return create_plan(
        session=session,
        workspace_id=workspace_id,
        actor="UADMIN",
        name=name,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        now=NOW,
    )


def activate(session: Session, target: Plan) -> Plan:
    return activate_plan(
        session=session, workspace_id=WORKSPACE, actor="UADMIN", plan=target, now=NOW
    )


def test_a_new_plan_is_a_draft(session: Session) -> None:
    created = plan(session, "FY2027", 2027)
    assert created.state == PlanState.DRAFT
    audit = session.exec(select(AuditLog).where(AuditLog.action == "plan.create")).one()
    assert audit.changes["starts_on"] == [None, "2027-01-01"]


def test_the_period_must_be_in_order(session: Session) -> None:
    with pytest.raises(DomainError, match="give an end date on or after the start") as refused:
        create_plan(
            session=session,
            workspace_id=WORKSPACE,
            actor=None,
            name="Backwards",
            starts_on=date(2027, 12, 31),
            ends_on=date(2027, 1, 1),
            now=NOW,
        )
    assert refused.value.field == "to"


def test_names_are_unique_whatever_the_case(session: Session) -> None:
    plan(session, "FY2027", 2027)
    with pytest.raises(Conflict, match="a plan named FY2027 already exists") as refused:
        plan(session, "fy2027", 2027)
    assert refused.value.field == "name"
    assert plan(session, "FY2027", 2027, workspace_id="T0OTHER").id is not None


def test_no_active_plan_says_how_to_make_one(session: Session) -> None:
    plan(session, "FY2027", 2027)
    with pytest.raises(NotFound, match="no active plan: create one with /pillar plan add") as none:
        get_active_plan(session=session, workspace_id=WORKSPACE)
    assert none.value.field == "plan"


def test_activating_a_plan_archives_the_previous_one(session: Session) -> None:
    old, new = plan(session, "FY2026", 2026), plan(session, "FY2027", 2027)
    activate(session, old)
    activate(session, new)
    session.commit()
    assert get_active_plan(session=session, workspace_id=WORKSPACE).id == new.id
    assert old.state == PlanState.ARCHIVED
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity == "plan")).all()
    assert actions[-3:] == ["plan.activate", "plan.archive", "plan.activate"]


def test_activating_the_active_plan_changes_nothing(session: Session) -> None:
    current = activate(session, plan(session, "FY2027", 2027))
    before = len(session.exec(select(AuditLog)).all())
    activate(session, current)
    assert len(session.exec(select(AuditLog)).all()) == before


def test_each_workspace_has_its_own_active_plan(session: Session) -> None:
    ours = activate(session, plan(session, "FY2027", 2027))
    theirs = plan(session, "FY2027", 2027, workspace_id="T0OTHER")
    activate_plan(session=session, workspace_id="T0OTHER", actor=None, plan=theirs, now=NOW)
    assert ours.state == theirs.state == PlanState.ACTIVE
    with pytest.raises(NotFound):
        activate_plan(session=session, workspace_id="T0OTHER", actor=None, plan=ours, now=NOW)


def test_list_newest_first_and_find_by_name(session: Session) -> None:
    plan(session, "FY2026", 2026)
    plan(session, "FY2027", 2027)
    assert [p.name for p in list_plans(session=session, workspace_id=WORKSPACE)] == [
        "FY2027",
        "FY2026",
    ]
    assert find_plan(session=session, workspace_id=WORKSPACE, name="fy2026").name == "FY2026"
    with pytest.raises(NotFound, match="no plan is named FY2030"):
        find_plan(session=session, workspace_id=WORKSPACE, name="FY2030")
