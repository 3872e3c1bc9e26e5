"""The pure rules of the sweeps, at chosen instants and zones."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from schedules.cadence import DEFAULT_CADENCE
from schedules.sweeps.decide import (
    CheckInState,
    cadence_or_default,
    escalation_due,
    is_available,
    is_away,
    nudge_due,
    overdue_week_due,
    prompt_due,
    review_reminder_due,
    usable_zone,
)
from schedules.windows import window_for

# December 2026 in Berlin: opens Tue 1st 09:00 (08:00 UTC), nudges Thu 3rd and Mon 7th,
# closes Tue 8th.
WINDOW = window_for(DEFAULT_CADENCE, "2026-12", "Europe/Berlin")
OPENS = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
NUDGE_1 = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
NUDGE_2 = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def asked(at: datetime = OPENS, **fields: object) -> CheckInState:
    return CheckInState(asked_at=at, **fields)  # type: ignore[arg-type]


def test_the_window_is_as_expected() -> None:
    assert (WINDOW.opens_at, WINDOW.nudges_at, WINDOW.closes_at) == (
        OPENS,
        (NUDGE_1, NUDGE_2),
        CLOSES,
    )


def test_the_prompt_is_owed_from_the_opening_until_the_close_unless_asked() -> None:
    assert not prompt_due(WINDOW, None, now=OPENS - MINUTE)
    assert prompt_due(WINDOW, None, now=OPENS)
    assert prompt_due(WINDOW, CheckInState(), now=CLOSES - MINUTE)
    assert not prompt_due(WINDOW, None, now=CLOSES)
    assert not prompt_due(WINDOW, asked(), now=OPENS + MINUTE)
    assert not prompt_due(None, None, now=OPENS)


def test_nudges_come_at_their_times_each_once() -> None:
    assert nudge_due(WINDOW, asked(), now=NUDGE_1 - MINUTE) is None
    assert nudge_due(WINDOW, asked(), now=NUDGE_1) == 1
    assert nudge_due(WINDOW, asked(nudges_sent=1), now=NUDGE_1 + MINUTE) is None
    assert nudge_due(WINDOW, asked(nudges_sent=1), now=NUDGE_2) == 2
    assert nudge_due(WINDOW, asked(nudges_sent=2), now=CLOSES - MINUTE) is None


def test_after_downtime_only_the_latest_nudge_is_sent() -> None:
    assert nudge_due(WINDOW, asked(), now=NUDGE_2 + timedelta(hours=5)) == 2


def test_a_late_prompt_is_not_followed_at_once_by_a_nudge() -> None:
    late = asked(at=NUDGE_1 + timedelta(hours=1))
    assert nudge_due(WINDOW, late, now=NUDGE_1 + timedelta(hours=2)) is None
    assert nudge_due(WINDOW, late, now=NUDGE_2) == 2


def test_no_nudge_once_answered_escalated_or_closed() -> None:
    assert nudge_due(WINDOW, asked(answered_at=OPENS), now=NUDGE_1) is None
    assert nudge_due(WINDOW, asked(escalated_at=CLOSES), now=NUDGE_2) is None
    assert nudge_due(WINDOW, asked(), now=CLOSES) is None


def test_escalation_is_owed_at_the_close_for_the_silent_only() -> None:
    assert not escalation_due(WINDOW, asked(), now=CLOSES - MINUTE)
    assert escalation_due(WINDOW, asked(), now=CLOSES)
    assert escalation_due(WINDOW, asked(nudges_sent=2), now=CLOSES + timedelta(days=3))
    assert not escalation_due(WINDOW, asked(answered_at=NUDGE_1), now=CLOSES)
    assert not escalation_due(WINDOW, asked(escalated_at=CLOSES), now=CLOSES)
    assert not escalation_due(WINDOW, CheckInState(), now=CLOSES)


def test_away_is_inclusive_and_ends_on_the_morning_after() -> None:
    assert is_away(date(2026, 12, 4), today=date(2026, 12, 4))
    assert not is_away(date(2026, 12, 4), today=date(2026, 12, 5))
    assert not is_away(None, today=date(2026, 12, 5))
    back = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
    nine = time(9, 0)
    away = date(2026, 12, 4)
    assert not is_available(away, now=back - MINUTE, tz="Europe/Berlin", at=nine)
    assert is_available(away, now=back, tz="Europe/Berlin", at=nine)
    assert is_available(None, now=back, tz="Europe/Berlin", at=nine)


@pytest.mark.parametrize(
    ("now", "tz", "expected"),
    [
        # Monday 7 December 2026, 09:00 in Tokyo is 00:00 UTC.
        (datetime(2026, 12, 6, 23, 59, tzinfo=UTC), "Asia/Tokyo", None),
        (datetime(2026, 12, 7, 0, 0, tzinfo=UTC), "Asia/Tokyo", "2026-W50"),
        # …while it is still Sunday in New York: last week's reminder stays the one owed.
        (datetime(2026, 12, 7, 0, 0, tzinfo=UTC), "America/New_York", "2026-W49"),
        (datetime(2026, 12, 7, 14, 0, tzinfo=UTC), "America/New_York", "2026-W50"),
        # Sunday: the week's Monday has passed.
        (datetime(2026, 12, 13, 12, 0, tzinfo=UTC), "Europe/Berlin", "2026-W50"),
        # ISO weeks across the new year: Monday 4 January 2027 is in 2027-W01.
        (datetime(2027, 1, 4, 8, 0, tzinfo=UTC), "Europe/Berlin", "2027-W01"),
    ],
)
def test_the_overdue_week_starts_on_monday_at_nine_local(
    now: datetime, tz: str, expected: str | None
) -> None:
    week = overdue_week_due(now, tz)
    assert (week.label if week else None) == expected
    if week is not None:
        assert week.monday.weekday() == 0


def test_the_latest_review_reminder_due_is_the_one_owed() -> None:
    held_on = date(2026, 12, 18)

    def due(now: datetime) -> int | None:
        return review_reminder_due(held_on=held_on, remind_days=[14, 3, 1], tz="UTC", now=now)

    assert due(datetime(2026, 12, 4, 8, 59, tzinfo=UTC)) is None
    assert due(datetime(2026, 12, 4, 9, 0, tzinfo=UTC)) == 14
    assert due(datetime(2026, 12, 15, 9, 0, tzinfo=UTC)) == 3
    assert due(datetime(2026, 12, 17, 23, 0, tzinfo=UTC)) == 1
    assert due(datetime(2026, 12, 18, 23, 0, tzinfo=UTC)) == 1  # the day itself
    assert due(datetime(2026, 12, 19, 0, 0, tzinfo=UTC)) is None  # over


def test_a_bad_zone_or_cadence_falls_back_instead_of_stopping_the_sweeps() -> None:
    assert usable_zone("Mars/Olympus", default_tz="Europe/Berlin") == "Europe/Berlin"
    assert usable_zone("", default_tz="UTC") == "UTC"
    assert usable_zone("Asia/Tokyo", default_tz="UTC") == "Asia/Tokyo"
    assert cadence_or_default({"cadence": {"window_days": 99}}, None) == DEFAULT_CADENCE
    assert cadence_or_default({"cadence": {"window_days": 7}}, None).window_days == 7
