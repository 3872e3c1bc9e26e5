"""The Web API calls delivery makes: post a row, and find a row posted before a crash.

Every post carries message metadata naming its dedupe key, so a deliverer that is not
sure whether an earlier attempt got through can look in the conversation's history
instead of posting twice.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from storage.models import Outbox

EVENT_TYPE = "pillar_outbox"
DEFAULT_TIMEOUT_SECONDS = 10

# Posting, opening DMs, and reading back history (public, private and DM conversations).
REQUIRED_SCOPES = frozenset(
    {"chat:write", "im:write", "channels:history", "groups:history", "im:history"}
)


@dataclass(frozen=True, slots=True)
class Posted:
    """A message in Slack: its ``ts`` and the conversation it is in (D… for a DM)."""

    ts: str
    channel: str


def delivery_client(
    *, token: str | None, base_url: str, timeout: int = DEFAULT_TIMEOUT_SECONDS
) -> WebClient:
    """A client with no retry handlers of its own: a hidden retry would swallow the
    ``Retry-After`` of a 429 or post a message twice after a dropped connection; the
    deliverer decides what to do instead."""
    return WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=[])


def check_delivery_client(client: WebClient) -> None:
    """Refuse a client that retries on its own (see :func:`delivery_client`)."""
    if client.retry_handlers:
        names = ", ".join(type(handler).__name__ for handler in client.retry_handlers)
        raise ValueError(
            f"the delivery client must not retry on its own (it has {names}): "
            "build it with bot.delivery.delivery_client()"
        )


def is_user_id(target: str) -> bool:
    """True for a user id (a post to it lands in the bot's DM with that user)."""
    return target.startswith(("U", "W"))


def message_metadata(row: Outbox) -> dict[str, Any]:
    extra = row.payload.get("metadata")
    payload: dict[str, Any] = dict(extra) if isinstance(extra, Mapping) else {}
    payload["dedupe_key"] = row.dedupe_key
    return {"event_type": EVENT_TYPE, "event_payload": payload}


def post_row(client: WebClient, row: Outbox) -> Posted:
    """``chat.postMessage`` with the row's text, blocks and metadata."""
    blocks = row.payload.get("blocks")
    response = client.chat_postMessage(
        channel=row.channel,
        text=str(row.payload.get("text") or ""),
        blocks=blocks if blocks else None,
        metadata=message_metadata(row),
    )
    return Posted(ts=str(response["ts"]), channel=str(response.get("channel") or row.channel))


def open_dm(client: WebClient, user_id: str) -> str:
    """The id of the bot's DM with ``user_id`` (history needs it, not the user id)."""
    response = client.conversations_open(users=user_id)
    channel = response.get("channel")
    if not isinstance(channel, dict) or not channel.get("id"):
        raise ValueError(f"conversations.open gave no channel id for {user_id}")
    return str(channel["id"])


def find_earlier_post(
    client: WebClient,
    *,
    conversation: str,
    dedupe_key: str,
    oldest: datetime,
    page_size: int,
    max_pages: int,
) -> Posted | None:
    """A message in ``conversation`` since ``oldest`` whose metadata carries ``dedupe_key``."""
    cursor: str | None = None
    for _ in range(max_pages):
        response = client.conversations_history(
            channel=conversation,
            oldest=f"{oldest.timestamp():.6f}",
            limit=page_size,
            include_all_metadata=True,
            cursor=cursor,
        )
        for message in response.get("messages") or []:
            if _carries(message, dedupe_key):
                return Posted(ts=str(message["ts"]), channel=conversation)
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not response.get("has_more") or cursor is None:
            return None
    return None


def _carries(message: Any, dedupe_key: str) -> bool:
    if not isinstance(message, dict):
        return False
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != EVENT_TYPE:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("dedupe_key") == dedupe_key
