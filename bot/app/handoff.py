"""Run each listener in the pool, and answer Slack the moment it acknowledges.

The app runs with Bolt's ``process_before_response``: Bolt calls a listener in the
request's own thread and answers Slack when the listener returns. Bolt's other mode runs
listeners in a pool but looks for their ack() only every 10 ms, which is most of a quick
command's answer time, and 50 requests waiting in that loop wake 5,000 times a second.
Here the request's thread hands the listener to the pool and waits on its ack() instead:
Slack is answered as soon as the ack comes, the listener finishes, or the deadline passes
(an empty ack then, so Slack never sees a timeout; a command's late answer goes to its
``response_url``). Events are acknowledged at once and handled in the pool.
"""

import inspect
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from slack_bolt import Ack, App, Args

from bot.app.errors import report_unexpected

ACK_DEADLINE_SECONDS = 2.0
"""Slack waits 3 s; an answer not ready by then goes out through the response URL."""

Listener = TypeVar("Listener", bound=Callable[..., Any])


class OnceAck:
    """An ack() that answers once: the first call is sent and returns True, later calls
    are dropped and return False (the caller then answers another way)."""

    def __init__(self, ack: Ack) -> None:
        self._ack = ack
        self._lock = threading.Lock()
        self._sent = threading.Event()

    def __call__(self, **answer: Any) -> bool:
        with self._lock:
            if self._sent.is_set():
                return False
            self._ack(**answer)
            self._sent.set()
        return True

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the ack; whether it came."""
        return self._sent.wait(seconds)


class Listen:
    """Registers listeners on ``app`` so that each runs in ``pool`` (see the module)."""

    def __init__(self, app: App, *, pool: Executor, deadline: float = ACK_DEADLINE_SECONDS) -> None:
        self.app = app
        self._pool = pool
        self._deadline = deadline

    def command(self, name: str) -> Callable[[Listener], Listener]:
        return self._register(self.app.command(name), acked=True)

    def action(self, constraint: Any) -> Callable[[Listener], Listener]:
        return self._register(self.app.action(constraint), acked=True)

    def view(self, constraint: Any) -> Callable[[Listener], Listener]:
        return self._register(self.app.view(constraint), acked=True)

    def event(self, name: str) -> Callable[[Listener], Listener]:
        return self._register(self.app.event(name), acked=False)

    def _register(
        self, bolt_register: Callable[..., Any], *, acked: bool
    ) -> Callable[[Listener], Listener]:
        def register(listener: Listener) -> Listener:
            bolt_register(self._handed_off(listener, acked=acked))
            return listener

        return register

    def _handed_off(self, listener: Callable[..., Any], *, acked: bool) -> Callable[[Args], None]:
        names = tuple(inspect.signature(listener).parameters)

        def in_request_thread(args: Args) -> None:
            arguments = {name: getattr(args, name) for name in names}
            if acked:
                self._until_acked(listener, arguments, args=args)
            else:  # an event: Bolt acknowledges it when this returns
                self._pool.submit(_guarded, listener, arguments, args=args, ack=None)

        return in_request_thread

    def _until_acked(
        self, listener: Callable[..., Any], arguments: dict[str, Any], *, args: Args
    ) -> None:
        """Run ``listener`` in the pool; return once it has acked, or ended (acked empty
        then), or the deadline has passed (acked empty now)."""
        ack = OnceAck(args.ack)
        if "ack" in arguments:
            arguments["ack"] = ack
        work = self._pool.submit(_guarded, listener, arguments, args=args, ack=ack)
        work.add_done_callback(lambda _done: ack())
        if not ack.wait(self._deadline):
            ack()


def _guarded(
    listener: Callable[..., Any], arguments: dict[str, Any], *, args: Args, ack: OnceAck | None
) -> None:
    """Run ``listener``; after an exception Slack is answered first, then the person
    is told the error's id (as Bolt's error handler would have)."""
    try:
        listener(**arguments)
    except Exception as error:
        if ack is not None:
            ack()
        report_unexpected(error, body=args.body, respond=args.respond)
