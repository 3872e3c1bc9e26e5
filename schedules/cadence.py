"""The monthly check-in cadence: when a check-in opens, when nudges go out, when it closes.

A cadence is a frozen value, stored as a plain JSON dict in ``Workspace.settings["cadence"]``
and ``Team.settings["cadence"]``. A team's keys override the workspace's, which override
the defaults, key by key. Times are wall-clock times in each owner's own zone; the fire
times themselves are computed in ``schedules.windows`` with APScheduler's triggers.

Check-in times from 01:00 to 03:59 are refused: daylight-saving changes happen in those
hours, so such a time would fire twice on one day of the year and not at all on another.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from itertools import pairwise
from typing import Any

from schedules.errors import CadenceError, ScheduleError
from schedules.time_of_day import check_safe_time, format_time_of_day, parse_time_of_day

MAX_WINDOW_DAYS = 15
# Every month has at least 20 business days (February has exactly 20 in some years).
MAX_BUSINESS_DAY = 20
MAX_CALENDAR_DAY = 28


class OpensOn(StrEnum):
    """How the opening day of a month's check-in is chosen."""

    BUSINESS_DAY = "business_day"  # the n-th business day of the month
    CALENDAR_DAY = "calendar_day"  # a fixed day of the month, moved forward to a business day


@dataclass(frozen=True, kw_only=True)
class Cadence:
    """When a monthly check-in opens and how its window runs (business days are Mon-Fri).

    Nudges and the close (when managers are told who has not reported) are counted in
    business days after the opening day, at the same local time.
    """

    opens_on: OpensOn = OpensOn.BUSINESS_DAY
    business_day: int = 1
    calendar_day: int = 1
    at: time = time(9, 0)
    window_days: int = 5
    nudge_days: tuple[int, ...] = (2, 4)

    def __post_init__(self) -> None:
        _check_range("business_day", self.business_day, 1, MAX_BUSINESS_DAY)
        _check_range("calendar_day", self.calendar_day, 1, MAX_CALENDAR_DAY)
        _check_range("window_days", self.window_days, 1, MAX_WINDOW_DAYS)
        _check_nudges(self.nudge_days, window_days=self.window_days)
        try:
            check_safe_time(self.at, what="check-in")
        except ScheduleError as error:
            raise CadenceError(str(error)) from None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form stored in settings."""
        return {
            "opens_on": self.opens_on.value,
            "business_day": self.business_day,
            "calendar_day": self.calendar_day,
            "time": format_time_of_day(self.at),
            "window_days": self.window_days,
            "nudge_days": list(self.nudge_days),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Cadence":
        """Read the stored form; missing keys take the defaults, unknown keys are refused."""
        unknown = sorted(set(data) - set(_KEYS))
        if unknown:
            raise CadenceError(
                f"unknown cadence setting {', '.join(unknown)}; known: {', '.join(_KEYS)}"
            )
        fields: dict[str, Any] = {}
        for key, value in data.items():
            name, parsed = _KEYS[key](value)
            fields[name] = parsed
        return cls(**fields)


def effective_cadence(
    workspace_settings: Mapping[str, Any], team_settings: Mapping[str, Any] | None
) -> Cadence:
    """The cadence for a team: its ``cadence`` keys over the workspace's over the defaults."""
    merged: dict[str, Any] = {}
    for owner, settings in (("workspace", workspace_settings), ("team", team_settings or {})):
        stored = settings.get("cadence") or {}
        if not isinstance(stored, Mapping):
            raise CadenceError(f"the {owner}'s cadence setting must be an object, got {stored!r}")
        merged.update(stored)
    return Cadence.from_dict(merged)


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise CadenceError(f"{name} must be a whole number from {low} to {high}, got {value}")


def _check_nudges(nudge_days: tuple[int, ...], *, window_days: int) -> None:
    if any(day < 1 for day in nudge_days):
        raise CadenceError(
            f"nudge_days must be business days after the opening (1 or more), got "
            f"{list(nudge_days)}"
        )
    if any(later <= earlier for earlier, later in pairwise(nudge_days)):
        raise CadenceError(
            f"nudge_days must be strictly increasing, e.g. [2, 4], got {list(nudge_days)}"
        )
    if nudge_days and nudge_days[-1] >= window_days:
        raise CadenceError(
            f"every nudge must come before the window closes after {window_days} business "
            f"days, got nudge_days {list(nudge_days)}"
        )


def _whole_number(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CadenceError(f"{name} must be a whole number, got {value!r}")
    return value


def _read_opens_on(value: Any) -> tuple[str, OpensOn]:
    try:
        return "opens_on", OpensOn(value)
    except ValueError:
        choices = " or ".join(repr(choice.value) for choice in OpensOn)
        raise CadenceError(f"opens_on must be {choices}, got {value!r}") from None


def _read_time(value: Any) -> tuple[str, time]:
    if not isinstance(value, str):
        raise CadenceError(f"time must be text HH:MM, e.g. '09:00', got {value!r}")
    try:
        return "at", parse_time_of_day(value)
    except ScheduleError as error:
        raise CadenceError(str(error)) from None


def _read_nudges(value: Any) -> tuple[str, tuple[int, ...]]:
    if not isinstance(value, list | tuple):
        raise CadenceError(
            f"nudge_days must be a list of whole numbers, e.g. [2, 4], got {value!r}"
        )
    return "nudge_days", tuple(_whole_number("each of nudge_days", day) for day in value)


_KEYS = {
    "opens_on": _read_opens_on,
    "business_day": lambda value: ("business_day", _whole_number("business_day", value)),
    "calendar_day": lambda value: ("calendar_day", _whole_number("calendar_day", value)),
    "time": _read_time,
    "window_days": lambda value: ("window_days", _whole_number("window_days", value)),
    "nudge_days": _read_nudges,
}


DEFAULT_CADENCE = Cadence()
