from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from storage.crud import (
    activate_plan,
    create_goal,
    create_plan,
    create_team,
    find_goal,
    list_goals,
)
from storage.errors import Conflict, DomainError, NotFound
from storage.models import Goal, Person, Plan
from tests.conftest import NOW, WORKSPACE


def goal(session: Session, plan: Plan, title: str, **options: object) -> Goal:
    return create_goal(
        session=session,
        workspace_id=plan.workspace_id,
        actor="UADMIN",
        plan=plan,
        title=title,
        now=NOW,
        **options,  # type: ignore[arg-type]
    )


def other_plan(session: Session, name: str = "FY2028") -> Plan:
    return create_plan(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        name=name,
        starts_on=date(2028, 1, 1),
        ends_on=date(2028, 12, 31),
        now=NOW,
    )


def test_goals_are_numbered_and_found_by_reference(session: Session, plan: Plan) -> None:
    first, second = goal(session, plan, "Grow"), goal(session, plan, "Keep")
    assert (first.ref, second.ref) == ("G-1", "G-2")
    for ref in ("G-2", "g2", 2):
        assert find_goal(session=session, workspace_id=WORKSPACE, ref=ref).id == second.id
    with pytest.raises(NotFound, match="no goal G-3"):
        find_goal(session=session, workspace_id=WORKSPACE, ref="G-3")
    with pytest.raises(DomainError, match="write it like G-12"):
        find_goal(session=session, workspace_id=WORKSPACE, ref="T-1")


def test_a_goal_with_everything(session: Session, plan: Plan, alice: Person) -> None:
    sales = create_team(session=session, workspace_id=WORKSPACE, actor=None, name="Sales", now=NOW)
    parent = goal(session, plan, "Company")
    child = goal(
        session,
        plan,
        "Department",
        parent=parent,
        owner=alice,
        team=sales,
        budget=Decimal("50000"),
        metric_name="revenue",
        metric_baseline=1.5,
        metric_target=2.0,
        metric_unit="MEUR",
    )
    session.commit()
    assert (child.parent_id, child.owner_id, child.team_id) == (parent.id, alice.id, sales.id)
    assert child.budget == Decimal("50000.00")
    assert (child.metric_name, child.metric_baseline, child.metric_target, child.metric_unit) == (
        "revenue",
        1.5,
        2.0,
        "MEUR",
    )
    assert [g.ref for g in list_goals(session=session, workspace_id=WORKSPACE, plan=plan)] == [
        "G-1",
        "G-2",
    ]


def test_a_parent_goal_must_be_in_the_same_plan(session: Session, plan: Plan) -> None:
    elsewhere = goal(session, other_plan(session), "Elsewhere")
    with pytest.raises(DomainError, match="parent goal G-1 belongs to another plan") as refused:
        goal(session, plan, "Child", parent=elsewhere)
    assert refused.value.field == "parent"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"budget": -10}, "budget"),
        ({"budget": "ten"}, "budget"),
        ({"metric_name": "m" * 101}, "metric"),
        ({"metric_target": float("inf")}, "target"),
        ({"metric_baseline": float("nan")}, "baseline"),
        ({"metric_unit": "u" * 33}, "unit"),
    ],
)
def test_bad_input_names_the_field(
    session: Session, plan: Plan, options: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        goal(session, plan, "Grow", **options)
    assert refused.value.field == field
    assert list_goals(session=session, workspace_id=WORKSPACE, plan=plan) == []


def test_a_duplicate_title_in_a_plan_is_a_conflict(session: Session, plan: Plan) -> None:
    goal(session, plan, "Grow")
    with pytest.raises(Conflict, match="already has a goal titled 'Grow'"):
        goal(session, plan, "Grow")
    assert goal(session, plan, "Keep").ref == "G-2"
    assert goal(session, other_plan(session), "Grow").ref == "G-3"


def test_an_archived_plan_takes_no_goals(session: Session, plan: Plan) -> None:
    successor = other_plan(session)
    activate_plan(session=session, workspace_id=WORKSPACE, actor=None, plan=successor, now=NOW)
    with pytest.raises(DomainError, match="the plan FY2027 is archived") as refused:
        goal(session, plan, "Late")
    assert refused.value.field == "plan"
