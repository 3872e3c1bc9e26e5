"""Long mrkdwn (help, usage) as a message of sections within Slack's limits."""

from slack_sdk.models.blocks import Block

from bot.views.message import MAX_MESSAGE_BLOCKS, Message, message, more_line, section
from bot.views.text import split_mrkdwn


def render_help(text: str, *, title: str = "Pillar help") -> Message:
    """``text`` is trusted mrkdwn; it is split into sections of at most 3000 characters."""
    chunks = split_mrkdwn(text) or ["No help text."]
    if len(chunks) > MAX_MESSAGE_BLOCKS:
        shown = chunks[: MAX_MESSAGE_BLOCKS - 1]
        blocks: list[Block] = [section(chunk) for chunk in shown]
        blocks.append(more_line(len(chunks) - len(shown), hint="the rest did not fit"))
    else:
        blocks = [section(chunk) for chunk in chunks]
    return message(text=title, blocks=blocks)
