from datetime import UTC, datetime, timedelta

import pytest

from schedules.clock import ManualClock, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", timedelta(days=3)),
        ("2h", timedelta(hours=2)),
        ("1w", timedelta(weeks=1)),
        ("90m", timedelta(minutes=90)),
        (" 14D ", timedelta(days=14)),
        ("0d", timedelta(0)),
    ],
)
def test_parse_duration_reads_number_and_unit(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "3", "d", "3 days", "-1d", "1.5h", "3y", "2h30m", "1e3d"])
def test_parse_duration_explains_bad_input(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a duration: use a whole number and a unit"):
        parse_duration(text)


def test_manual_clock_moves_only_when_told() -> None:
    start = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    clock = ManualClock(start)
    assert clock.now() == start
    assert clock.advance(timedelta(hours=1)) == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert clock.now() == datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_manual_clock_refuses_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2026, 11, 2, 8, 0))
