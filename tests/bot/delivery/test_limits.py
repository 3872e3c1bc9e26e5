"""Token buckets, channel spacing and 429 pauses, on explicit times."""

import pytest

from bot.delivery.config import Rate
from bot.delivery.limits import RateGate, TokenBucket

POST = "chat.postMessage"


def test_a_bucket_allows_its_burst_then_refills_at_its_rate() -> None:
    bucket = TokenBucket(Rate(per_second=2, burst=3), now=100.0)
    for _ in range(3):
        assert bucket.wait(100.0) == 0
        bucket.take(100.0)
    assert bucket.wait(100.0) == pytest.approx(0.5)
    assert bucket.wait(100.5) == 0
    bucket.take(100.5)
    assert bucket.wait(100.5) == pytest.approx(0.5)
    # Idle time refills up to the burst, never beyond.
    assert bucket.wait(1000.0) == 0
    for _ in range(3):
        bucket.take(1000.0)
    assert bucket.wait(1000.0) > 0


def test_a_clock_stepping_back_mints_no_tokens() -> None:
    bucket = TokenBucket(Rate(per_second=1, burst=1), now=50.0)
    bucket.take(50.0)
    assert bucket.wait(10.0) == pytest.approx(1.0)
    assert bucket.wait(50.0) == pytest.approx(1.0)


def test_rate_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="per_second > 0 and burst >= 1"):
        Rate(per_second=0)
    with pytest.raises(ValueError, match="burst >= 1"):
        Rate(per_second=1, burst=0)
    assert Rate.per_minute(60, burst=5) == Rate(per_second=1.0, burst=5)


def _gate() -> RateGate:
    return RateGate(rates={POST: Rate(per_second=10, burst=10)}, channel_interval=1.0)


def test_posts_to_one_channel_are_spaced_but_other_channels_are_not_held() -> None:
    gate = _gate()
    assert gate.acquire(workspace_id="T1", method=POST, now=0.0, channel="C1").ready
    held = gate.acquire(workspace_id="T1", method=POST, now=0.2, channel="C1")
    assert held.seconds == pytest.approx(0.8)
    assert (held.queue, held.spacing) == (("channel", "T1", "C1"), 1.0)
    assert gate.acquire(workspace_id="T1", method=POST, now=0.2, channel="C2").ready
    assert gate.acquire(workspace_id="T2", method=POST, now=0.2, channel="C1").ready
    assert gate.acquire(workspace_id="T1", method=POST, now=1.0, channel="C1").ready


def test_a_held_call_takes_nothing() -> None:
    gate = RateGate(rates={POST: Rate(per_second=1, burst=1)}, channel_interval=0.0)
    assert gate.acquire(workspace_id="T1", method=POST, now=0.0).ready
    for _ in range(5):
        assert not gate.acquire(workspace_id="T1", method=POST, now=0.5).ready
    assert gate.acquire(workspace_id="T1", method=POST, now=1.0).ready


def test_each_workspace_has_its_own_budget() -> None:
    gate = RateGate(rates={POST: Rate(per_second=1, burst=1)}, channel_interval=0.0)
    assert gate.acquire(workspace_id="T1", method=POST, now=0.0).ready
    budget = gate.wait(workspace_id="T1", method=POST, now=0.0)
    assert (budget.queue, budget.spacing) == (("rate", "T1", POST), 1.0)
    assert gate.acquire(workspace_id="T2", method=POST, now=0.0).ready


def test_a_pause_holds_every_call_of_that_method_until_it_ends() -> None:
    gate = _gate()
    gate.pause(workspace_id="T1", method=POST, until=30.0)
    gate.pause(workspace_id="T1", method=POST, until=20.0)  # a shorter pause does not shorten it
    held = gate.wait(workspace_id="T1", method=POST, now=10.0, channel="C9")
    assert held.seconds == pytest.approx(20.0)
    assert held.queue == ("pause", "T1", POST)
    assert gate.wait(workspace_id="T1", method="conversations.history", now=10.0).ready
    assert gate.wait(workspace_id="T2", method=POST, now=10.0).ready
    assert gate.wait(workspace_id="T1", method=POST, now=30.0).ready


def test_methods_without_a_rate_are_not_limited() -> None:
    gate = _gate()
    for _ in range(100):
        assert gate.acquire(workspace_id="T1", method="users.info", now=0.0).ready


def test_a_rate_within_a_limit_never_exceeds_it_in_any_window() -> None:
    rate = Rate.within(calls=60, per_seconds=60.0, burst=20)
    assert rate == Rate(per_second=40 / 60, burst=20)
    # Spend every token as soon as it exists for two minutes, and count each minute.
    bucket = TokenBucket(rate, now=0.0)
    calls: list[float] = []
    now = 0.0
    while now < 120.0:
        if bucket.wait(now) == 0:
            bucket.take(now)
            calls.append(now)
        else:
            now += bucket.wait(now)
    assert max(sum(start <= t <= start + 60 for t in calls) for start in calls) <= 60


def test_a_limit_must_leave_room_after_the_burst() -> None:
    with pytest.raises(ValueError, match="no room for a rate after a burst of 5"):
        Rate.within(calls=5, per_seconds=1.0, burst=5)
