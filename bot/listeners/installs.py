"""Slack tells us when Pillar loses a workspace: uninstalled, or its tokens revoked.

The workspace's installation goes (with OAuth), and the messages still owed there are
marked dead with the reason, so that deliverers stop at once instead of failing on
every attempt; `pillar outbox retry --workspace` sends them after a new install.
"""

import logging
from typing import Any

from slack_bolt import BoltContext

from bot.app.handoff import Listen
from bot.app.services import Services
from storage import outbox
from storage.db import session_scope

log = logging.getLogger(__name__)
UNINSTALLED = "Pillar was uninstalled from this workspace"
REVOKED = "Pillar's bot token in this workspace was revoked"


def register(listen: Listen, *, services: Services) -> None:
    @listen.event("app_uninstalled")
    def _uninstalled(context: BoltContext) -> None:
        team_id = str(context.team_id or "")
        if listen.app.installation_store is not None:
            listen.app.installation_store.delete_all(
                enterprise_id=context.enterprise_id, team_id=team_id
            )
        _give_up(services, team_id=team_id, reason=UNINSTALLED)

    @listen.event("tokens_revoked")
    def _revoked(event: dict[str, Any], context: BoltContext) -> None:
        team_id = str(context.team_id or "")
        tokens = event.get("tokens") or {}
        store = listen.app.installation_store
        for user_id in tokens.get("oauth") or []:
            if store is not None:
                store.delete_installation(
                    enterprise_id=context.enterprise_id, team_id=team_id, user_id=user_id
                )
        if tokens.get("bot"):
            # The installations hold the same bot token: all of it is gone.
            if store is not None:
                store.delete_all(enterprise_id=context.enterprise_id, team_id=team_id)
            _give_up(services, team_id=team_id, reason=REVOKED)


def _give_up(services: Services, *, team_id: str, reason: str) -> None:
    with session_scope(services.engine) as session:
        dead = outbox.mark_workspace_dead(session=session, workspace_id=team_id, reason=reason)
    log.warning("workspace %s: %s; %d owed message(s) marked dead", team_id, reason, dead)
