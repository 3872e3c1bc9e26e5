"""Fire times computed with APScheduler's cron triggers, in the owner's own time zone.

Why triggers rather than hand-written date arithmetic: months have different lengths,
weekends move the first business day around, and daylight saving shifts the UTC offset
twice a year (on different dates in Europe and North America). A ``CronTrigger`` built
with ``timezone=ZoneInfo(...)`` walks local wall-clock time, so "09:00 on a business day"
stays 09:00 local on both sides of a change, and the same trigger semantics are what the
scheduler itself uses.

The trap: APScheduler 3's cron ``day_of_week`` numbers start at Monday = 0 (like
``date.weekday()``), whereas classic cron and APScheduler 4 start at Sunday = 0. A bare
``day_of_week="0-4"`` therefore means different days to different readers and versions,
so only day NAMES are used here (``"mon-fri"``).

A second trap: when APScheduler 3.11 walks from one day to the next it adds whole days in
UTC, so after a spring-forward night it lands at 01:00 instead of 00:00 and skips a fire
time in the first hour of the day (``day_of_week="mon-fri", hour=0, minute=30`` in Berlin
misses Monday 2026-03-30). So business DAYS are found with a trigger firing at noon, and
the time is then placed on that day with a trigger pinned to its year, month and day,
which APScheduler builds directly in the zone.

Every function returns an aware UTC datetime.
"""

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from schedules.errors import ScheduleError

BUSINESS_DAYS = "mon-fri"
# Business days are found with a trigger firing at noon, far from any daylight-saving change.
_DAY_FINDER = time(12, 0)


@cache
def zone_named(tz: str) -> ZoneInfo:
    """The IANA zone called ``tz`` (e.g. ``Europe/Berlin``), with a clear error if unknown."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"{tz!r} is not a known time zone: use an IANA name such as Europe/Berlin, "
            "America/New_York or UTC"
        ) from None


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The start of ``day`` in ``zone``, as an aware datetime."""
    return datetime.combine(day, time(0, 0), tzinfo=zone)


def _next_fire(trigger: CronTrigger, previous: datetime | None, now: datetime) -> datetime:
    fire = trigger.get_next_fire_time(previous, now)
    if not isinstance(fire, datetime):  # only an end date could stop these triggers
        raise ScheduleError(f"no fire time after {now.isoformat()} for {trigger}")
    return fire.astimezone(UTC)


def _business_noons(zone: ZoneInfo) -> CronTrigger:
    return CronTrigger(day_of_week=BUSINESS_DAYS, hour=_DAY_FINDER.hour, minute=0, timezone=zone)


def _business_day_on_or_after(day: date, zone: ZoneInfo) -> date:
    noon = _next_fire(_business_noons(zone), None, local_midnight(day, zone))
    return noon.astimezone(zone).date()


def _business_day_after(day: date, business_days: int, zone: ZoneInfo) -> date:
    trigger = _business_noons(zone)
    noon = fire_on(day, at=_DAY_FINDER, zone=zone)
    for _ in range(business_days):
        noon = _next_fire(trigger, noon, noon)
    return noon.astimezone(zone).date()


def first_business_fire(*, on_or_after: date, at: time, zone: ZoneInfo) -> datetime:
    """The first business day at ``at`` local time, on ``on_or_after`` or later."""
    return fire_on(_business_day_on_or_after(on_or_after, zone), at=at, zone=zone)


def business_fire_after(
    fire: datetime, *, business_days: int, at: time, zone: ZoneInfo
) -> datetime:
    """``at`` local time, ``business_days`` business days after the local date of ``fire``."""
    day = _business_day_after(fire.astimezone(zone).date(), business_days, zone)
    return fire_on(day, at=at, zone=zone)


def fire_on(day: date, *, at: time, zone: ZoneInfo) -> datetime:
    """``at`` local time on exactly ``day``, whatever day of the week it is."""
    trigger = CronTrigger(
        year=day.year, month=day.month, day=day.day, hour=at.hour, minute=at.minute, timezone=zone
    )
    return _next_fire(trigger, None, local_midnight(day, zone))
