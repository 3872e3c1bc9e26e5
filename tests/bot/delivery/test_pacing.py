"""When a paced round sleeps through a hold, and when it puts the row back."""

import pytest

from bot.delivery.limits import READY, Wait
from bot.delivery.pacing import pace_seconds

RATE_HOLD = Wait(0.4, ("rate", "T1", "chat.postMessage"), 0.5)
PAUSE_HOLD = Wait(1.0, ("pause", "T1", "chat.postMessage"))
CHANNEL_HOLD = Wait(0.4, ("channel", "T1", "C1"), 1.0)


@pytest.mark.parametrize("wait", [RATE_HOLD, PAUSE_HOLD])
def test_a_short_hold_on_the_whole_workspace_is_slept_through(wait: Wait) -> None:
    assert pace_seconds(wait, now=100.0, deadline=130.0, longest=2.0) == wait.seconds


def test_a_hold_on_one_conversation_is_not_slept_through() -> None:
    # Rows for other conversations may go meanwhile.
    assert pace_seconds(CHANNEL_HOLD, now=100.0, deadline=130.0, longest=2.0) is None


def test_a_hold_longer_than_the_longest_sleep_puts_the_row_back() -> None:
    long_pause = Wait(7.0, ("pause", "T1", "chat.postMessage"))
    assert pace_seconds(long_pause, now=100.0, deadline=130.0, longest=2.0) is None
    assert pace_seconds(long_pause, now=100.0, deadline=130.0, longest=7.0) == 7.0


def test_no_sleep_runs_into_the_end_of_the_claim() -> None:
    assert pace_seconds(RATE_HOLD, now=100.0, deadline=100.5, longest=2.0) == 0.4
    assert pace_seconds(RATE_HOLD, now=100.0, deadline=100.4, longest=2.0) is None


def test_a_row_held_for_no_limit_is_not_slept_for() -> None:
    # READY stands for a claim about to end: sleeping cannot help it.
    assert pace_seconds(READY, now=100.0, deadline=130.0, longest=2.0) is None
