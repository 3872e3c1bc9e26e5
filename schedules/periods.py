"""Check-in periods are calendar months named ``YYYY-MM``, by the owner's local date."""

import re
from datetime import date, datetime

from schedules.errors import ScheduleError
from schedules.fire_times import zone_named

_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def require_aware(moment: datetime, *, what: str = "moment") -> None:
    if moment.utcoffset() is None:
        raise ScheduleError(f"the {what} {moment.isoformat()} has no time zone; use an aware time")


def parse_period(period: str) -> date:
    """The first day of the month named ``YYYY-MM``."""
    match = _PERIOD.fullmatch(period)
    month = int(match.group(2)) if match else 0
    if match is None or not 1 <= month <= 12:
        raise ScheduleError(f"{period!r} is not a period: use YYYY-MM, e.g. 2026-12")
    return date(int(match.group(1)), month, 1)


def format_period(first_day: date) -> str:
    return f"{first_day.year:04d}-{first_day.month:02d}"


def shift_period(period: str, *, months: int) -> str:
    """The period ``months`` months later (earlier when negative)."""
    first = parse_period(period)
    index = first.year * 12 + first.month - 1 + months
    return format_period(date(index // 12, index % 12 + 1, 1))


def period_of(moment: datetime, tz: str) -> str:
    """The period ``moment`` falls in, by its local date in ``tz``."""
    require_aware(moment)
    return format_period(moment.astimezone(zone_named(tz)).date())
