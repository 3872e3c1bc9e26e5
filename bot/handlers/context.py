"""Everything a command handler may use, gathered once per request."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlmodel import Session

from bot.app.services import Services
from bot.people.roles import Actor
from storage.models import Person


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
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.person.tz)

    @property
    def today(self) -> date:
        """Today in the actor's own time zone: "tomorrow" means their tomorrow."""
        return self.now.astimezone(self.zone).date()
