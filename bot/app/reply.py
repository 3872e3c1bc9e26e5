"""Answer a slash command in its acknowledgement while that can still be sent.

The answer normally travels in the acknowledgement itself (one round trip). When the
acknowledgement has already gone (empty, at the deadline: see ``bot.app.handoff``), the
answer follows through the command's ``response_url``.
"""

from collections.abc import Callable
from typing import Any

from bot.app.handoff import OnceAck

Respond = Callable[..., Any]


class CommandReply:
    def __init__(self, *, ack: OnceAck, respond: Respond) -> None:
        self._ack = ack
        self._respond = respond

    def ack_now(self) -> None:
        """Acknowledge with nothing, if nothing has been sent yet."""
        self._ack()

    def send(self, *, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Send an ephemeral answer: in the acknowledgement if still possible."""
        if not self._ack(text=text, blocks=blocks, response_type="ephemeral"):
            self._respond(
                text=text, blocks=blocks, response_type="ephemeral", replace_original=False
            )
