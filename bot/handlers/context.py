"""Everything a command handler may use, gathered once per request."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlmodel import Session

from bot.app.services import Services
from bot.people.roles import Actor
from storage.models import Person


class Reader(TypedDict):
    """The arguments every domain query takes."""

    session: Session
    workspace_id: str


class Writer(Reader):
    """The arguments every domain change takes: who does it, and when."""

    actor: str | None
    now: datetime


@dataclass(frozen=True)
class HandlerContext:
    services: Services
    session: Session
    client: WebClient
    actor: Actor
    person: Person
    channel_id: str
    now: datetime

    @property
    def workspace_id(self) -> str:
        return self.actor.workspace_id

    @property
    def reader(self) -> Reader:
        return Reader(session=self.session, workspace_id=self.workspace_id)

    @property
    def writer(self) -> Writer:
        """``crud.assign_task(**context.writer, task=…, owner=…)``: as this person, now."""
        return Writer(
            session=self.session,
            workspace_id=self.workspace_id,
            actor=self.actor.slack_user_id,
            now=self.now,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.person.tz)

    @property
    def today(self) -> date:
        """Today in the actor's own time zone: "tomorrow" means their tomorrow."""
        return self.now.astimezone(self.zone).date()
