"""Client-side rate limits: a token bucket per (workspace, method), a minimum spacing
between posts to one channel, and pauses ordered by Slack's ``Retry-After``.

Times are seconds on whatever clock the caller uses (the deliverer passes its clock's
timestamps), so the gate is deterministic under a test clock. Not thread-safe: each
deliverer owns one.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from bot.delivery.config import Rate

# The kinds of hold (the first item of ``Wait.queue``).
PAUSE = "pause"  # Slack said Retry-After
RATE = "rate"  # the method's token bucket
CHANNEL = "channel"  # spacing between posts to one conversation
# Holds on every call of a method in a workspace, not on one conversation.
WORKSPACE_WIDE = frozenset({PAUSE, RATE})

# Forget per-channel spacing entries once this many channels were seen and they lapsed.
_PRUNE_CHANNELS_ABOVE = 10_000


@dataclass(frozen=True, slots=True)
class Wait:
    """How long a call must wait, and what holds it back.

    ``queue`` names the limit (so callers can spread several waiting calls over it) and
    ``spacing`` is how far apart that limit lets calls go.
    """

    seconds: float
    queue: tuple[str, ...] = ()
    spacing: float = 0.0

    @property
    def ready(self) -> bool:
        return self.seconds <= 0


READY = Wait(0.0)


class TokenBucket:
    """Refills at ``rate.per_second`` up to ``rate.burst`` tokens; a call takes one."""

    def __init__(self, rate: Rate, *, now: float) -> None:
        self._rate = rate
        self._tokens = float(rate.burst)
        self._updated = now

    def wait(self, now: float) -> float:
        """Seconds until a token is available (0 when one is)."""
        self._refill(now)
        if self._tokens >= 1:
            return 0.0
        return (1 - self._tokens) / self._rate.per_second

    def take(self, now: float) -> None:
        self._refill(now)
        self._tokens -= 1

    @property
    def interval(self) -> float:
        return 1.0 / self._rate.per_second

    def _refill(self, now: float) -> None:
        # A clock that steps back must not mint tokens.
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(float(self._rate.burst), self._tokens + elapsed * self._rate.per_second)
        self._updated = max(self._updated, now)


class RateGate:
    """Decides whether a Web API call may go now, and records the calls that went."""

    def __init__(self, *, rates: Mapping[str, Rate], channel_interval: float) -> None:
        self._rates = dict(rates)
        self._channel_interval = channel_interval
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._paused_until: dict[tuple[str, str], float] = {}
        self._last_post: dict[tuple[str, str], float] = {}

    def wait(
        self, *, workspace_id: str, method: str, now: float, channel: str | None = None
    ) -> Wait:
        """The longest of: a 429 pause, the method's bucket, and the channel's spacing."""
        waits = [READY]
        paused_until = self._paused_until.get((workspace_id, method), 0.0)
        if paused_until > now:
            waits.append(Wait(paused_until - now, (PAUSE, workspace_id, method), 0.0))
        bucket = self._bucket(workspace_id, method, now)
        if bucket is not None and (seconds := bucket.wait(now)) > 0:
            waits.append(Wait(seconds, (RATE, workspace_id, method), bucket.interval))
        if channel is not None:
            last = self._last_post.get((workspace_id, channel))
            if last is not None and (seconds := last + self._channel_interval - now) > 0:
                waits.append(
                    Wait(seconds, (CHANNEL, workspace_id, channel), self._channel_interval)
                )
        return max(waits, key=lambda wait: wait.seconds)

    def take(
        self, *, workspace_id: str, method: str, now: float, channel: str | None = None
    ) -> None:
        """Count a call that is going out now."""
        bucket = self._bucket(workspace_id, method, now)
        if bucket is not None:
            bucket.take(now)
        if channel is not None:
            self._last_post[(workspace_id, channel)] = now
            self._prune(now)

    def acquire(
        self, *, workspace_id: str, method: str, now: float, channel: str | None = None
    ) -> Wait:
        """:meth:`wait`, and :meth:`take` when the call may go."""
        wait = self.wait(workspace_id=workspace_id, method=method, now=now, channel=channel)
        if wait.ready:
            self.take(workspace_id=workspace_id, method=method, now=now, channel=channel)
        return wait

    def pause(self, *, workspace_id: str, method: str, until: float) -> None:
        """Hold every call of ``method`` in this workspace until ``until`` (Slack said so)."""
        key = (workspace_id, method)
        self._paused_until[key] = max(self._paused_until.get(key, 0.0), until)

    def _bucket(self, workspace_id: str, method: str, now: float) -> TokenBucket | None:
        rate = self._rates.get(method)
        if rate is None:
            return None
        key = (workspace_id, method)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(rate, now=now)
        return bucket

    def _prune(self, now: float) -> None:
        if len(self._last_post) <= _PRUNE_CHANNELS_ABOVE:
            return
        lapsed = now - self._channel_interval
        self._last_post = {k: t for k, t in self._last_post.items() if t > lapsed}
