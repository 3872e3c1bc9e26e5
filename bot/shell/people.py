"""People in the shell are stand-in Slack users, kept in step with the database.

The stand-in forgets everything when the shell stops; on start the people, team channels
and review channels already in the database are registered with it again, under the
same ids, so a saved shell database picks up where it left off.
"""

import re
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.standin import FakeUser, SlackStandIn
from storage.models import Person, ReviewDate, Team, TeamManager

_NOT_ID = re.compile(r"[^A-Z0-9]")
_NOT_HANDLE = re.compile(r"[^a-z0-9._-]")
LONGEST_ID = 20


@dataclass(frozen=True, slots=True)
class Standing:
    """What the database says of a person: role, teams they manage, their manager."""

    role: str
    manages: tuple[str, ...] = ()
    manager_id: str | None = None


def user_id_for(handle: str, *, taken: set[str]) -> str:
    """A Slack-looking user id for a handle (``lena`` → ``ULENA``), unique among ``taken``."""
    base = "U" + (_NOT_ID.sub("", handle.upper())[: LONGEST_ID - 1] or "SOMEONE")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}{number}", number + 1
    return candidate


def channel_id_for(name: str) -> str:
    """The channel id the shell gives a channel name (``growth`` → ``C0GROWTH``)."""
    return "C0" + (_NOT_ID.sub("", name.upper())[:LONGEST_ID] or "CHANNEL")


def channel_name_for(channel_id: str) -> str:
    """The name back from such an id (``C0GROWTH`` → ``growth``); other ids, lowercased."""
    return channel_id.removeprefix("C0").lower()


def slug(name: str) -> str:
    """A channel-style name: ``People Ops`` → ``people-ops``."""
    words = (_NOT_HANDLE.sub("", word) for word in name.lower().split())
    return "-".join(word for word in words if word).strip("-")


def handle_for(name: str, *, fallback: str) -> str:
    """The handle for someone named ``name``: their first name, lowercased."""
    words = name.split()
    handle = _NOT_HANDLE.sub("", words[0].lower()) if words else ""
    return handle or fallback.lower()


def find_user(slack: SlackStandIn, handle: str) -> FakeUser | None:
    wanted = handle.removeprefix("@").lower()
    with slack.state.lock:
        people = [u for u in slack.state.users.values() if not u.is_bot]
    return next((u for u in people if u.name.lower() == wanted or u.id.lower() == wanted), None)


def people(slack: SlackStandIn) -> list[FakeUser]:
    """Every person in the stand-in (not bots), by handle."""
    with slack.state.lock:
        found = [u for u in slack.state.users.values() if not u.is_bot]
    return sorted(found, key=lambda user: user.name)


def add_person(slack: SlackStandIn, *, handle: str, tz: str, real_name: str = "") -> FakeUser:
    with slack.state.lock:
        taken = set(slack.state.users)
    return slack.add_user(
        id=user_id_for(handle, taken=taken), name=handle, real_name=real_name or handle, tz=tz
    )


def load_people(slack: SlackStandIn, *, engine: Engine, workspace_id: str) -> int:
    """Register the database's people and channels with the stand-in; how many people."""
    with Session(engine) as session:
        persons = session.exec(
            select(Person).where(
                Person.workspace_id == workspace_id, col(Person.slack_user_id).is_not(None)
            )
        ).all()
        teams = session.exec(select(Team).where(Team.workspace_id == workspace_id)).all()
        reviews = session.exec(
            select(ReviewDate.channel_id).where(ReviewDate.workspace_id == workspace_id)
        ).all()
    handles: set[str] = {u.name for u in people(slack)}
    for person in persons:
        assert person.slack_user_id is not None
        handle = handle_for(person.name, fallback=person.slack_user_id)
        while handle in handles:
            handle += "_"
        handles.add(handle)
        slack.add_user(
            id=person.slack_user_id,
            name=handle,
            real_name=person.name or handle,
            tz=person.tz,
            deleted=person.deactivated,
        )
    for team in teams:
        if team.channel_id:
            slack.add_channel(id=team.channel_id, name=slug(team.name) or team.channel_id.lower())
    for channel_id in reviews:
        if channel_id and slack.state.resolve_quietly(channel_id) is None:
            slack.add_channel(id=channel_id, name=channel_name_for(channel_id))
    return len(persons)


def standings(engine: Engine, *, workspace_id: str) -> dict[str, Standing]:
    """Role, managed teams and manager of everyone known to the database, by Slack id."""
    with Session(engine) as session:
        persons = session.exec(select(Person).where(Person.workspace_id == workspace_id)).all()
        managed = session.exec(
            select(TeamManager.person_id, Team.name)
            .join(Team, col(Team.id) == TeamManager.team_id)
            .where(TeamManager.workspace_id == workspace_id)
        ).all()
    by_row = {p.id: p for p in persons}
    teams: dict[int, list[str]] = {}
    for person_id, team_name in managed:
        teams.setdefault(person_id, []).append(team_name)
    result = {}
    for person in persons:
        if person.slack_user_id is None or person.id is None:
            continue
        manager = by_row.get(person.manager_id) if person.manager_id is not None else None
        result[person.slack_user_id] = Standing(
            role=str(person.role),
            manages=tuple(sorted(teams.get(person.id, []))),
            manager_id=manager.slack_user_id if manager is not None else None,
        )
    return result
