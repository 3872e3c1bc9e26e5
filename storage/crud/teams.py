"""Teams: a name, a digest channel and one or more managers.

Every function flushes and never commits: the caller's transaction decides.
"""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.crud._checks import in_workspace, person_label, saved_id, slack_id, text, utc
from storage.crud._tx import atomic
from storage.crud.audit import Changes, audit_row, created
from storage.enums import Role
from storage.errors import Conflict, DomainError, NotFound
from storage.models import Person, Team, TeamManager


def create_team(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    name: str,
    now: datetime,
    channel_id: str | None = None,
    managers: Sequence[Person] = (),
) -> Team:
    """A new team; its managers are added too (and become managers if they were members)."""
    team_name = text(name, field="name", label="team name", max_length=200)
    channel = slack_id(channel_id, field="channel", label="channel") if channel_id else None
    by_id = {_check_manager(manager, workspace_id): manager for manager in managers}
    _refuse_same_name(session, workspace_id, team_name)
    team = Team(workspace_id=workspace_id, name=team_name, channel_id=channel, created_at=utc(now))
    conflicts = {
        "uq_team_workspace_id_name": Conflict(
            f"a team named {team_name} already exists; pick another name", field="name"
        ),
        "uq_team_workspace_id_channel_id": Conflict(
            f"<#{channel}> is already the channel of another team; pick another channel",
            field="channel",
        ),
    }
    with atomic(session, conflicts):
        session.add(team)
        session.flush()
        audit_row(
            session,
            row=team,
            entity="team",
            actor=actor,
            action="team.create",
            changes=created(team, ("name", "channel_id")),
            now=now,
        )
        for manager in by_id.values():
            _add_manager(session, team, manager, actor, now)
    return team


def _refuse_same_name(session: Session, workspace_id: str, name: str) -> None:
    """Team names are unique regardless of case, so `Sales` and `sales` are one team."""
    query = select(Team).where(
        Team.workspace_id == workspace_id, func.lower(Team.name) == name.lower()
    )
    existing = session.exec(query).first()
    if existing is not None:
        raise Conflict(
            f"a team named {existing.name} already exists; pick another name", field="name"
        )


def _check_manager(manager: Person, workspace_id: str) -> int:
    manager_id = in_workspace(manager, workspace_id=workspace_id, field="manager", label="manager")
    if manager.deactivated:
        raise DomainError(
            f"{person_label(manager)} has left the workspace; choose an active manager",
            field="manager",
        )
    return manager_id


def list_teams(*, session: Session, workspace_id: str) -> list[Team]:
    """Every team of the workspace, by name."""
    query = select(Team).where(Team.workspace_id == workspace_id).order_by(col(Team.name))
    return list(session.exec(query).all())


def find_team_by_channel(*, session: Session, workspace_id: str, channel_id: str) -> Team:
    """The team whose digest channel this is, or :class:`NotFound`."""
    query = select(Team).where(Team.workspace_id == workspace_id, Team.channel_id == channel_id)
    team = session.exec(query).first()
    if team is None:
        raise NotFound(
            f'no team uses <#{channel_id}>; add one with /pillar team add #channel "name"',
            field="team",
        )
    return team


def find_team_by_name(*, session: Session, workspace_id: str, name: str) -> Team:
    """The team with this name (any case), or :class:`NotFound`."""
    query = select(Team).where(
        Team.workspace_id == workspace_id, func.lower(Team.name) == name.strip().lower()
    )
    team = session.exec(query).first()
    if team is None:
        raise NotFound(f"no team is named {name}; see /pillar team list", field="team")
    return team


def team_managers(*, session: Session, workspace_id: str, team: Team) -> list[Person]:
    """The team's managers, by name."""
    query = (
        select(Person)
        .join(TeamManager, col(TeamManager.person_id) == Person.id)
        .where(TeamManager.team_id == team.id, TeamManager.workspace_id == workspace_id)
        .order_by(col(Person.name), col(Person.id))
    )
    return list(session.exec(query).all())


def add_team_manager(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    team: Team,
    person: Person,
    now: datetime,
) -> Team:
    """Make ``person`` a manager of ``team`` (nothing happens if they already are)."""
    team_id = in_workspace(team, workspace_id=workspace_id, field="team", label="team")
    person_id = _check_manager(person, workspace_id)
    if session.get(TeamManager, (team_id, person_id)) is not None:
        return team
    with atomic(session):
        _add_manager(session, team, person, actor, now)
    return team


def _add_manager(
    session: Session, team: Team, person: Person, actor: str | None, now: datetime
) -> None:
    link = TeamManager(
        team_id=saved_id(team), person_id=saved_id(person), workspace_id=team.workspace_id
    )
    session.add(link)
    changes: Changes = {"manager": [None, person.slack_user_id or person.id]}
    if person.role == Role.MEMBER:
        person.role = Role.MANAGER
        changes["role"] = [Role.MEMBER.value, Role.MANAGER.value]
    audit_row(
        session,
        row=team,
        entity="team",
        actor=actor,
        action="team.add_manager",
        changes=changes,
        now=now,
    )
