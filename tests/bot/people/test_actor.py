"""The facts a person's permissions turn on, read from the database once per request."""

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.app.services import Services
from bot.people.actor import actor_for
from bot.settings import Settings
from schedules.clock import ManualClock
from storage import crud
from storage.models import Person
from tests.conftest import NOW, WORKSPACE


def _services(engine: Engine, *, admins: frozenset[str] = frozenset()) -> Services:
    settings = Settings(DATABASE_URL="sqlite://", PILLAR_ADMINS=admins)
    return Services(settings=settings, engine=engine, clock=ManualClock(NOW))


def _person(session: Session, slack_user_id: str) -> Person:
    return crud.get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id=slack_user_id, now=NOW
    )


def _reports_to(session: Session, person: Person, manager: Person) -> None:
    crud.set_manager(
        session=session,
        workspace_id=person.workspace_id,
        actor=None,
        person=person,
        manager=manager,
        now=NOW,
    )


def test_a_manager_knows_their_teams_and_reports(engine: Engine, session: Session) -> None:
    boss = _person(session, "UBOSS")
    first, second = _person(session, "U1"), _person(session, "U2")
    _reports_to(session, first, boss)
    _reports_to(session, second, boss)
    crud.create_team(session=session, workspace_id=WORKSPACE, actor=None, name="Sales", now=NOW)
    sales = crud.create_team(
        session=session, workspace_id=WORKSPACE, actor=None, name="Ops", now=NOW, managers=[boss]
    )
    session.commit()

    actor = actor_for(session=session, services=_services(engine), person=boss)

    assert actor.managed_team_ids == {sales.id}
    assert actor.report_ids == {first.id, second.id}
    assert actor.is_manager
    assert not actor.is_admin


def test_a_member_manages_nothing(engine: Engine, session: Session) -> None:
    boss, member = _person(session, "UBOSS"), _person(session, "U1")
    _reports_to(session, member, boss)
    session.commit()

    actor = actor_for(session=session, services=_services(engine), person=member)

    assert (actor.managed_team_ids, actor.report_ids) == (frozenset(), frozenset())
    assert not actor.is_manager


def test_admins_come_from_settings(engine: Engine, session: Session) -> None:
    person = _person(session, "UADMIN")
    session.commit()

    actor = actor_for(
        session=session, services=_services(engine, admins=frozenset({"UADMIN"})), person=person
    )

    assert actor.is_admin
    assert actor.is_manager
