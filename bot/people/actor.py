"""Who is asking: their person row and the facts their permissions turn on."""

from slack_sdk import WebClient
from sqlmodel import Session, col, select

from bot.app.services import Services
from bot.people.roles import Actor
from bot.people.sync import ensure_person
from storage.enums import Role
from storage.models import Person, TeamManager


def actor_for(*, session: Session, services: Services, person: Person) -> Actor:
    assert person.id is not None
    assert person.slack_user_id is not None
    teams = session.exec(
        select(TeamManager.team_id).where(TeamManager.person_id == person.id)
    ).all()
    reports = session.exec(
        select(Person.id).where(
            Person.workspace_id == person.workspace_id, col(Person.manager_id) == person.id
        )
    ).all()
    return Actor(
        workspace_id=person.workspace_id,
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        is_admin=(
            person.slack_user_id in services.settings.PILLAR_ADMINS
            or person.is_slack_admin
            or person.role == Role.ADMIN
        ),
        managed_team_ids=frozenset(teams),
        report_ids=frozenset(i for i in reports if i is not None),
    )


def resolve_actor(
    *, session: Session, client: WebClient, services: Services, workspace_id: str, user_id: str
) -> tuple[Actor, Person]:
    person = ensure_person(
        session=session,
        client=client,
        services=services,
        workspace_id=workspace_id,
        user_id=user_id,
    )
    return actor_for(session=session, services=services, person=person), person
