from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedules.business_days import business_days_after, is_business_day
from schedules.cadence import DEFAULT_CADENCE, Cadence, OpensOn
from schedules.errors import ScheduleError
from schedules.windows import CheckInWindow, current_window, next_opening, window_for

MAIN_ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo"]
MONTHS_2026_2027 = [f"{year}-{month:02d}" for year in (2026, 2027) for month in range(1, 13)]


def at_local(day: date, at: time, tz: str) -> datetime:
    """An independent oracle: ``at`` on ``day`` in ``tz``, as UTC, via zoneinfo alone."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def first_business_day_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


@pytest.mark.parametrize("tz", MAIN_ZONES)
@pytest.mark.parametrize("period", MONTHS_2026_2027)
def test_default_window_every_month(period: str, tz: str) -> None:
    year, month = (int(part) for part in period.split("-"))
    opening_day = first_business_day_on_or_after(date(year, month, 1))
    window = window_for(DEFAULT_CADENCE, period, tz)
    assert window == CheckInWindow(
        period=period,
        opens_at=at_local(opening_day, time(9, 0), tz),
        nudges_at=(
            at_local(business_days_after(opening_day, 2), time(9, 0), tz),
            at_local(business_days_after(opening_day, 4), time(9, 0), tz),
        ),
        closes_at=at_local(business_days_after(opening_day, 5), time(9, 0), tz),
    )
    assert window.opens_at.tzinfo is UTC
    assert window.escalates_at == window.closes_at


@pytest.mark.parametrize(
    ("period", "opening"),
    [
        ("2026-11", date(2026, 11, 2)),  # the 1st is a Sunday
        ("2027-05", date(2027, 5, 3)),  # the 1st is a Saturday
        ("2026-08", date(2026, 8, 3)),  # the 1st is a Saturday
        ("2026-12", date(2026, 12, 1)),  # a Tuesday
        ("2027-01", date(2027, 1, 1)),  # a Friday (no holidays yet)
    ],
)
@pytest.mark.parametrize("tz", MAIN_ZONES)
def test_known_openings(period: str, opening: date, tz: str) -> None:
    opens = local(window_for(DEFAULT_CADENCE, period, tz).opens_at, tz)
    assert (opens.date(), opens.time()) == (opening, time(9, 0))


def test_known_utc_instants() -> None:
    assert window_for(DEFAULT_CADENCE, "2026-11", "Europe/Berlin").opens_at == datetime(
        2026, 11, 2, 8, 0, tzinfo=UTC
    )
    assert window_for(DEFAULT_CADENCE, "2026-11", "America/New_York").opens_at == datetime(
        2026, 11, 2, 14, 0, tzinfo=UTC
    )
    assert window_for(DEFAULT_CADENCE, "2026-11", "Asia/Tokyo").opens_at == datetime(
        2026, 11, 2, 0, 0, tzinfo=UTC
    )


def test_berlin_window_across_spring_change_keeps_nine_local() -> None:
    # Berlin moves to summer time on Sunday 2026-03-29: 09:00 is 08:00Z before, 07:00Z after.
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=26)
    window = window_for(cadence, "2026-03", "Europe/Berlin")
    assert window.opens_at == datetime(2026, 3, 26, 8, 0, tzinfo=UTC)  # Thursday
    assert window.nudges_at == (
        datetime(2026, 3, 30, 7, 0, tzinfo=UTC),  # Monday
        datetime(2026, 4, 1, 7, 0, tzinfo=UTC),  # Wednesday
    )
    assert window.closes_at == datetime(2026, 4, 2, 7, 0, tzinfo=UTC)  # Thursday


def test_new_york_window_across_spring_change_keeps_nine_local() -> None:
    # New York moves to daylight time on Sunday 2026-03-08: 14:00Z before, 13:00Z after.
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=5)
    window = window_for(cadence, "2026-03", "America/New_York")
    assert window.opens_at == datetime(2026, 3, 5, 14, 0, tzinfo=UTC)  # Thursday
    assert window.nudges_at == (
        datetime(2026, 3, 9, 13, 0, tzinfo=UTC),
        datetime(2026, 3, 11, 13, 0, tzinfo=UTC),
    )
    assert window.closes_at == datetime(2026, 3, 12, 13, 0, tzinfo=UTC)


def test_new_york_window_across_autumn_change_keeps_nine_local() -> None:
    # New York leaves daylight time on Sunday 2026-11-01: 13:00Z before, 14:00Z after.
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=28)
    window = window_for(cadence, "2026-10", "America/New_York")
    assert window.opens_at == datetime(2026, 10, 28, 13, 0, tzinfo=UTC)  # Wednesday
    assert window.nudges_at == (
        datetime(2026, 10, 30, 13, 0, tzinfo=UTC),  # Friday, still daylight time
        datetime(2026, 11, 3, 14, 0, tzinfo=UTC),  # Tuesday, standard time
    )
    assert window.closes_at == datetime(2026, 11, 4, 14, 0, tzinfo=UTC)


def test_tokyo_has_no_daylight_saving() -> None:
    offsets = {
        local(window_for(DEFAULT_CADENCE, period, "Asia/Tokyo").opens_at, "Asia/Tokyo").utcoffset()
        for period in MONTHS_2026_2027
    }
    assert offsets == {timedelta(hours=9)}


def test_fixed_day_on_a_saturday_moves_to_monday() -> None:
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=15)
    # 2026-08-15 is a Saturday.
    opens = local(window_for(cadence, "2026-08", "Europe/Berlin").opens_at, "Europe/Berlin")
    assert opens == datetime(2026, 8, 17, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_fixed_day_on_a_weekday_stays() -> None:
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=15)
    # 2026-12-15 is a Tuesday.
    opens = window_for(cadence, "2026-12", "UTC").opens_at
    assert opens == datetime(2026, 12, 15, 9, 0, tzinfo=UTC)


def test_fixed_day_can_move_into_the_next_month() -> None:
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=28)
    # 2026-02-28 is a Saturday: the February check-in opens on Monday 2 March.
    window = window_for(cadence, "2026-02", "UTC")
    assert window.period == "2026-02"
    assert window.opens_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_nth_business_day() -> None:
    cadence = Cadence(business_day=3, at=time(10, 30))
    # November 2026 begins on a Sunday: business days 2, 3, 4 ...
    window = window_for(cadence, "2026-11", "America/New_York")
    assert local(window.opens_at, "America/New_York") == datetime(
        2026, 11, 4, 10, 30, tzinfo=ZoneInfo("America/New_York")
    )


def test_window_crossing_month_end() -> None:
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=27, window_days=5)
    # 2026-11-27 is a Friday; five business days later is Friday 4 December.
    window = window_for(cadence, "2026-11", "Asia/Tokyo")
    tokyo = ZoneInfo("Asia/Tokyo")
    assert local(window.opens_at, "Asia/Tokyo") == datetime(2026, 11, 27, 9, 0, tzinfo=tokyo)
    assert [local(nudge, "Asia/Tokyo").date() for nudge in window.nudges_at] == [
        date(2026, 12, 1),
        date(2026, 12, 3),
    ]
    assert local(window.closes_at, "Asia/Tokyo") == datetime(2026, 12, 4, 9, 0, tzinfo=tokyo)


def test_nudges_follow_custom_offsets() -> None:
    cadence = Cadence(window_days=10, nudge_days=(1, 3, 9))
    window = window_for(cadence, "2026-11", "UTC")  # opens Monday 2 November
    assert [nudge.date() for nudge in window.nudges_at] == [
        date(2026, 11, 3),
        date(2026, 11, 5),
        date(2026, 11, 13),
    ]
    assert window.closes_at == datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def test_window_for_explains_bad_period_and_zone() -> None:
    with pytest.raises(ScheduleError, match="is not a month"):
        window_for(DEFAULT_CADENCE, "November", "UTC")
    with pytest.raises(ScheduleError, match="is not a known time zone"):
        window_for(DEFAULT_CADENCE, "2026-11", "Berlin")


# -- current_window and next_opening -----------------------------------------------------


def test_current_window_while_open() -> None:
    now = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    window = current_window(DEFAULT_CADENCE, now, "Europe/Berlin")
    assert window == window_for(DEFAULT_CADENCE, "2026-11", "Europe/Berlin")


def test_current_window_bounds_are_inclusive() -> None:
    window = window_for(DEFAULT_CADENCE, "2026-11", "Europe/Berlin")
    assert current_window(DEFAULT_CADENCE, window.opens_at, "Europe/Berlin") == window
    assert current_window(DEFAULT_CADENCE, window.closes_at, "Europe/Berlin") == window


def test_current_window_before_the_opening_is_none() -> None:
    # 08:59 Berlin on 2 November: October's window has closed, November's not yet opened.
    now = datetime(2026, 11, 2, 7, 59, tzinfo=UTC)
    assert current_window(DEFAULT_CADENCE, now, "Europe/Berlin") is None


def test_current_window_after_close_is_the_periods_latest() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    window = current_window(DEFAULT_CADENCE, now, "Europe/Berlin")
    assert window is not None
    assert window.period == "2026-11"
    assert window.closes_at < now


def test_current_window_from_last_month_still_open() -> None:
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=27)
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # November's window runs to 4 December
    window = current_window(cadence, now, "UTC")
    assert window is not None
    assert window.period == "2026-11"


def test_current_window_uses_the_owner_local_month() -> None:
    # 2026-11-30T16:00Z is already 1 December 01:00 in Tokyo; December opens at 09:00.
    now = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)
    window = current_window(DEFAULT_CADENCE, now, "Asia/Tokyo")
    assert window is None
    later = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo
    assert current_window(DEFAULT_CADENCE, later, "Asia/Tokyo") == window_for(
        DEFAULT_CADENCE, "2026-12", "Asia/Tokyo"
    )


def test_next_opening() -> None:
    berlin = "Europe/Berlin"
    before = datetime(2026, 11, 2, 7, 59, tzinfo=UTC)
    assert next_opening(DEFAULT_CADENCE, before, berlin) == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    at_opening = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert next_opening(DEFAULT_CADENCE, at_opening, berlin) == datetime(
        2026, 12, 1, 8, 0, tzinfo=UTC
    )


def test_next_opening_of_a_window_that_moved_into_the_month() -> None:
    cadence = Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=28)
    # February 2026's opening moved to Monday 2 March; March's is Monday 30 March.
    after = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert next_opening(cadence, after, "UTC") == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert next_opening(cadence, datetime(2026, 3, 2, 9, 0, tzinfo=UTC), "UTC") == datetime(
        2026, 3, 30, 9, 0, tzinfo=UTC
    )


def test_naive_times_are_refused() -> None:
    with pytest.raises(ScheduleError, match="has no time zone"):
        current_window(DEFAULT_CADENCE, datetime(2026, 11, 2, 9, 0), "UTC")
    with pytest.raises(ScheduleError, match="has no time zone"):
        next_opening(DEFAULT_CADENCE, datetime(2026, 11, 2, 9, 0), "UTC")


# -- properties ---------------------------------------------------------------------------

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "UTC",
    "Europe/London",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/Santiago",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
]

safe_times = st.one_of(
    st.builds(time, st.integers(0, 0), st.integers(0, 59)),
    st.builds(time, st.integers(4, 23), st.integers(0, 59)),
)


@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    window_days = draw(st.integers(1, 15))
    nudges = (
        draw(st.sets(st.integers(1, window_days - 1), max_size=4)) if window_days > 1 else set()
    )
    return Cadence(
        opens_on=draw(st.sampled_from(OpensOn)),
        business_day=draw(st.integers(1, 20)),
        calendar_day=draw(st.integers(1, 28)),
        at=draw(safe_times),
        window_days=window_days,
        nudge_days=tuple(sorted(nudges)),
    )


periods = st.builds(
    lambda year, month: f"{year}-{month:02d}", st.integers(2020, 2035), st.integers(1, 12)
)


@settings(max_examples=300, deadline=None)
@given(cadence=cadences(), period=periods, tz=st.sampled_from(ZONES))
def test_window_properties(cadence: Cadence, period: str, tz: str) -> None:
    window = window_for(cadence, period, tz)
    opens = local(window.opens_at, tz)
    assert window.period == period
    assert is_business_day(opens.date())
    assert opens.time() == cadence.at
    instants = [window.opens_at, *window.nudges_at, window.closes_at]
    assert all(instant.tzinfo is UTC for instant in instants)
    assert instants == sorted(instants)
    assert len(set(instants)) == len(instants)
    for days, nudge in zip(cadence.nudge_days, window.nudges_at, strict=True):
        assert local(nudge, tz).date() == business_days_after(opens.date(), days)
        assert local(nudge, tz).time() == cadence.at
    assert local(window.closes_at, tz).date() == business_days_after(
        opens.date(), cadence.window_days
    )
    assert local(window.closes_at, tz).time() == cadence.at


@settings(max_examples=200, deadline=None)
@given(cadence=cadences(), period=periods, tz=st.sampled_from(ZONES))
def test_opening_day_follows_the_rule(cadence: Cadence, period: str, tz: str) -> None:
    year, month = (int(part) for part in period.split("-"))
    opening_day = local(window_for(cadence, period, tz).opens_at, tz).date()
    if cadence.opens_on is OpensOn.CALENDAR_DAY:
        assert opening_day == first_business_day_on_or_after(
            date(year, month, cadence.calendar_day)
        )
    else:
        first = first_business_day_on_or_after(date(year, month, 1))
        assert opening_day == business_days_after(first, cadence.business_day - 1)
        assert (opening_day.year, opening_day.month) == (year, month)


@settings(max_examples=150, deadline=None)
@given(
    cadence=cadences(),
    now=st.datetimes(
        min_value=datetime(2020, 3, 1), max_value=datetime(2035, 10, 1), timezones=st.just(UTC)
    ),
    tz=st.sampled_from(ZONES),
)
def test_current_window_and_next_opening_agree(cadence: Cadence, now: datetime, tz: str) -> None:
    upcoming = next_opening(cadence, now, tz)
    assert upcoming > now
    window = current_window(cadence, now, tz)
    if window is not None:
        assert window.opens_at <= now
        assert window.opens_at < upcoming
    # Nothing opens between now and the next opening: the window then current is that one.
    assert current_window(cadence, upcoming, tz) is not None
    assert current_window(cadence, upcoming, tz).opens_at == upcoming  # type: ignore[union-attr]


def test_a_time_just_after_midnight_survives_the_spring_change() -> None:
    # Walking across the change to summer time, a cron trigger on weekdays at 00:30 would
    # skip Monday 2026-03-30; the window must not.
    cadence = Cadence(
        opens_on=OpensOn.CALENDAR_DAY, calendar_day=27, at=time(0, 30), nudge_days=(1, 3)
    )
    window = window_for(cadence, "2026-03", "Europe/Berlin")
    berlin = ZoneInfo("Europe/Berlin")
    assert window.opens_at == datetime(2026, 3, 26, 23, 30, tzinfo=UTC)  # Friday 00:30 CET
    assert [local(nudge, "Europe/Berlin") for nudge in window.nudges_at] == [
        datetime(2026, 3, 30, 0, 30, tzinfo=berlin),
        datetime(2026, 4, 1, 0, 30, tzinfo=berlin),
    ]
