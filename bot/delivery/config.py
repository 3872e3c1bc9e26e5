"""How fast and how persistently the deliverer sends, and what it is given to do so."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Protocol

from slack_sdk import WebClient

POST_MESSAGE = "chat.postMessage"
HISTORY = "conversations.history"
OPEN_CONVERSATION = "conversations.open"
# Not a Web API method: finding (and refreshing) the workspace's token.
INSTALLATION = "install"


class Clock(Protocol):
    """Anything that tells the time (timezone-aware UTC); tests pass one they control."""

    def now(self) -> datetime: ...


# The Web API client to use for a workspace id.
ClientFactory = Callable[[str], WebClient]


@dataclass(frozen=True, slots=True)
class Rate:
    """A token bucket: ``per_second`` on average, up to ``burst`` calls at once."""

    per_second: float
    burst: int = 1

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError(
                f"a rate needs per_second > 0 and burst >= 1, got {self.per_second}/{self.burst}"
            )

    @classmethod
    def per_minute(cls, calls: float, *, burst: int = 1) -> "Rate":
        return cls(per_second=calls / 60.0, burst=burst)

    @classmethod
    def within(cls, *, calls: float, per_seconds: float, burst: int = 1) -> "Rate":
        """The fastest bucket that never makes more than ``calls`` calls in any window of
        ``per_seconds`` (Slack's way of stating a limit): ``burst`` plus what it refills
        in a window stays within ``calls``."""
        if calls <= burst or per_seconds <= 0:
            raise ValueError(
                f"a limit of {calls} calls per {per_seconds}s leaves no room for a rate "
                f"after a burst of {burst}"
            )
        return cls(per_second=(calls - burst) / per_seconds, burst=burst)


def _default_rates() -> Mapping[str, Rate]:
    # Per workspace and per deliverer. chat.postMessage is Slack's "special" tier (about
    # one message per second per channel, short bursts allowed); the others are tier 3.
    return MappingProxyType(
        {
            POST_MESSAGE: Rate.per_minute(60, burst=20),
            HISTORY: Rate.per_minute(50, burst=5),
            OPEN_CONVERSATION: Rate.per_minute(50, burst=10),
        }
    )


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    """Every knob of delivery; the defaults suit one production workspace."""

    batch_size: int = 20
    lease: timedelta = timedelta(seconds=60)
    # Do not start a post this close to the end of the lease: another deliverer may take
    # the row over as soon as it ends.
    lease_margin: timedelta = timedelta(seconds=15)
    max_attempts: int = 8
    backoff_base: timedelta = timedelta(seconds=5)
    backoff_cap: timedelta = timedelta(minutes=30)
    rates: Mapping[str, Rate] = field(default_factory=_default_rates)
    channel_interval: timedelta = timedelta(seconds=1)
    # The longest a running deliverer sleeps within a round for its rate budget or a
    # Retry-After, rather than putting the row back (see bot.delivery.pacing).
    pace_limit: timedelta = timedelta(seconds=2)
    # When Slack sends 429 without Retry-After.
    default_retry_after: timedelta = timedelta(seconds=1)
    # How far before a row's creation to look for an earlier post (clock skew).
    history_lookback: timedelta = timedelta(minutes=5)
    history_page_size: int = 100
    history_max_pages: int = 3
    idle_seconds: float = 0.5
    error_pause_seconds: float = 5.0

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.max_attempts < 1:
            raise ValueError("batch_size and max_attempts must be at least 1")
        if self.lease <= self.lease_margin:
            raise ValueError(f"lease ({self.lease}) must be longer than lease_margin")
