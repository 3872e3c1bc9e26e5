"""App Home: published when the person opens it."""

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.app.handoff import Listen
from bot.app.services import Services
from bot.handlers.dispatch import run_as
from bot.handlers.home import home_view

log = logging.getLogger(__name__)


def register(listen: Listen, *, services: Services) -> None:
    @listen.event("app_home_opened")
    def _opened(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = str(event.get("user", ""))
        view = run_as(
            services=services,
            client=client,
            workspace_id=str(body.get("team_id", "")),
            user_id=user_id,
            channel_id=str(event.get("channel", "")),
            work=home_view,
        )
        if not isinstance(view, View):
            log.warning("App Home for %s could not be built", user_id)
            return
        try:
            client.views_publish(user_id=user_id, view=view)
        except SlackApiError as error:
            log.warning("views.publish failed: %s", error.response.get("error"))
