"""Answer a slash command within Slack's 3 seconds, however long the work takes.

The answer normally travels in the acknowledgement itself (one round trip). If the work
is still running when the deadline nears, an empty acknowledgement goes out first and
the answer follows through the command's ``response_url``.
"""

import threading
from collections.abc import Callable
from typing import Any

from bot.app.deadlines import Deadline, Deadlines

ACK_DEADLINE_SECONDS = 2.0
_DEADLINES = Deadlines()  # one watching thread for every command of the process

Ack = Callable[..., Any]
Respond = Callable[..., Any]


class DeadlineReply:
    def __init__(
        self, *, ack: Ack, respond: Respond, deadline: float = ACK_DEADLINE_SECONDS
    ) -> None:
        self._ack = ack
        self._respond = respond
        self._lock = threading.Lock()
        self._acked = False
        self._seconds = deadline
        self._deadline: Deadline | None = None

    def __enter__(self) -> "DeadlineReply":
        self._deadline = _DEADLINES.call_later(self._seconds, self.ack_now)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self.ack_now()

    def ack_now(self) -> None:
        """Acknowledge with nothing, if nothing has been sent yet."""
        with self._lock:
            if self._acked:
                return
            self._acked = True
        self._ack()

    def send(self, *, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Send an ephemeral answer: in the acknowledgement if still possible."""
        with self._lock:
            in_ack, self._acked = not self._acked, True
        if in_ack:
            self._ack(text=text, blocks=blocks, response_type="ephemeral")
        else:
            self._respond(
                text=text, blocks=blocks, response_type="ephemeral", replace_original=False
            )
