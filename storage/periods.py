"""Periods: the calendar months that reports and check-ins are counted in, ``YYYY-MM``.

The one place that reads, writes and moves periods; ``schedules.periods`` adds the
owner's time zone on top.
"""

import re
from datetime import UTC, date, datetime, tzinfo

from storage.errors import DomainError

_PERIOD = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")


def check_period(period: str) -> str:
    """``period`` if it is a month ``YYYY-MM``, else a :class:`DomainError` saying so."""
    match = _PERIOD.match(period)
    if match is None or not 1 <= int(match["month"]) <= 12 or int(match["year"]) < 1:
        raise DomainError(
            f"{period} is not a month; write the period as YYYY-MM, e.g. 2026-11",
            field="period",
        )
    return period


def format_period(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def period_of(moment: datetime | date, zone: tzinfo = UTC) -> str:
    """The period an instant (by its date in ``zone``) or a calendar day falls in."""
    day = moment.astimezone(zone).date() if isinstance(moment, datetime) else moment
    return format_period(day)


def shift_period(period: str, months: int) -> str:
    """The period ``months`` after ``period`` (before it when negative)."""
    year, month = (int(part) for part in check_period(period).split("-"))
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def recent_periods(period: str, count: int) -> tuple[str, ...]:
    """The ``count`` periods ending with ``period``, oldest first."""
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    return tuple(shift_period(period, offset) for offset in range(1 - count, 1))


def period_start(period: str) -> date:
    """The first day of ``period``."""
    year, month = (int(part) for part in check_period(period).split("-"))
    return date(year, month, 1)


def period_bounds(period: str) -> tuple[datetime, datetime]:
    """The UTC instants ``[start, end)`` of ``period``."""
    start = period_start(period)
    end = period_start(shift_period(period, 1))
    return (
        datetime(start.year, start.month, start.day, tzinfo=UTC),
        datetime(end.year, end.month, end.day, tzinfo=UTC),
    )
