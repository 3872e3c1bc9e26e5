"""response_urls: handed out with interactions, posted to by the app.

Like Slack, a post is an ephemeral reply to the person unless it says
``response_type: in_channel``; ``replace_original``/``delete_original`` act on the
message the interaction came from. A URL takes five posts within thirty minutes.
"""

import copy
from dataclasses import dataclass
from typing import Any

from bot.standin.blocks import check_message
from bot.standin.errors import SlackError
from bot.standin.methods.chat import post_bot_message
from bot.standin.models import ResponsePost, ResponseUrl
from bot.standin.state import SlackState

RESPONSE_PATH = "/response/"
MAX_USES = 5
LIFETIME_SECONDS = 30 * 60


@dataclass(frozen=True, slots=True)
class ResponseReply:
    status: int
    body: dict[str, Any]


def issue_response_url(
    state: SlackState,
    *,
    base_url: str,
    channel_id: str,
    user_id: str,
    team_id: str,
    message_ts: str | None = None,
) -> str:
    """A new response_url leading back to the stand-in."""
    with state.lock:
        url = f"{base_url}{RESPONSE_PATH}{state.new_id('R')}"
        state.response_urls[url] = ResponseUrl(
            url=url,
            channel_id=channel_id,
            user_id=user_id,
            team_id=team_id,
            message_ts=message_ts,
            issued_at=state.clock(),
        )
        return url


def post_to_response_url(state: SlackState, *, url: str, body: Any) -> ResponseReply:
    """Record a post to ``url`` and carry it out as Slack would."""
    with state.changed:
        target = state.response_urls.get(url)
        if target is None:
            return ResponseReply(404, {"ok": False, "error": "no_service"})
        if not isinstance(body, dict):
            return ResponseReply(400, {"ok": False, "error": "invalid_payload"})
        if target.uses >= MAX_USES or state.clock() - target.issued_at > LIFETIME_SECONDS:
            return ResponseReply(404, {"ok": False, "error": "used_url"})
        try:
            _carry_out(state, target=target, body=body)
        except SlackError as error:
            return ResponseReply(400, error.body())
        target.uses += 1
        state.response_posts.append(
            ResponsePost(
                response_url=url,
                channel_id=target.channel_id,
                user_id=target.user_id,
                body=copy.deepcopy(body),
                time=state.clock(),
            )
        )
        state.changed.notify_all()
        return ResponseReply(200, {"ok": True})


def _carry_out(state: SlackState, *, target: ResponseUrl, body: dict[str, Any]) -> None:
    content = _content(body)
    original = _original(state, target)
    if body.get("delete_original"):
        if original is not None:
            owner = state.messages.get(target.channel_id, [])
            (owner if original in owner else state.ephemerals).remove(original)
        return
    check_message(text=content.get("text"), blocks=content.get("blocks"))
    if body.get("replace_original") and original is not None:
        original.update(content)
    elif body.get("response_type") == "in_channel":
        workspace = state.workspaces[target.team_id]
        channel = state.channel(target.channel_id)
        post_bot_message(state, workspace=workspace, channel=channel, content=content)
    else:
        state.ephemerals.append(
            {"channel": target.channel_id, "user": target.user_id, "ts": state.new_ts(), **content}
        )


def _original(state: SlackState, target: ResponseUrl) -> dict[str, Any] | None:
    """The message the interaction came from: in the channel, or an ephemeral one."""
    if target.message_ts is None:
        return None
    candidates = state.messages.get(target.channel_id, []) + state.ephemerals
    return next(
        (
            m
            for m in candidates
            if m["ts"] == target.message_ts
            and m.get("channel", target.channel_id) == target.channel_id
        ),
        None,
    )


def _content(body: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = {"text": str(body.get("text") or "")}
    for key in ("blocks", "attachments", "thread_ts"):
        if body.get(key):
            content[key] = body[key]
    return content
