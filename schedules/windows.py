"""Check-in windows: a cadence applied to one month in one owner's time zone.

Fire times come from APScheduler's cron triggers (see ``schedules.fire_times`` for why,
and for why weekdays are written as names). All datetimes returned are aware UTC.

A window belongs to the month (period) that produced it, even when it opens or runs into
the next month: a fixed day 28 that falls on a Saturday opens on the Monday after, and a
window opened late in a month closes in the next one. Sweeps should therefore take the
period from the window (``current_window``), not from the date.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from schedules.cadence import Cadence, OpensOn
from schedules.fire_times import business_fire_after, first_business_fire, zone_named
from schedules.periods import parse_period, period_of, require_aware, shift_period


@dataclass(frozen=True, kw_only=True)
class CheckInWindow:
    """One period's check-in: prompt at ``opens_at``, nudges, escalation at ``closes_at``."""

    period: str
    opens_at: datetime
    nudges_at: tuple[datetime, ...]
    closes_at: datetime

    @property
    def escalates_at(self) -> datetime:
        """Managers are told who has not reported when the window closes."""
        return self.closes_at

    def contains(self, moment: datetime) -> bool:
        return self.opens_at <= moment <= self.closes_at


# A window depends only on its arguments and is immutable; sweeps ask for the same few
# (cadence, month, zone) combinations every minute for every owner, so they are remembered.
@lru_cache(maxsize=4096)
def window_for(cadence: Cadence, period: str, tz: str) -> CheckInWindow:
    """The check-in window of ``period`` (``YYYY-MM``) for an owner in zone ``tz``."""
    first_of_month = parse_period(period)
    zone = zone_named(tz)
    start_day, steps = _opening_rule(cadence, first_of_month)
    first = first_business_fire(on_or_after=start_day, at=cadence.at, zone=zone)
    opens_at = business_fire_after(first, business_days=steps, at=cadence.at, zone=zone)
    nudges_at = tuple(
        business_fire_after(opens_at, business_days=days, at=cadence.at, zone=zone)
        for days in cadence.nudge_days
    )
    closes_at = business_fire_after(
        opens_at, business_days=cadence.window_days, at=cadence.at, zone=zone
    )
    return CheckInWindow(period=period, opens_at=opens_at, nudges_at=nudges_at, closes_at=closes_at)


def current_window(cadence: Cadence, now: datetime, tz: str) -> CheckInWindow | None:
    """The window open at ``now``; else the current period's window if it has opened; else None.

    When two windows contain ``now`` (a late window running into the next opening), the one
    opened last wins.
    """
    require_aware(now, what="current time")
    period = period_of(now, tz)
    # A window opens at the earliest on its month's first day and lasts at most three weeks,
    # so only this period and the two before can hold ``now``.
    candidates = [window_for(cadence, shift_period(period, months=-back), tz) for back in (2, 1, 0)]
    open_now = [window for window in candidates if window.contains(now)]
    if open_now:
        return max(open_now, key=lambda window: window.opens_at)
    this_period = candidates[-1]
    return this_period if this_period.opens_at <= now else None


def next_opening(cadence: Cadence, after: datetime, tz: str) -> datetime:
    """The first check-in opening strictly after ``after`` (aware UTC)."""
    require_aware(after, what="start time")
    period = period_of(after, tz)
    openings = (
        window_for(cadence, shift_period(period, months=shift), tz).opens_at for shift in (-1, 0, 1)
    )
    return min(opening for opening in openings if opening > after)


def _opening_rule(cadence: Cadence, first_of_month: date) -> tuple[date, int]:
    """The day to start looking for a business day, and how many more business days to step."""
    if cadence.opens_on is OpensOn.CALENDAR_DAY:
        return first_of_month.replace(day=cadence.calendar_day), 0
    return first_of_month, cadence.business_day - 1
