"""A message (blocks plus fallback text) and the block builders every renderer shares."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.blocks.block_elements import BlockElement
from slack_sdk.models.views import View

from bot.views.text import (
    CONTEXT_TEXT_LIMIT,
    FALLBACK_TEXT_LIMIT,
    HEADER_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    ellipsize,
    plain,
)

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100


@dataclass(frozen=True, slots=True)
class Message:
    """Blocks for chat.postMessage / chat.postEphemeral, and the notification text."""

    text: str
    blocks: list[Block]

    def to_dict(self) -> dict[str, Any]:
        """The ``text`` and ``blocks`` arguments as JSON; validates every block on the way."""
        if len(self.blocks) > MAX_MESSAGE_BLOCKS:
            raise ValueError(
                f"a message holds at most {MAX_MESSAGE_BLOCKS} blocks, got {len(self.blocks)}"
            )
        return {"text": self.text, "blocks": blocks_to_dicts(self.blocks)}


def blocks_to_dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """JSON for a list of blocks; slack_sdk checks Slack's limits as it converts."""
    return [block.to_dict() for block in blocks]


def view_to_dict(view: View) -> dict[str, Any]:
    """JSON for views.open / views.publish; slack_sdk checks Slack's limits as it converts."""
    return view.to_dict()


def message(*, text: str, blocks: Sequence[Block]) -> Message:
    """A message whose fallback text fits in a notification."""
    return Message(text=ellipsize(text, FALLBACK_TEXT_LIMIT), blocks=list(blocks))


def section(
    text: str, *, block_id: str | None = None, accessory: BlockElement | None = None
) -> SectionBlock:
    """A mrkdwn section; ``text`` must already be escaped, it is only shortened here."""
    return SectionBlock(
        text=MarkdownTextObject(text=ellipsize(text, SECTION_TEXT_LIMIT)),
        block_id=block_id,
        accessory=accessory,
    )


def context(text: str, *, block_id: str | None = None) -> ContextBlock:
    """A line of small grey mrkdwn; ``text`` must already be escaped."""
    return ContextBlock(
        elements=[MarkdownTextObject(text=ellipsize(text, CONTEXT_TEXT_LIMIT))],
        block_id=block_id,
    )


def header(text: str) -> HeaderBlock:
    """A header from any text (plain text: no escaping needed)."""
    return HeaderBlock(text=PlainTextObject(text=plain(text, HEADER_TEXT_LIMIT), emoji=True))


def more_line(hidden: int, *, hint: str) -> ContextBlock:
    """``…and 12 more — hint``: the last line of a list that had to be cut."""
    return context(f"…and {hidden} more — {hint}")
