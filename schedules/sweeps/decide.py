"""The pure decisions of the sweeps: given the facts and the time, is something owed?

No database and no clock here: every function gets ``now`` (aware) and plain values, so
the rules can be tested at any instant, in any zone.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from schedules.cadence import DEFAULT_CADENCE, Cadence, effective_cadence
from schedules.errors import ScheduleError
from schedules.fire_times import fire_on, zone_named
from schedules.reviews import review_reminders
from schedules.windows import CheckInWindow

log = logging.getLogger(__name__)

WEEKLY_AT = time(9, 0)
REVIEW_REMINDER_AT = time(9, 0)


@dataclass(frozen=True, kw_only=True)
class CheckInState:
    """What is recorded of one owner's check-in for one period."""

    asked_at: datetime | None = None
    answered_at: datetime | None = None
    nudges_sent: int = 0
    escalated_at: datetime | None = None

    @property
    def waiting(self) -> bool:
        """Asked, not answered, and the manager not told yet."""
        return self.asked_at is not None and self.answered_at is None and self.escalated_at is None


def usable_zone(tz: str | None, *, default_tz: str) -> str:
    """``tz`` when it is a known zone, else ``default_tz`` (a bad profile must not stop sweeps)."""
    if tz:
        try:
            zone_named(tz)
        except ScheduleError:
            log.warning("unknown time zone %r; using %s", tz, default_tz)
        else:
            return tz
    return default_tz


def local_today(now: datetime, tz: str) -> date:
    return now.astimezone(zone_named(tz)).date()


def is_away(away_until: date | None, *, today: date) -> bool:
    """Away through ``away_until`` inclusive, by the person's own date."""
    return away_until is not None and away_until >= today


def is_available(away_until: date | None, *, now: datetime, tz: str, at: time) -> bool:
    """Back from being away by ``at`` local time of the day after ``away_until``.

    What was held back while someone was away reaches them on their first morning back
    (at the cadence's time of day), not at midnight.
    """
    if away_until is None:
        return True
    return now >= _local_fire(away_until + timedelta(days=1), at, tz)


def cadence_or_default(
    workspace_settings: Mapping[str, Any], team_settings: Mapping[str, Any] | None
) -> Cadence:
    """The effective cadence; a broken stored setting falls back to the defaults (logged)."""
    try:
        return effective_cadence(workspace_settings, team_settings)
    except ScheduleError as error:
        log.warning("stored cadence is unusable (%s); using the default cadence", error)
        return DEFAULT_CADENCE


def prompt_due(window: CheckInWindow | None, state: CheckInState | None, *, now: datetime) -> bool:
    """The prompt is owed while the window is open and the owner has not been asked."""
    if window is None or (state is not None and state.asked_at is not None):
        return False
    return window.opens_at <= now < window.closes_at


def nudge_due(window: CheckInWindow, state: CheckInState, *, now: datetime) -> int | None:
    """The nudge level owed now, if any.

    Only nudge times after the prompt count (a prompt sent late is not followed at once by
    a nudge), and after downtime only the latest level that has come is sent, once.
    """
    if not state.waiting or state.asked_at is None or now >= window.closes_at:
        return None
    asked_at = state.asked_at
    passed = [
        level
        for level, nudge_at in enumerate(window.nudges_at, start=1)
        if asked_at < nudge_at <= now
    ]
    if not passed or passed[-1] <= state.nudges_sent:
        return None
    return passed[-1]


def escalation_due(window: CheckInWindow, state: CheckInState, *, now: datetime) -> bool:
    """The manager is told once the window has closed on an owner still silent."""
    return state.waiting and now >= window.closes_at


@dataclass(frozen=True, kw_only=True)
class OverdueWeek:
    """The week whose overdue reminder may be owed: tasks due before ``monday`` count."""

    label: str  # ISO week, e.g. 2026-W50
    monday: date


def overdue_week_due(now: datetime, tz: str, *, at: time = WEEKLY_AT) -> OverdueWeek | None:
    """This week's overdue reminder, once Monday ``at`` local time has come.

    Only tasks already past due on the Monday count for that week, so a task that runs
    late on a Thursday is mentioned the next Monday morning, not at once; after downtime
    the week's reminder still goes out at the first sweep.
    """
    zone = zone_named(tz)
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    if now < _local_fire(monday, at, tz):
        return None
    year, week, _ = monday.isocalendar()
    return OverdueWeek(label=f"{year}-W{week:02d}", monday=monday)


@lru_cache(maxsize=4096)
def _local_fire(day: date, at: time, tz: str) -> datetime:
    return fire_on(day, at=at, zone=zone_named(tz))


def review_reminder_due(
    *,
    held_on: date,
    remind_days: Sequence[int],
    tz: str,
    now: datetime,
    at: time = REVIEW_REMINDER_AT,
) -> int | None:
    """The days-before of the reminder owed now: the latest one whose time has come.

    Reminders skipped while nothing ran are not sent late (the nearer one says more), and
    none is owed once the review day is over.
    """
    if held_on < local_today(now, tz):
        return None
    days = [int(day) for day in remind_days if isinstance(day, int) and day >= 0]
    come = [offset for offset, due_at in review_reminders(held_on, days, tz, at) if due_at <= now]
    return come[-1] if come else None
