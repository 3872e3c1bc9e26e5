"""Deliverer threads start, deliver, and stop together."""

import time
from typing import Any

import pytest

from bot.delivery import DeliveryWorkers
from bot.standin import SlackStandIn
from storage.enums import OutboxStatus


def test_workers_deliver_in_the_background_and_stop(
    put: Any, stored: Any, make_deliverer: Any, slack: SlackStandIn, config_with: Any
) -> None:
    workers = DeliveryWorkers(
        make=lambda: make_deliverer(config=config_with(idle_seconds=0.01)), count=2
    )
    workers.start()
    try:
        assert workers.running == 2
        for number in range(5):
            put(f"bg-{number}", channel="C2")
        slack.wait_for_messages("C2", count=5, timeout=10)
        deadline = time.monotonic() + 5
        while stored("bg-4").status is not OutboxStatus.SENT and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        workers.stop(timeout=5)

    assert workers.running == 0
    assert {stored(f"bg-{n}").status for n in range(5)} == {OutboxStatus.SENT}
    assert len(slack.messages_to("C2")) == 5


def test_at_least_one_worker() -> None:
    with pytest.raises(ValueError, match="count must be at least 1, got 0"):
        DeliveryWorkers(make=lambda: None, count=0)  # type: ignore[arg-type,return-value]
