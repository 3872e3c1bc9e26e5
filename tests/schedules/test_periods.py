from datetime import UTC, date, datetime

import pytest

from schedules.errors import ScheduleError
from schedules.periods import parse_period, period_of, shift_period


@pytest.mark.parametrize(
    ("moment", "tz", "expected"),
    [
        # 2026-11-30T16:00Z is 2026-12-01 01:00 in Tokyo.
        (datetime(2026, 11, 30, 16, 0, tzinfo=UTC), "Asia/Tokyo", "2026-12"),
        (datetime(2026, 11, 30, 16, 0, tzinfo=UTC), "Europe/Berlin", "2026-11"),
        (datetime(2026, 11, 30, 14, 59, tzinfo=UTC), "Asia/Tokyo", "2026-11"),
        (datetime(2026, 11, 30, 15, 0, tzinfo=UTC), "Asia/Tokyo", "2026-12"),
        # New Year's Eve evening in New York is already January in UTC.
        (datetime(2027, 1, 1, 3, 0, tzinfo=UTC), "America/New_York", "2026-12"),
        (datetime(2027, 1, 1, 5, 0, tzinfo=UTC), "America/New_York", "2027-01"),
        (datetime(2026, 3, 31, 22, 0, tzinfo=UTC), "Europe/Berlin", "2026-04"),
        (datetime(2026, 3, 31, 21, 59, tzinfo=UTC), "Europe/Berlin", "2026-03"),
    ],
)
def test_period_of_uses_the_local_date(moment: datetime, tz: str, expected: str) -> None:
    assert period_of(moment, tz) == expected


def test_period_of_refuses_naive_times() -> None:
    with pytest.raises(ScheduleError, match="has no time zone"):
        period_of(datetime(2026, 11, 30, 16, 0), "Asia/Tokyo")


def test_period_of_explains_unknown_zones() -> None:
    with pytest.raises(ScheduleError, match="'Mars/Olympus' is not a known time zone"):
        period_of(datetime(2026, 11, 30, tzinfo=UTC), "Mars/Olympus")


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-01", "2026/01", "", "x"])
def test_parse_period_explains_bad_input(text: str) -> None:
    with pytest.raises(ScheduleError, match="is not a month; write the period as YYYY-MM"):
        parse_period(text)


def test_parse_period_gives_the_first_of_the_month() -> None:
    assert parse_period("2026-12") == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("period", "months", "expected"),
    [("2026-12", 1, "2027-01"), ("2027-01", -1, "2026-12"), ("2026-05", -14, "2025-03")],
)
def test_shift_period(period: str, months: int, expected: str) -> None:
    assert shift_period(period, months=months) == expected
