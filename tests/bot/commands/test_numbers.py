from datetime import time
from decimal import Decimal

import pytest

from bot.commands.errors import Invalid
from bot.commands.numbers import (
    looks_like_percent,
    parse_amount,
    parse_clock,
    parse_day_count,
    parse_day_list,
    parse_percent,
)


@pytest.mark.parametrize(("word", "expected"), [("40%", 40), ("0%", 0), ("100%", 100), ("7 %", 7)])
def test_percentages(word: str, expected: int) -> None:
    assert looks_like_percent(word)
    assert parse_percent(word) == expected


@pytest.mark.parametrize(
    ("word", "problem"),
    [("140%", "from `0%` to `100%`"), ("-5%", "from `0%`"), ("40.5%", "whole number")],
)
def test_wrong_percentages(word: str, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        parse_percent(word)


def test_words_that_are_not_percentages() -> None:
    assert not looks_like_percent("40")
    assert not looks_like_percent("%")
    with pytest.raises(Invalid, match="40%"):
        parse_percent("forty")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("1200", Decimal("1200")),
        ("1,200", Decimal("1200")),
        ("1,200,000", Decimal("1200000")),
        ("1200.50", Decimal("1200.50")),
        ("$1,200.50", Decimal("1200.50")),
        ("1200€", Decimal("1200")),
        ("50k", Decimal("50000")),
        ("1.5M", Decimal("1500000")),
        ("0", Decimal("0")),
    ],
)
def test_money(word: str, expected: Decimal) -> None:
    amount = parse_amount(word, what="the budget", money=True)
    assert amount == expected
    assert str(amount) == str(expected)


def test_values_may_be_negative_and_finer() -> None:
    assert parse_amount("-3.125", what="the value", money=False) == Decimal("-3.125")


@pytest.mark.parametrize(
    ("word", "problem"),
    [
        ("-5", "cannot be negative"),
        ("1.005", "two decimals"),
        ("1,2", "not a number"),
        ("12,00", "not a number"),
        ("1.200,50", "not a number"),
        ("NaN", "not a number"),
        ("Infinity", "not a number"),
        ("1e5", "not a number"),
        ("9999999999999", "too large"),
        ("999999999999999m", "too large"),
        ("", "not a number"),
    ],
)
def test_wrong_money(word: str, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        parse_amount(word, what="the budget", money=True)


def test_day_counts() -> None:
    assert parse_day_count("5d", what="w", low=1, high=20) == 5
    assert parse_day_count("5", what="w", low=1, high=20) == 5
    assert parse_day_count("5 days", what="w", low=1, high=20) == 5
    with pytest.raises(Invalid, match="from 1 to 20"):
        parse_day_count("21d", what="w", low=1, high=20)
    with pytest.raises(Invalid, match="number of days"):
        parse_day_count("five", what="w", low=1, high=20)


def test_day_lists() -> None:
    assert parse_day_list("14d,3d,1d", what="r", low=0, high=365) == (14, 3, 1)
    assert parse_day_list("2;4", what="r", low=0, high=365) == (2, 4)
    with pytest.raises(Invalid, match="twice"):
        parse_day_list("3d,3d", what="r", low=0, high=365)
    with pytest.raises(Invalid, match="give days"):
        parse_day_list(",", what="r", low=0, high=365)
    with pytest.raises(Invalid, match="at most 10"):
        parse_day_list(",".join(str(day) for day in range(11)), what="r", low=0, high=365)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:30", time(9, 30)),
        ("17.45", time(17, 45)),
        ("9", time(9, 0)),
        ("21h", time(21, 0)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("5:30 PM", time(17, 30)),
    ],
)
def test_clock_times(word: str, expected: time) -> None:
    assert parse_clock(word) == expected


@pytest.mark.parametrize("word", ["24:00", "9:60", "13pm", "noon", "0am"])
def test_wrong_clock_times(word: str) -> None:
    with pytest.raises(Invalid, match="time of day"):
        parse_clock(word)
