import pytest
from sqlmodel import Session, select

from storage.crud import (
    add_team_manager,
    create_team,
    deactivate_person,
    find_team_by_channel,
    find_team_by_name,
    get_or_create_person,
    list_teams,
    team_managers,
)
from storage.enums import Role
from storage.errors import Conflict, DomainError, NotFound
from storage.models import AuditLog, Person, Team
from tests.conftest import NOW, WORKSPACE


def team(session: Session, name: str, channel_id: str | None = None, **options: object) -> Team:
    return create_team(
        session=session,
        workspace_id=WORKSPACE,
        actor="UADMIN",
        name=name,
        channel_id=channel_id,
        now=NOW,
        **options,  # type: ignore[arg-type]
    )


def test_create_with_managers(session: Session, alice: Person, bob: Person) -> None:
    sales = team(session, "Sales", "CSALES", managers=[bob, alice])
    session.commit()
    assert [p.name for p in team_managers(session=session, workspace_id=WORKSPACE, team=sales)] == [
        "Alice",
        "Bob",
    ]
    assert alice.role == Role.MANAGER
    actions = [
        row.action for row in session.exec(select(AuditLog).where(AuditLog.entity == "team"))
    ]
    assert actions == ["team.create", "team.add_manager", "team.add_manager"]


def test_names_are_unique_whatever_the_case(session: Session) -> None:
    team(session, "Sales")
    with pytest.raises(Conflict, match="a team named Sales already exists") as refused:
        team(session, "SALES")
    assert refused.value.field == "name"


def test_a_channel_serves_one_team(session: Session) -> None:
    team(session, "Sales", "CSALES")
    with pytest.raises(
        Conflict, match="<#CSALES> is already the channel of another team"
    ) as refused:
        team(session, "Marketing", "CSALES")
    assert refused.value.field == "channel"
    session.commit()
    assert [t.name for t in list_teams(session=session, workspace_id=WORKSPACE)] == ["Sales"]


def test_bad_input_is_refused(session: Session, alice: Person) -> None:
    with pytest.raises(DomainError) as empty:
        team(session, "  ")
    assert empty.value.field == "name"
    with pytest.raises(DomainError) as channel:
        team(session, "Ops", "#ops channel")
    assert channel.value.field == "channel"
    deactivate_person(session=session, workspace_id=WORKSPACE, actor=None, person=alice, now=NOW)
    with pytest.raises(DomainError, match="has left") as gone:
        team(session, "Ops", managers=[alice])
    assert gone.value.field == "manager"
    assert list_teams(session=session, workspace_id=WORKSPACE) == []


def test_find_by_channel_or_name(session: Session) -> None:
    sales = team(session, "Sales", "CSALES")
    assert (
        find_team_by_channel(session=session, workspace_id=WORKSPACE, channel_id="CSALES") == sales
    )
    assert find_team_by_name(session=session, workspace_id=WORKSPACE, name=" sales ") == sales
    with pytest.raises(NotFound, match="no team uses <#CNONE>"):
        find_team_by_channel(session=session, workspace_id=WORKSPACE, channel_id="CNONE")
    with pytest.raises(NotFound, match="see /pillar team list"):
        find_team_by_name(session=session, workspace_id="T0OTHER", name="Sales")


def test_add_a_manager_once(session: Session, alice: Person) -> None:
    sales = team(session, "Sales")
    for _ in range(2):
        add_team_manager(
            session=session,
            workspace_id=WORKSPACE,
            actor="UADMIN",
            team=sales,
            person=alice,
            now=NOW,
        )
    assert team_managers(session=session, workspace_id=WORKSPACE, team=sales) == [alice]
    rows = session.exec(select(AuditLog).where(AuditLog.action == "team.add_manager")).all()
    assert len(rows) == 1
    assert rows[0].changes == {"manager": [None, "UALICE"], "role": ["member", "manager"]}


def test_an_admin_stays_admin_when_made_manager(session: Session, alice: Person) -> None:
    alice.role = Role.ADMIN
    team(session, "Sales", managers=[alice])
    assert alice.role == Role.ADMIN


def test_a_manager_from_another_workspace_is_refused(session: Session) -> None:
    sales = team(session, "Sales")
    outsider = get_or_create_person(
        session=session, workspace_id="T0OTHER", actor=None, slack_user_id="UX", now=NOW
    )
    with pytest.raises(NotFound):
        add_team_manager(
            session=session,
            workspace_id=WORKSPACE,
            actor=None,
            team=sales,
            person=outsider,
            now=NOW,
        )


def test_a_manager_named_twice_is_added_once(session: Session, alice: Person) -> None:
    sales = team(session, "Sales", managers=[alice, alice])
    assert team_managers(session=session, workspace_id=WORKSPACE, team=sales) == [alice]
