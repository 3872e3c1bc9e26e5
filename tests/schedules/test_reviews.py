from datetime import UTC, date, datetime, time

import pytest

from schedules.errors import ScheduleError
from schedules.reviews import review_reminders


def test_reminders_are_due_at_local_nine_before_the_review() -> None:
    reminders = review_reminders(date(2026, 12, 15), [14, 3, 1], "Europe/Berlin")
    assert reminders == [
        (14, datetime(2026, 12, 1, 8, 0, tzinfo=UTC)),
        (3, datetime(2026, 12, 12, 8, 0, tzinfo=UTC)),
        (1, datetime(2026, 12, 14, 8, 0, tzinfo=UTC)),
    ]


def test_reminders_keep_local_time_across_daylight_saving() -> None:
    # New York leaves daylight saving on 2026-11-01: 09:00 is 13:00Z before, 14:00Z after.
    reminders = review_reminders(date(2026, 11, 3), [7, 1], "America/New_York", at=time(9, 0))
    assert reminders == [
        (7, datetime(2026, 10, 27, 13, 0, tzinfo=UTC)),
        (1, datetime(2026, 11, 2, 14, 0, tzinfo=UTC)),
    ]


def test_reminders_are_sorted_earliest_first_and_deduplicated() -> None:
    reminders = review_reminders(date(2027, 3, 1), [1, 14, 1, 0], "Asia/Tokyo", at=time(17, 30))
    assert [days for days, _ in reminders] == [14, 1, 0]
    assert reminders[-1][1] == datetime(2027, 3, 1, 8, 30, tzinfo=UTC)
    assert all(due.tzinfo is UTC for _, due in reminders)


def test_reminders_may_fall_on_weekends() -> None:
    # Calendar days: 2026-12-15 minus 3 days is Saturday the 12th.
    ((days, due),) = review_reminders(date(2026, 12, 15), [3], "UTC")
    assert (days, due) == (3, datetime(2026, 12, 12, 9, 0, tzinfo=UTC))


def test_negative_offsets_are_refused() -> None:
    with pytest.raises(ScheduleError, match=r"days before the review \(0 or more\), got -2"):
        review_reminders(date(2026, 12, 15), [3, -2], "UTC")


def test_unsafe_reminder_times_are_refused() -> None:
    with pytest.raises(ScheduleError, match="reminder time of 02:00 is refused"):
        review_reminders(date(2026, 12, 15), [3], "UTC", at=time(2, 0))
