"""The bodies Slack sends to an app, built from plain values (no I/O).

Shapes follow what Slack sends to a Request URL: slash commands as form fields,
interactions as a JSON ``payload`` form field, events as an ``event_callback`` JSON.
"""

from dataclasses import dataclass
from typing import Any

from bot.standin.models import FakeUser
from bot.standin.state import Workspace

VERIFICATION_TOKEN = "standin-verification-token"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, and in which workspace."""

    user: FakeUser
    workspace: Workspace

    def user_object(self) -> dict[str, Any]:
        return {
            "id": self.user.id,
            "username": self.user.name,
            "name": self.user.name,
            "team_id": self.workspace.team_id,
        }

    def team_object(self) -> dict[str, Any]:
        return {"id": self.workspace.team_id, "domain": self.workspace.domain}


def slash_command_form(
    *,
    actor: Actor,
    command: str,
    text: str,
    channel_id: str,
    channel_name: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The form fields of a slash command request."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": actor.workspace.team_id,
        "team_domain": actor.workspace.domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": actor.user.id,
        "user_name": actor.user.name,
        "command": command,
        "text": text,
        "api_app_id": actor.workspace.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def message_actions_payload(
    *,
    actor: Actor,
    actions: list[dict[str, Any]],
    channel_id: str,
    message: dict[str, Any],
    is_ephemeral: bool,
    response_url: str,
    trigger_id: str,
) -> dict[str, Any]:
    """A block_actions payload for elements used on a message."""
    payload = _interaction(actor, kind="block_actions", trigger_id=trigger_id)
    payload.update(
        {
            "container": {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel_id,
                "is_ephemeral": is_ephemeral,
            },
            "channel": {"id": channel_id, "name": ""},
            "state": {"values": {}},
            "response_url": response_url,
            "actions": actions,
        }
    )
    if not is_ephemeral:  # Slack leaves the message out for ephemeral ones
        payload["message"] = message
    return payload


def view_actions_payload(
    *, actor: Actor, actions: list[dict[str, Any]], view: dict[str, Any], trigger_id: str
) -> dict[str, Any]:
    """A block_actions payload for elements used in a modal or App Home."""
    payload = _interaction(actor, kind="block_actions", trigger_id=trigger_id)
    payload.update(
        {
            "container": {"type": "view", "view_id": view["id"]},
            "view": view,
            "actions": actions,
        }
    )
    return payload


def view_submission_payload(
    *, actor: Actor, view: dict[str, Any], trigger_id: str
) -> dict[str, Any]:
    """A view_submission payload for a submitted modal (``view.state`` filled in)."""
    payload = _interaction(actor, kind="view_submission", trigger_id=trigger_id)
    payload.update({"view": view, "response_urls": []})
    return payload


def view_closed_payload(*, actor: Actor, view: dict[str, Any]) -> dict[str, Any]:
    """A view_closed payload (sent when the modal asked for ``notify_on_close``)."""
    payload = _interaction(actor, kind="view_closed", trigger_id=None)
    payload.update({"view": view, "is_cleared": False})
    return payload


def event_callback(
    *, workspace: Workspace, event: dict[str, Any], event_id: str, event_time: int
) -> dict[str, Any]:
    """The Events API envelope around ``event``."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": workspace.team_id,
        "api_app_id": workspace.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": workspace.team_id,
                "user_id": workspace.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event_id}",
    }


def app_home_opened_event(
    *, user_id: str, channel_id: str, tab: str, view: dict[str, Any] | None, event_ts: str
) -> dict[str, Any]:
    """The ``app_home_opened`` event (with the published view, if there is one)."""
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": channel_id,
        "tab": tab,
        "event_ts": event_ts,
    }
    if view is not None:
        event["view"] = view
    return event


def _interaction(actor: Actor, *, kind: str, trigger_id: str | None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": kind,
        "token": VERIFICATION_TOKEN,
        "api_app_id": actor.workspace.app_id,
        "team": actor.team_object(),
        "user": actor.user_object(),
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if trigger_id is not None:
        payload["trigger_id"] = trigger_id
    return payload
