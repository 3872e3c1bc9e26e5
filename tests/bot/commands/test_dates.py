from datetime import date

import pytest

from bot.commands.dates import date_word_count, parse_date
from bot.commands.errors import Invalid

TODAY = date(2026, 11, 20)  # a Friday


def parse(text: str, today: date = TODAY) -> date:
    return parse_date(text, today=today)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-24",
        "2026/12/24",
        "24.12.2026",
        "Dec 24 2026",
        "dec 24, 2026",
        "December 24th, 2026",
        "Dec. 24 2026",
        "24 Dec 2026",
        "24 December 2026",
        "24th Dec 2026",
        "24. Dec 2026",
        "24th December, 2026",
        "Dec 24",
        "24 dec",
    ],
)
def test_absolute_forms_of_christmas_eve(text: str) -> None:
    assert parse(text) == date(2026, 12, 24)


def test_a_day_without_year_is_the_next_one_today_included() -> None:
    assert parse("Nov 20") == date(2026, 11, 20)
    assert parse("Nov 19") == date(2027, 11, 19)
    assert parse("Feb 29") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 20)),
        ("Tomorrow", date(2026, 11, 21)),
        ("+3d", date(2026, 11, 23)),
        ("+2w", date(2026, 12, 4)),
        ("+1m", date(2026, 12, 20)),
        ("in 3 days", date(2026, 11, 23)),
        ("in 1 day", date(2026, 11, 21)),
        ("in 2 weeks", date(2026, 12, 4)),
        ("in 3 months", date(2027, 2, 20)),
        ("monday", date(2026, 11, 23)),
        ("fri", date(2026, 11, 27)),
        ("next Friday", date(2026, 11, 27)),
        ("saturday", date(2026, 11, 21)),
    ],
)
def test_relative_forms(text: str, expected: date) -> None:
    assert parse(text) == expected


def test_months_ahead_keep_the_day_or_the_last_of_the_month() -> None:
    assert parse("+1m", today=date(2027, 1, 31)) == date(2027, 2, 28)
    assert parse("in 1 month", today=date(2027, 12, 15)) == date(2028, 1, 15)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("31.04.2026", "April 2026 has 30 days"),
        ("2026-13-01", "not a real date"),
        ("Feb 30", "not a real date"),
        ("Feb 30 2026", "February 2026 has 28 days"),
        ("12/24/2026", "day/month or month/day"),
        ("24/12/26", "day/month or month/day"),
        ("someday", "not a date I know"),
        ("Decembre 24 2026", "not a date I know"),
        ("1999-12-31", "out of range"),
        ("+99999d", "too far ahead"),
        ("in 600 weeks", "too far ahead"),
        ("+121m", "too far ahead"),
        ("", "missing"),
    ],
)
def test_wrong_dates_say_what_is_wrong(text: str, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        parse(text)


def test_relative_dates_never_overflow_near_the_end_of_time() -> None:
    with pytest.raises(Invalid):
        parse("tomorrow", today=date.max)
    with pytest.raises(Invalid):
        parse("+1m", today=date(9999, 12, 1))
    with pytest.raises(Invalid):
        parse("Dec 24", today=date(9999, 12, 25))


@pytest.mark.parametrize(
    ("words", "count"),
    [
        ([], 0),
        (["2026-12-24", "Q4", "review"], 1),
        (["Dec", "24", "2026", "Q4"], 3),
        (["24", "Dec", "review"], 2),
        (["in", "2", "weeks", "x"], 3),
        (["next", "friday", "x"], 2),
        (["next", "thing"], 1),
        (["Dec", "24", "100"], 2),
    ],
)
def test_date_word_count(words: list[str], count: int) -> None:
    assert date_word_count(words) == count
