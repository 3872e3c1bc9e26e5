"""Who is asking: their person row and the facts their permissions turn on."""

import sqlalchemy as sa
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
    # One round trip for both: every request asks.
    teams = select(col(TeamManager.team_id), sa.literal(True)).where(
        TeamManager.person_id == person.id
    )
    reports = select(col(Person.id), sa.literal(False)).where(
        Person.workspace_id == person.workspace_id, col(Person.manager_id) == person.id
    )
    rows = session.execute(sa.union_all(teams, reports)).all()
    managed = frozenset(row_id for row_id, is_team in rows if is_team)
    report_ids = frozenset(row_id for row_id, is_team in rows if not is_team)
    return Actor(
        workspace_id=person.workspace_id,
        person_id=person.id,
        slack_user_id=person.slack_user_id,
        is_admin=(
            person.slack_user_id in services.settings.PILLAR_ADMINS
            or person.is_slack_admin
            or person.role == Role.ADMIN
        ),
        managed_team_ids=managed,
        report_ids=report_ids,
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
