from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from schedules.errors import ScheduleError
from schedules.fire_times import business_fire_after, fire_on, first_business_fire, zone_named

NEW_YORK = ZoneInfo("America/New_York")


def test_zone_named_explains_unknown_zones() -> None:
    assert zone_named("Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
    for bad in ["CEST", "Europe/Atlantis", "", "../etc/passwd"]:
        with pytest.raises(ScheduleError, match="is not a known time zone: use an IANA name"):
            zone_named(bad)


def test_first_business_fire_skips_the_weekend() -> None:
    # Saturday 2026-11-07 -> Monday 2026-11-09, 09:00 New York (standard time, UTC-5).
    fire = first_business_fire(on_or_after=date(2026, 11, 7), at=time(9, 0), zone=NEW_YORK)
    assert fire == datetime(2026, 11, 9, 14, 0, tzinfo=UTC)


def test_first_business_fire_takes_a_weekday_itself() -> None:
    # Friday 2026-11-06 stays Friday: Monday is not weekday 0 of some other convention.
    fire = first_business_fire(on_or_after=date(2026, 11, 6), at=time(17, 0), zone=NEW_YORK)
    assert fire == datetime(2026, 11, 6, 22, 0, tzinfo=UTC)


def test_business_fire_after_zero_days_is_the_same_fire() -> None:
    fire = datetime(2026, 11, 6, 22, 0, tzinfo=UTC)
    assert business_fire_after(fire, business_days=0, at=time(17, 0), zone=NEW_YORK) == fire


def test_fire_on_any_day_of_the_week() -> None:
    # Sunday 2026-11-01 is the day New York leaves daylight time; 09:00 is then UTC-5.
    assert fire_on(date(2026, 11, 1), at=time(9, 0), zone=NEW_YORK) == datetime(
        2026, 11, 1, 14, 0, tzinfo=UTC
    )
