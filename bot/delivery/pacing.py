"""Pacing within a round: wait out a short workspace-wide hold instead of putting rows back.

A deliverer that has claimed a batch owns those rows. When its rate budget (or a short
``Retry-After`` pause) holds the next row back for a moment, sleeping through that moment
and posting sends at the rate the limit allows; putting the row back would cost a write,
a later claim and an idle pause between rounds. A hold on one conversation is not waited
out, because rows for other conversations may go meanwhile.
"""

from collections.abc import Callable

from bot.delivery.limits import WORKSPACE_WIDE, Wait

# Sleeps up to the seconds given; False when the deliverer is stopping and must not wait.
Pace = Callable[[float], bool]


def pace_seconds(wait: Wait, *, now: float, deadline: float, longest: float) -> float | None:
    """How long to sleep before trying the held row again, or None to put it back.

    ``deadline`` is the last moment a post of the row may start (the end of its claim,
    less the margin); ``longest`` the longest sleep allowed within a round.
    """
    if not wait.queue or wait.queue[0] not in WORKSPACE_WIDE:
        return None
    if not 0 < wait.seconds <= longest or now + wait.seconds >= deadline:
        return None
    return wait.seconds
