"""Slack tells us when people change: names, time zones, and who has left."""

import logging
from typing import Any

from sqlmodel import Session

from bot.app.handoff import Listen
from bot.app.services import Services
from bot.people.profile import profile_from_user
from bot.people.sync import save_profile

log = logging.getLogger(__name__)


def register(listen: Listen, *, services: Services) -> None:
    @listen.event("user_change")
    def _changed(event: dict[str, Any], body: dict[str, Any]) -> None:
        user = event.get("user")
        if not isinstance(user, dict) or "id" not in user:
            return
        profile = profile_from_user(user, default_tz=services.settings.PILLAR_TIMEZONE)
        workspace_id = str(user.get("team_id") or body.get("team_id", ""))
        with Session(services.engine, expire_on_commit=False) as session:
            save_profile(
                session=session, services=services, workspace_id=workspace_id, profile=profile
            )
            session.commit()
