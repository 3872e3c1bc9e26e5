"""People, a plan and a goal to hang tasks on, in the test workspace."""

import threading
from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import Session

from storage.crud import activate_plan, create_goal, create_plan, get_or_create_person
from storage.models import Goal, Person, Plan
from tests.conftest import NOW, WORKSPACE


def make_person(session: Session, slack_user_id: str, name: str) -> Person:
    return get_or_create_person(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        slack_user_id=slack_user_id,
        name=name,
        tz="Europe/Paris",
        now=NOW,
    )


@pytest.fixture
def alice(session: Session) -> Person:
    return make_person(session, "UALICE", "Alice")


@pytest.fixture
def bob(session: Session) -> Person:
    return make_person(session, "UBOB", "Bob")


@pytest.fixture
def plan(session: Session) -> Plan:
    plan = create_plan(
        session=session,
        workspace_id=WORKSPACE,
        actor="UADMIN",
        name="FY2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        now=NOW,
    )
    return activate_plan(
        session=session, workspace_id=WORKSPACE, actor="UADMIN", plan=plan, now=NOW
    )


@pytest.fixture
def goal(session: Session, plan: Plan) -> Goal:
    return create_goal(
        session=session, workspace_id=WORKSPACE, actor="UADMIN", plan=plan, title="Grow", now=NOW
    )


def waits_for(session: Session, work: Callable[[], None]) -> None:
    """Run ``work`` in another thread, check that it waits for ``session``'s transaction,
    then commit that transaction and let ``work`` finish."""
    other = threading.Thread(target=work)
    other.start()
    other.join(timeout=0.5)
    assert other.is_alive(), "the other transaction should wait for this one"
    session.commit()
    other.join(timeout=30)
    assert not other.is_alive(), "the other transaction should end once this one has"
