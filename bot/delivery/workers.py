"""Deliverers in background threads of this process, started and stopped together."""

import logging
import threading
from collections.abc import Callable

from bot.delivery.deliverer import Deliverer

log = logging.getLogger(__name__)


class DeliveryWorkers:
    """``count`` threads, each running its own deliverer from ``make`` until stopped.

    Each deliverer keeps its own rate budget, so the client-side rate of the process is
    ``count`` times the configured one. One thread keeps up with the default budget; it
    waits for each post and its record in turn, so a budget faster than one post per
    round trip needs more threads, each configured with its share.
    """

    def __init__(self, *, make: Callable[[], Deliverer], count: int = 1) -> None:
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        self._make = make
        self._count = count
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        for number in range(self._count):
            thread = threading.Thread(
                target=self._make().run_forever,
                args=(self._stop,),
                name=f"deliverer-{number}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        log.info("started %d deliverer thread(s)", self._count)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask every deliverer to finish its round, and wait up to ``timeout`` for them."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        still = [thread.name for thread in self._threads if thread.is_alive()]
        if still:
            log.warning("deliverer threads still busy after %.0fs: %s", timeout, ", ".join(still))
        self._threads = []

    @property
    def running(self) -> int:
        return sum(thread.is_alive() for thread in self._threads)
