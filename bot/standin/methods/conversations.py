"""conversations.open, conversations.info and conversations.history."""

import base64
import copy
from typing import Any

from bot.standin.errors import SlackError
from bot.standin.methods.context import Handler, MethodContext
from bot.standin.params import Params, flag_arg, int_arg, required_text, text_arg
from bot.standin.state import Message

MAX_HISTORY_LIMIT = 999


def conversations_open(ctx: MethodContext) -> dict[str, Any]:
    channel_id = text_arg(ctx.params, "channel")
    if channel_id is not None:
        channel = ctx.state.channel(channel_id)
    else:
        users = required_text(ctx.params, "users", error="user_not_found").split(",")
        if len(users) != 1:
            raise SlackError("not_supported")
        user = ctx.state.user(users[0].strip())
        if user.deleted:
            raise SlackError("user_disabled")
        channel = ctx.state.open_dm(user.id)
    full = flag_arg(ctx.params, "return_im")
    return {"channel": channel.to_slack() if full else {"id": channel.id}}


def conversations_info(ctx: MethodContext) -> dict[str, Any]:
    channel_id = required_text(ctx.params, "channel", error="channel_not_found")
    if channel_id in ctx.state.users:
        raise SlackError("channel_not_found")
    return {"channel": ctx.state.channel(channel_id).to_slack()}


def conversations_history(ctx: MethodContext) -> dict[str, Any]:
    channel = ctx.state.channel(required_text(ctx.params, "channel", error="channel_not_found"))
    if not channel.is_im and not channel.bot_is_member:
        raise SlackError("not_in_channel")
    with_metadata = flag_arg(ctx.params, "include_all_metadata")
    newest_first = [
        m
        for m in reversed(ctx.state.messages.get(channel.id, []))
        if _top_level(m) and _in_range(m, ctx.params)
    ]
    limit = min(max(int_arg(ctx.params, "limit", default=100), 1), MAX_HISTORY_LIMIT)
    start = _offset_from_cursor(text_arg(ctx.params, "cursor"))
    page = newest_first[start : start + limit]
    has_more = start + limit < len(newest_first)
    return {
        "messages": [_as_listed(m, with_metadata=with_metadata) for m in page],
        "has_more": has_more,
        "pin_count": 0,
        "channel_actions_ts": None,
        "channel_actions_count": 0,
        "response_metadata": {"next_cursor": _cursor(start + limit) if has_more else ""},
    }


def _top_level(message: Message) -> bool:
    thread_ts = message.get("thread_ts")
    return thread_ts is None or thread_ts == message["ts"]


def _in_range(message: Message, params: Params) -> bool:
    ts = float(message["ts"])
    inclusive = flag_arg(params, "inclusive")
    oldest = text_arg(params, "oldest")
    latest = text_arg(params, "latest")
    if oldest is not None and (ts < float(oldest) or (ts == float(oldest) and not inclusive)):
        return False
    return latest is None or ts < float(latest) or (ts == float(latest) and inclusive)


def _as_listed(message: Message, *, with_metadata: bool) -> Message:
    listed = copy.deepcopy(message)
    if not with_metadata:
        listed.pop("metadata", None)
    return listed


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset_from_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        kind, _, number = base64.b64decode(cursor).decode().partition(":")
        if kind == "offset":
            return max(int(number), 0)
    except ValueError:
        pass
    raise SlackError("invalid_cursor")


HANDLERS: dict[str, Handler] = {
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.history": conversations_history,
}
