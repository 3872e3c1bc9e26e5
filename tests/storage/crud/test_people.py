from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from storage.crud import (
    deactivate_person,
    find_person_by_email,
    find_person_by_slack_id,
    get_or_create_person,
    get_or_create_person_by_email,
    get_person,
    set_away,
    set_manager,
    set_role,
)
from storage.enums import Role
from storage.errors import DomainError, NotFound
from storage.models import AuditLog, Person
from tests.conftest import NOW, WORKSPACE


def person(session: Session, slack_user_id: str, **profile: object) -> Person:
    return get_or_create_person(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        slack_user_id=slack_user_id,
        now=NOW,
        **profile,  # type: ignore[arg-type]
    )


def audits(session: Session, action: str) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).where(AuditLog.action == action)).all())


def test_first_contact_creates_the_person(session: Session) -> None:
    created = person(
        session, "U1", name="Ada", tz="Europe/Paris", email="Ada@Example.com", is_slack_admin=True
    )
    session.commit()
    found = find_person_by_slack_id(session=session, workspace_id=WORKSPACE, slack_user_id="U1")
    assert found.id == created.id
    assert (found.name, found.tz, found.email, found.is_slack_admin) == (
        "Ada",
        "Europe/Paris",
        "ada@example.com",
        True,
    )
    assert audits(session, "person.create")[0].changes["email"] == [None, "ada@example.com"]


def test_later_contact_refreshes_only_what_changed(session: Session) -> None:
    first = person(session, "U1", name="Ada", tz="UTC")
    again = person(session, "U1", name="Ada Lovelace", tz="UTC")
    assert again.id == first.id
    assert again.name == "Ada Lovelace"
    assert audits(session, "person.refresh")[0].changes == {"name": ["Ada", "Ada Lovelace"]}
    person(session, "U1", name="Ada Lovelace")
    assert len(audits(session, "person.refresh")) == 1
    assert len(session.exec(select(Person)).all()) == 1


def test_a_person_imported_by_email_gets_their_slack_id(session: Session) -> None:
    imported = get_or_create_person_by_email(
        session=session, workspace_id=WORKSPACE, actor=None, email="grace@example.com", now=NOW
    )
    assert imported.slack_user_id is None
    linked = person(session, "U2", name="Grace", email="GRACE@example.com")
    assert linked.id == imported.id
    assert linked.slack_user_id == "U2"
    assert audits(session, "person.link")[0].changes["slack_user_id"] == [None, "U2"]


def test_an_email_held_by_another_slack_user_is_not_taken(session: Session) -> None:
    holder = person(session, "U1", email="shared@example.com")
    newcomer = person(session, "U2", email="shared@example.com")
    assert newcomer.id != holder.id
    assert newcomer.email is None
    refreshed = person(session, "U2", name="New", email="shared@example.com")
    assert (refreshed.email, refreshed.name) == (None, "New")
    assert holder.email == "shared@example.com"


def test_get_or_create_by_email_finds_the_same_person(session: Session) -> None:
    known = person(session, "U1", email="ada@example.com")
    again = get_or_create_person_by_email(
        session=session, workspace_id=WORKSPACE, actor=None, email=" ADA@example.com ", now=NOW
    )
    assert again.id == known.id
    assert find_person_by_email(session=session, workspace_id=WORKSPACE, email="Ada@Example.com")


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"email": "not-an-address"}, "email"),
        ({"name": "n" * 201}, "name"),
    ],
)
def test_bad_profiles_are_refused(session: Session, profile: dict[str, str], field: str) -> None:
    with pytest.raises(DomainError) as refused:
        person(session, "U1", **profile)
    assert refused.value.field == field
    assert session.exec(select(Person)).all() == []


@pytest.mark.parametrize("slack_user_id", ["", "U 1", "<@U1>", "U" * 33])
def test_a_bad_slack_id_is_refused(session: Session, slack_user_id: str) -> None:
    with pytest.raises(DomainError, match="is not a Slack user id"):
        person(session, slack_user_id)


def test_unknown_people_are_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="<@U9> is not known"):
        find_person_by_slack_id(session=session, workspace_id=WORKSPACE, slack_user_id="U9")
    with pytest.raises(NotFound, match="nobody with the e-mail"):
        find_person_by_email(session=session, workspace_id=WORKSPACE, email="x@example.com")
    with pytest.raises(NotFound):
        get_person(session=session, workspace_id=WORKSPACE, person_id=12345)


def test_people_are_per_workspace(session: Session) -> None:
    ours = person(session, "U1")
    theirs = get_or_create_person(
        session=session, workspace_id="T0OTHER", actor=None, slack_user_id="U1", now=NOW
    )
    assert ours.id != theirs.id
    with pytest.raises(NotFound):
        get_person(session=session, workspace_id="T0OTHER", person_id=ours.id or 0)


def test_set_and_clear_a_manager(session: Session) -> None:
    ada, grace = person(session, "U1"), person(session, "U2")
    set_manager(
        session=session, workspace_id=WORKSPACE, actor="U9", person=ada, manager=grace, now=NOW
    )
    assert ada.manager_id == grace.id
    assert audits(session, "person.set_manager")[0].changes == {"manager_id": [None, grace.id]}
    set_manager(
        session=session, workspace_id=WORKSPACE, actor="U9", person=ada, manager=None, now=NOW
    )
    assert ada.manager_id is None


def test_management_may_not_loop(session: Session) -> None:
    ada, grace, linus = person(session, "U1"), person(session, "U2"), person(session, "U3")
    set_manager(
        session=session, workspace_id=WORKSPACE, actor=None, person=ada, manager=grace, now=NOW
    )
    set_manager(
        session=session, workspace_id=WORKSPACE, actor=None, person=grace, manager=linus, now=NOW
    )
    with pytest.raises(DomainError, match="<@U1> reports \\(directly or not\\) to <@U3>") as loop:
        set_manager(
            session=session, workspace_id=WORKSPACE, actor=None, person=linus, manager=ada, now=NOW
        )
    assert loop.value.field == "manager"
    with pytest.raises(DomainError):
        set_manager(
            session=session, workspace_id=WORKSPACE, actor=None, person=ada, manager=ada, now=NOW
        )
    assert linus.manager_id is None


def test_a_manager_from_another_workspace_is_refused(session: Session) -> None:
    ada = person(session, "U1")
    outsider = get_or_create_person(
        session=session, workspace_id="T0OTHER", actor=None, slack_user_id="U2", now=NOW
    )
    with pytest.raises(NotFound) as refused:
        set_manager(
            session=session,
            workspace_id=WORKSPACE,
            actor=None,
            person=ada,
            manager=outsider,
            now=NOW,
        )
    assert refused.value.field == "manager"


def test_away_until_a_date_then_back(session: Session) -> None:
    ada = person(session, "U1", tz="Europe/Paris")
    set_away(
        session=session,
        workspace_id=WORKSPACE,
        actor="U1",
        person=ada,
        until=date(2026, 12, 24),
        now=NOW,
    )
    assert ada.away_until == date(2026, 12, 24)
    set_away(session=session, workspace_id=WORKSPACE, actor="U1", person=ada, until=None, now=NOW)
    assert ada.away_until is None
    assert [a.changes["away_until"][1] for a in audits(session, "person.set_away")] == [
        "2026-12-24",
        None,
    ]


def test_away_may_not_start_in_the_past_of_the_persons_own_day(session: Session) -> None:
    # NOW is 2026-11-23 09:00 UTC: still the 22nd in Pago Pago (UTC-11), the 23rd in Paris.
    yesterday = NOW.date() - timedelta(days=1)
    pago = person(session, "U1", tz="Pacific/Pago_Pago")
    set_away(
        session=session, workspace_id=WORKSPACE, actor="U1", person=pago, until=yesterday, now=NOW
    )
    paris = person(session, "U2", tz="Europe/Paris")
    with pytest.raises(DomainError, match="2026-11-22 is in the past; give today") as refused:
        set_away(
            session=session,
            workspace_id=WORKSPACE,
            actor="U2",
            person=paris,
            until=yesterday,
            now=NOW,
        )
    assert refused.value.field == "until"
    assert paris.away_until is None


def test_deactivate_and_set_role(session: Session) -> None:
    ada = person(session, "U1")
    deactivate_person(session=session, workspace_id=WORKSPACE, actor="U9", person=ada, now=NOW)
    set_role(
        session=session, workspace_id=WORKSPACE, actor="U9", person=ada, role=Role.ADMIN, now=NOW
    )
    session.commit()
    session.expire_all()
    stored = get_person(session=session, workspace_id=WORKSPACE, person_id=ada.id or 0)
    assert (stored.deactivated, stored.role) == (True, Role.ADMIN)
    with pytest.raises(DomainError, match="is not a role; use one of: admin, manager, member"):
        set_role(
            session=session, workspace_id=WORKSPACE, actor=None, person=ada, role="boss", now=NOW
        )


def test_a_bare_lookup_of_a_known_person_writes_nothing(session: Session) -> None:
    known = person(session, "U1", name="Ada")
    assert known.refreshed_at == NOW
    session.commit()
    again = get_or_create_person(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        slack_user_id="U1",
        now=NOW + timedelta(days=1),
    )
    assert again.id == known.id
    assert again.refreshed_at == NOW
    assert not session.dirty
    assert not session.new


def test_refreshed_at_says_when_slack_last_gave_a_profile(session: Session) -> None:
    bare = person(session, "U1")
    imported = get_or_create_person_by_email(
        session=session, workspace_id=WORKSPACE, actor=None, email="x@example.com", now=NOW
    )
    assert bare.refreshed_at is None
    assert imported.refreshed_at is None
    later = NOW + timedelta(days=2)
    refreshed = get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="U1", tz="UTC", now=later
    )
    assert refreshed.refreshed_at == later


def test_local_today_falls_back_to_utc() -> None:
    from storage.crud.people import local_today

    stored = Person(workspace_id=WORKSPACE, slack_user_id="U1", tz="Not/AZone", created_at=NOW)
    assert local_today(stored, NOW) == NOW.date()
    stored.tz = "Pacific/Pago_Pago"  # UTC-11
    assert local_today(stored, NOW) == NOW.date() - timedelta(days=1)
