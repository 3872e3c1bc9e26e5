"""Who is asking: their person row and the facts their permissions turn on."""

import sqlalchemy as sa
from slack_sdk import WebClient
from sqlmodel import Session, col, select

from bot.app.services import Services
from bot.people.roles import Actor
from bot.people.sync import ensure_person
from storage.enums import Role
from storage.models import Person, TeamManager

# The teams a person manages and the people who report to them, in one round trip and
# built once: every request asks.
_MANAGED: sa.CompoundSelect[tuple[int, bool]] = sa.union_all(
    select(col(TeamManager.team_id), sa.literal(True)).where(
        TeamManager.person_id == sa.bindparam("person_id")
    ),
    select(col(Person.id), sa.literal(False)).where(
        Person.workspace_id == sa.bindparam("workspace_id"),
        col(Person.manager_id) == sa.bindparam("person_id"),
    ),
)


def actor_for(*, session: Session, services: Services, person: Person) -> Actor:
    assert person.id is not None
    assert person.slack_user_id is not None
    params = {"person_id": person.id, "workspace_id": person.workspace_id}
    rows = session.execute(_MANAGED, params).all()
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
