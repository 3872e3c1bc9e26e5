from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schedules.business_days import business_days_after, is_business_day


def test_weekdays_are_business_days_and_weekends_are_not() -> None:
    monday = date(2026, 11, 2)
    days = [monday + timedelta(days=offset) for offset in range(7)]
    assert [is_business_day(day) for day in days] == [True] * 5 + [False] * 2


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 2), 0, date(2026, 11, 2)),  # Monday, itself
        (date(2026, 11, 2), 2, date(2026, 11, 4)),  # Monday -> Wednesday
        (date(2026, 11, 5), 2, date(2026, 11, 9)),  # Thursday -> Monday over the weekend
        (date(2026, 11, 2), 5, date(2026, 11, 9)),  # a full week
        (date(2026, 11, 7), 1, date(2026, 11, 9)),  # Saturday -> Monday
        (date(2026, 12, 30), 3, date(2027, 1, 4)),  # across the year end
    ],
)
def test_business_days_after(start: date, n: int, expected: date) -> None:
    assert business_days_after(start, n) == expected


def test_business_days_after_refuses_negative_counts() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        business_days_after(date(2026, 11, 2), -1)


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    n=st.integers(min_value=1, max_value=30),
)
def test_business_days_after_lands_on_a_business_day_n_business_days_later(
    start: date, n: int
) -> None:
    result = business_days_after(start, n)
    assert is_business_day(result)
    between = [start + timedelta(days=k) for k in range(1, (result - start).days + 1)]
    assert sum(is_business_day(day) for day in between) == n
