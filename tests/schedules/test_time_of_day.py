from datetime import time

import pytest

from schedules.errors import ScheduleError
from schedules.time_of_day import check_safe_time, format_time_of_day, parse_time_of_day


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00", time(9, 0)), ("9:30", time(9, 30)), ("23:59", time(23, 59)), ("00:15", time(0, 15))],
)
def test_parse_time_of_day(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["24:00", "09:60", "9", "9am", "09:00:00", "", "0900", "-1:00"])
def test_parse_time_of_day_explains_bad_input(text: str) -> None:
    with pytest.raises(ScheduleError, match=r"is not a time of day: use HH:MM on a 24-hour clock"):
        parse_time_of_day(text)


def test_format_time_of_day_pads() -> None:
    assert format_time_of_day(time(7, 5)) == "07:05"


@pytest.mark.parametrize("at", [time(1, 0), time(2, 30), time(3, 59)])
def test_times_disturbed_by_daylight_saving_are_refused(at: time) -> None:
    with pytest.raises(ScheduleError, match=r"daylight-saving changes.*twice or not at all"):
        check_safe_time(at, what="check-in")


@pytest.mark.parametrize("at", [time(0, 59), time(4, 0), time(9, 0), time(23, 59)])
def test_other_times_are_accepted(at: time) -> None:
    check_safe_time(at, what="check-in")


def test_seconds_are_refused() -> None:
    with pytest.raises(ScheduleError, match="whole minutes"):
        check_safe_time(time(9, 0, 30), what="check-in")
