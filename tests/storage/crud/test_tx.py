from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.crud import (
    create_plan,
    create_team,
    get_or_create_person,
    refusal_ends_transaction,
)
from storage.crud._tx import Violation, atomic, savepoint
from storage.errors import Conflict
from storage.models import Goal, Person, Plan, Team
from tests.conftest import NOW, WORKSPACE


def test_a_refused_write_keeps_the_rest_of_the_transaction(session: Session) -> None:
    create_team(session=session, workspace_id=WORKSPACE, actor=None, name="Sales", now=NOW)
    ada = get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="U1", now=NOW
    )
    with pytest.raises(Conflict):
        create_team(session=session, workspace_id=WORKSPACE, actor=None, name="Sales", now=NOW)
    create_team(session=session, workspace_id=WORKSPACE, actor=None, name="Ops", now=NOW)
    session.commit()
    assert session.get(Person, ada.id) is not None
    assert sorted(t.name for t in session.exec(select(Team)).all()) == ["Ops", "Sales"]


def test_nothing_is_committed_behind_the_callers_back(session: Session) -> None:
    create_plan(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        name="FY2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        now=NOW,
    )
    session.rollback()
    assert session.exec(select(Plan)).all() == []


def test_changes_in_a_refused_savepoint_read_back_their_stored_values(session: Session) -> None:
    ada = get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="U1", name="Ada", now=NOW
    )
    get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="U2", now=NOW
    )

    def take_the_other_id() -> None:
        with savepoint(session):
            ada.name = "Changed"
            ada.slack_user_id = "U2"

    with pytest.raises(Violation):
        take_the_other_id()
    assert (ada.name, ada.slack_user_id) == ("Ada", "U1")


@pytest.mark.parametrize(
    ("row", "constraint"),
    [
        (
            Plan(workspace_id=WORKSPACE, name="P", starts_on=date(2027, 2, 1),
                 ends_on=date(2027, 1, 1), created_at=NOW),
            "ck_plan_period_in_order",
        ),
        (
            Goal(workspace_id=WORKSPACE, number=1, plan_id=424242, title="x", created_at=NOW),
            None,
        ),
    ],
)  # fmt: skip
def test_violations_are_named_the_same_on_every_database(
    session: Session, row: Plan | Goal, constraint: str | None
) -> None:
    with pytest.raises(Violation) as refused, savepoint(session):
        session.add(row)
    if constraint is not None:
        assert refused.value.constraint == constraint
    assert session.exec(select(type(row))).all() == []


def test_unique_violations_are_named_by_the_naming_convention(session: Session) -> None:
    get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="U1", now=NOW
    )
    twin = Person(workspace_id=WORKSPACE, slack_user_id="U1", created_at=NOW)
    with pytest.raises(Violation) as refused, savepoint(session):
        session.add(twin)
    assert refused.value.constraint == "uq_person_workspace_id_slack_user_id"


def test_atomic_turns_an_unexpected_violation_into_a_plain_conflict(session: Session) -> None:
    orphan = Goal(workspace_id=WORKSPACE, number=1, plan_id=424242, title="x", created_at=NOW)
    with pytest.raises(Conflict, match="clashes with existing data"), atomic(session):
        session.add(orphan)


def _savepoints(statements: list[str]) -> int:
    return sum(statement.startswith("SAVEPOINT") for statement in statements)


def test_a_request_session_makes_its_first_change_without_a_savepoint(
    session: Session, statements: list[str]
) -> None:
    refusal_ends_transaction(session)
    create_team(session=session, workspace_id=WORKSPACE, actor=None, name="Sales", now=NOW)
    assert _savepoints(statements) == 0
    create_team(session=session, workspace_id=WORKSPACE, actor=None, name="Ops", now=NOW)
    assert _savepoints(statements) == 1  # the first change is now there to keep
    session.commit()
    assert sorted(t.name for t in session.exec(select(Team)).all()) == ["Ops", "Sales"]


def test_a_refused_first_change_is_still_a_conflict_and_leaves_nothing(
    engine: Engine, session: Session
) -> None:
    get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="U1", now=NOW
    )
    session.commit()
    with Session(engine) as request:
        refusal_ends_transaction(request)
        twin = Person(workspace_id=WORKSPACE, slack_user_id="U1", created_at=NOW)
        with pytest.raises(Conflict, match="clashes with existing data"), atomic(request):
            request.add(twin)
        request.rollback()
    assert len(session.exec(select(Person)).all()) == 1
