"""Time is injected: code asks a clock, so tests and the shell can move time forward."""

import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to (tests, the shell's ``:advance``)."""

    def __init__(self, start: datetime) -> None:
        if start.utcoffset() is None:
            raise ValueError("a clock's time must be timezone-aware")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, by: timedelta) -> datetime:
        with self._lock:
            self._now += by
            return self._now

    def set(self, to: datetime) -> None:
        if to.utcoffset() is None:
            raise ValueError("a clock's time must be timezone-aware")
        with self._lock:
            self._now = to.astimezone(UTC)


_DURATION_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DURATION = re.compile(r"(\d{1,6})([mhdw])")


def parse_duration(text: str) -> timedelta:
    """Read a short duration such as ``90m``, ``2h``, ``3d`` or ``1w`` (zero is allowed)."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise ValueError(
            f"{text!r} is not a duration: use a whole number and a unit, "
            "m (minutes), h (hours), d (days) or w (weeks), e.g. 90m, 2h, 3d, 1w"
        )
    amount, unit = match.groups()
    return timedelta(**{_DURATION_UNITS[unit]: int(amount)})
