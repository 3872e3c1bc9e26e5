from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from bot.views.format import (
    due_text,
    format_date,
    format_number,
    mention,
    metric_text,
    period_label,
    progress_bar,
    slack_time,
    stale_text,
    status_counts_text,
    status_emoji,
    status_label,
)
from bot.views.models import PersonRef, StatusCounts, TaskLine
from schedules.digest import StaleReason, StaleSign
from storage.enums import Status

TODAY = date(2026, 12, 1)


def test_every_status_has_an_emoji_and_a_label() -> None:
    assert {status_emoji(status) for status in Status} | {status_emoji(None)} == {
        ":large_green_circle:",
        ":large_yellow_circle:",
        ":red_circle:",
        ":no_entry:",
        ":white_check_mark:",
        ":white_circle:",
    }
    assert status_label(Status.OFF_TRACK) == "Off track"
    assert status_label(None) == "No update yet"


def test_mention_prefers_the_slack_id_and_escapes_names() -> None:
    assert mention(PersonRef(name="Ana", slack_id="U1")) == "<@U1>"
    assert mention(PersonRef(name="Bob <boss>")) == "Bob &lt;boss&gt;"


def test_due_text_calls_out_overdue_and_imminent_dates() -> None:
    assert due_text(None, today=TODAY) == "no due date"
    assert "overdue* by 3 days" in due_text(TODAY - timedelta(days=3), today=TODAY)
    assert "overdue* by 1 day " in due_text(TODAY - timedelta(days=1), today=TODAY)
    assert due_text(TODAY, today=TODAY).startswith("due *today*")
    assert due_text(TODAY + timedelta(days=1), today=TODAY).startswith("due tomorrow")
    assert due_text(date(2027, 1, 4), today=TODAY) == "due Mon 4 Jan 2027"


def test_format_date_and_period_label() -> None:
    assert format_date(date(2026, 12, 1)) == "Tue 1 Dec 2026"
    assert period_label("2026-12") == "December 2026"
    assert period_label("Q4<x>") == "Q4&lt;x&gt;"


def test_stale_text_says_why_on_track_may_not_be() -> None:
    behind = StaleSign(StaleReason.BEHIND, elapsed_percent=75, progress_percent=20)
    assert stale_text(behind) == "20% done with 75% of the time gone"
    unchanged = StaleSign(StaleReason.UNCHANGED, since_period="2026-09")
    assert stale_text(unchanged) == "no progress since September 2026"


def test_slack_time_renders_in_the_readers_time_zone_with_a_utc_fallback() -> None:
    moment = datetime(2026, 12, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert slack_time(moment) == (
        f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|2026-12-01 09:30 UTC>"
    )
    naive = datetime(2026, 12, 1, 9, 30)
    assert slack_time(naive) == slack_time(naive.replace(tzinfo=UTC))


def test_numbers_and_progress_bars() -> None:
    assert format_number(1200) == "1,200"
    assert format_number(12.5) == "12.5"
    assert format_number(Decimal("1200.50")) == "1,200.5"
    assert format_number(0) == "0"
    assert progress_bar(40) == "▓▓▓▓░░░░░░ 40%"
    assert progress_bar(150).endswith(" 100%")


def test_metric_text_shows_value_against_target() -> None:
    base = TaskLine(id=1, ref="T-1", title="Grow")
    assert metric_text(base) is None
    with_metric = TaskLine(
        id=1, ref="T-1", title="Grow", metric_name="users", metric_target=500, metric_unit="people"
    )
    assert metric_text(with_metric) == "users: target 500 people"
    reported = TaskLine(id=1, ref="T-1", title="Grow", metric_target=500, metric_value=320)
    assert metric_text(reported) == "320 / 500"


def test_status_counts_text_lists_only_what_is_there() -> None:
    counts = StatusCounts(by_status={Status.ON_TRACK: 12, Status.BLOCKED: 1}, no_update=4)
    text = status_counts_text(counts)
    assert text == (
        ":large_green_circle: 12 on track · :no_entry: 1 blocked"
        " · :white_circle: 4 without an update"
    )
    assert status_counts_text(StatusCounts()) == "no open tasks"
