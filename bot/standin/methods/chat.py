"""chat.postMessage, chat.postEphemeral, chat.update and chat.delete."""

from typing import Any

from bot.standin.blocks import check_message
from bot.standin.errors import SlackError
from bot.standin.forms import with_block_ids
from bot.standin.methods.context import Handler, MethodContext
from bot.standin.models import FakeChannel
from bot.standin.params import Params, json_arg, required_text, text_arg
from bot.standin.state import Message, SlackState, Workspace


def chat_post_message(ctx: MethodContext) -> dict[str, Any]:
    channel = _postable_channel(ctx)
    content = message_content(ctx.params)
    thread_ts = text_arg(ctx.params, "thread_ts")
    if thread_ts is not None:
        content["thread_ts"] = thread_ts
    message = post_bot_message(ctx.state, workspace=ctx.workspace, channel=channel, content=content)
    return {"channel": channel.id, "ts": message["ts"], "message": dict(message)}


def chat_post_ephemeral(ctx: MethodContext) -> dict[str, Any]:
    channel = _postable_channel(ctx)
    user = ctx.state.user(required_text(ctx.params, "user", error="user_not_found"))
    content = message_content(ctx.params)
    ts = ctx.state.new_ts()
    ctx.state.ephemerals.append({"channel": channel.id, "user": user.id, "ts": ts, **content})
    return {"message_ts": ts}


def chat_update(ctx: MethodContext) -> dict[str, Any]:
    channel = ctx.state.channel(required_text(ctx.params, "channel", error="channel_not_found"))
    message = ctx.state.find_message(
        channel.id, required_text(ctx.params, "ts", error="message_not_found")
    )
    if message.get("bot_id") != ctx.workspace.bot_id:
        raise SlackError("cant_update_message")
    content = message_content(ctx.params)
    message.update(content)
    message["edited"] = {"user": ctx.workspace.bot_user_id, "ts": ctx.state.new_ts()}
    return {
        "channel": channel.id,
        "ts": message["ts"],
        "text": message.get("text", ""),
        "message": dict(message),
    }


def chat_delete(ctx: MethodContext) -> dict[str, Any]:
    channel = ctx.state.channel(required_text(ctx.params, "channel", error="channel_not_found"))
    message = ctx.state.find_message(
        channel.id, required_text(ctx.params, "ts", error="message_not_found")
    )
    if message.get("bot_id") != ctx.workspace.bot_id:
        raise SlackError("cant_delete_message")
    ctx.state.messages[channel.id].remove(message)
    return {"channel": channel.id, "ts": message["ts"]}


def message_content(params: Params) -> Message:
    """The text, blocks, attachments and metadata of a message, checked like Slack does."""
    text = text_arg(params, "text")
    blocks = json_arg(params, "blocks", error="invalid_blocks_format")
    attachments = json_arg(params, "attachments", error="invalid_attachments")
    if text is None and not blocks and not attachments:
        raise SlackError("no_text")
    check_message(text=text, blocks=blocks)
    content: Message = {"text": text or ""}
    if blocks:
        content["blocks"] = with_block_ids(blocks)
    if attachments:
        content["attachments"] = attachments
    metadata = json_arg(params, "metadata", error="invalid_metadata_format")
    if metadata is not None:
        content["metadata"] = _checked_metadata(metadata)
    return content


def post_bot_message(
    state: SlackState, *, workspace: Workspace, channel: FakeChannel, content: Message
) -> Message:
    """Store a message from the bot in ``channel`` and return it."""
    message: Message = {
        "type": "message",
        "user": workspace.bot_user_id,
        "bot_id": workspace.bot_id,
        "app_id": workspace.app_id,
        "team": workspace.team_id,
        "ts": state.new_ts(),
        **content,
    }
    state.messages.setdefault(channel.id, []).append(message)
    return message


def _postable_channel(ctx: MethodContext) -> FakeChannel:
    channel = ctx.state.channel(required_text(ctx.params, "channel", error="channel_not_found"))
    if channel.is_archived:
        raise SlackError("is_archived")
    if channel.user is not None and ctx.state.user(channel.user).deleted:
        raise SlackError("user_disabled")
    if not channel.is_im and not channel.bot_is_member:
        raise SlackError("not_in_channel")
    return channel


def _checked_metadata(metadata: Any) -> dict[str, Any]:
    if (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get("event_type"), str)
        or not isinstance(metadata.get("event_payload", {}), dict)
    ):
        raise SlackError("invalid_metadata_format")
    return {
        "event_type": metadata["event_type"],
        "event_payload": metadata.get("event_payload", {}),
    }


HANDLERS: dict[str, Handler] = {
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
}
