"""Rate limits like Slack's: N calls per window per method, and per channel for posts.

A sliding window log: a call is admitted when fewer than N calls were admitted in the
last ``per_seconds``; otherwise the caller is told how long to wait (``Retry-After``).
"""

import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

POST_MESSAGE = "chat.postMessage"

# Slack's published tiers, in calls per minute, for the methods the bot uses.
SLACK_TIERS: dict[str, int] = {
    "auth.test": 100,
    "users.info": 100,
    "users.lookupByEmail": 100,
    "conversations.open": 100,
    "conversations.info": 100,
    "conversations.history": 50,
    "chat.postEphemeral": 100,
    "chat.update": 50,
    "chat.delete": 50,
    "views.open": 100,
    "views.update": 100,
    "views.push": 100,
    "views.publish": 100,
    "files.getUploadURLExternal": 20,
    "files.completeUploadExternal": 20,
}


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``calls`` calls in any ``per_seconds`` window."""

    calls: int
    per_seconds: float

    def __post_init__(self) -> None:
        if self.calls < 1 or self.per_seconds <= 0:
            raise ValueError(
                f"a limit needs calls >= 1 and per_seconds > 0, got {self.calls}/{self.per_seconds}"
            )


class RateLimiter:
    """Decides whether a call is admitted now; safe to use from many threads."""

    def __init__(self, *, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._method_limits: dict[str, Limit] = {}
        self._channel_limit: Limit | None = None
        self._admitted: dict[str, deque[float]] = {}

    def limit_method(self, method: str, *, calls: int, per_seconds: float) -> None:
        """Allow ``method`` at most ``calls`` times per ``per_seconds`` (all channels)."""
        with self._lock:
            self._method_limits[method] = Limit(calls=calls, per_seconds=per_seconds)

    def limit_channel_posts(self, *, calls: int = 1, per_seconds: float = 1.0) -> None:
        """Allow ``chat.postMessage`` at most ``calls`` per ``per_seconds`` into each channel."""
        with self._lock:
            self._channel_limit = Limit(calls=calls, per_seconds=per_seconds)

    def use_slack_tiers(self) -> None:
        """Slack's own limits: per-method tiers and one message per second per channel."""
        for method, per_minute in SLACK_TIERS.items():
            self.limit_method(method, calls=per_minute, per_seconds=60.0)
        self.limit_channel_posts(calls=1, per_seconds=1.0)

    def clear(self) -> None:
        """Remove every limit and forget past calls."""
        with self._lock:
            self._method_limits.clear()
            self._channel_limit = None
            self._admitted.clear()

    def admit(self, *, method: str, channel: str | None = None) -> int | None:
        """None when the call may proceed (and counts), else the seconds to wait (>= 1)."""
        with self._lock:
            now = self._clock()
            keys = self._keys(method=method, channel=channel)
            waits = [self._wait(key, limit, now) for key, limit in keys]
            longest = max(waits, default=0.0)
            if longest > 0:
                return max(1, math.ceil(longest))
            for key, _limit in keys:
                self._admitted.setdefault(key, deque()).append(now)
            return None

    def _keys(self, *, method: str, channel: str | None) -> list[tuple[str, Limit]]:
        keys: list[tuple[str, Limit]] = []
        method_limit = self._method_limits.get(method)
        if method_limit is not None:
            keys.append((f"method:{method}", method_limit))
        if method == POST_MESSAGE and channel and self._channel_limit is not None:
            keys.append((f"channel:{channel}", self._channel_limit))
        return keys

    def _wait(self, key: str, limit: Limit, now: float) -> float:
        admitted = self._admitted.setdefault(key, deque())
        while admitted and admitted[0] <= now - limit.per_seconds:
            admitted.popleft()
        if len(admitted) < limit.calls:
            return 0.0
        return admitted[0] + limit.per_seconds - now
