"""One thread for every acknowledgement deadline, instead of a timer thread per command.

Starting and cancelling a thread for each command costs more than most commands' own
work; here a deadline is an entry in a heap that one thread watches. It wakes at most
once per ``slack`` seconds, firing every deadline then due, so a deadline fires up to
``slack`` late.
"""

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
SLACK_SECONDS = 0.05


class Deadline:
    """An action to run at a moment unless cancelled first."""

    def __init__(self, action: Callable[[], None]) -> None:
        self._action = action
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def fire(self) -> None:
        if self.cancelled:
            return
        try:
            self._action()
        except Exception:
            log.exception("a deadline's action failed")


class Deadlines:
    def __init__(self, *, slack: float = SLACK_SECONDS) -> None:
        self._slack = slack
        self._condition = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()  # ties keep the order they were set in
        self._thread: threading.Thread | None = None

    def call_later(self, seconds: float, action: Callable[[], None]) -> Deadline:
        """Run ``action`` in ``seconds`` (in the watching thread) unless cancelled."""
        when = time.monotonic() + seconds
        deadline = Deadline(action)
        with self._condition:
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="deadlines", daemon=True)
                self._thread.start()
            sooner = not self._heap or when < self._heap[0][0]
            heapq.heappush(self._heap, (when, next(self._order), deadline))
            if sooner:  # otherwise the thread already wakes in time for this one
                self._condition.notify()
        return deadline

    def _watch(self) -> None:
        while True:
            for deadline in self._wait_for_due():
                deadline.fire()

    def _wait_for_due(self) -> list[Deadline]:
        with self._condition:
            while True:
                now = time.monotonic()
                due = []
                while self._heap and self._heap[0][0] <= now:
                    deadline = heapq.heappop(self._heap)[2]
                    if not deadline.cancelled:
                        due.append(deadline)
                if due:
                    return due
                wait = self._heap[0][0] - now + self._slack if self._heap else None
                self._condition.wait(wait)
