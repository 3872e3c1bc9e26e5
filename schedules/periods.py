"""Check-in periods by the owner's local date; reading and moving them is storage's."""

from datetime import date, datetime

from schedules.errors import ScheduleError
from schedules.fire_times import zone_named
from storage import periods
from storage.errors import DomainError
from storage.periods import format_period, shift_period

__all__ = ["format_period", "parse_period", "period_of", "require_aware", "shift_period"]


def require_aware(moment: datetime, *, what: str = "moment") -> None:
    if moment.utcoffset() is None:
        raise ScheduleError(f"the {what} {moment.isoformat()} has no time zone; use an aware time")


def parse_period(period: str) -> date:
    """The first day of the month named ``YYYY-MM``."""
    try:
        return periods.period_start(period)
    except DomainError as error:
        raise ScheduleError(error.message) from None


def period_of(moment: datetime, tz: str) -> str:
    """The period ``moment`` falls in, by its local date in ``tz``."""
    require_aware(moment)
    return periods.period_of(moment, zone_named(tz))
