"""Reminders before a review date, at a local time of day in the reminder's zone."""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from schedules.errors import ScheduleError
from schedules.fire_times import fire_on, zone_named
from schedules.time_of_day import check_safe_time


def review_reminders(
    held_on: date, remind_days: Sequence[int], tz: str, at: time = time(9, 0)
) -> list[tuple[int, datetime]]:
    """``(days_before, due_at)`` for each reminder, earliest first; ``due_at`` is aware UTC.

    Days are calendar days before ``held_on`` (``0`` is the day itself), at ``at`` local
    time in ``tz``; a repeated offset gives one reminder.
    """
    check_safe_time(at, what="reminder")
    zone = zone_named(tz)
    negative = [days for days in remind_days if days < 0]
    if negative:
        raise ScheduleError(
            f"reminders are days before the review (0 or more), got {', '.join(map(str, negative))}"
        )
    return [
        (days, fire_on(held_on - timedelta(days=days), at=at, zone=zone))
        for days in sorted(set(remind_days), reverse=True)
    ]
