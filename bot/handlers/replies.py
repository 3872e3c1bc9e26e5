"""What a handler asks the listener to do for the person who typed the command."""

from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View


@dataclass(frozen=True)
class Ephemeral:
    """A message only the person sees."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def block_dicts(self) -> list[dict[str, Any]] | None:
        return [block.to_dict() for block in self.blocks] or None


@dataclass(frozen=True)
class OpenModal:
    """Open a form; ``trigger_id`` comes from the request, so it is not part of the reply."""

    view: View


Reply = Ephemeral | OpenModal
