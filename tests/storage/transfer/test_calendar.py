from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from storage.enums import ReviewKind
from storage.models import ReviewDate
from storage.transfer.calendar import review_calendar, review_uid

CREATED = datetime(2026, 10, 1, 8, tzinfo=UTC)


def _review(review_id: int, held_on: date, **changes: object) -> ReviewDate:
    values: dict[str, object] = {
        "id": review_id,
        "workspace_id": "T0TEST",
        "plan_id": 1,
        "title": f"Review {review_id}",
        "held_on": held_on,
        "created_at": CREATED,
    }
    return ReviewDate.model_validate(values | changes)


def _events(text: str) -> list[object]:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def test_each_review_is_an_all_day_event_with_alarms_at_its_offsets() -> None:
    text = review_calendar(
        [
            _review(4, date(2027, 1, 15), kind=ReviewKind.QUARTERLY, remind_days=[1, 7]),
            _review(9, date(2027, 2, 1), title="Board"),
        ],
        workspace_id="T0TEST",
        plan_name="FY2027",
    )
    calendar = Calendar.from_ical(text)
    first, second = calendar.walk("VEVENT")
    assert first.decoded("DTSTART") == date(2027, 1, 15)
    assert first.decoded("DTEND") == date(2027, 1, 16)
    assert str(first["SUMMARY"]) == "Review 4"
    assert str(first["DESCRIPTION"]) == "Quarterly review of plan FY2027"
    assert str(first["UID"]) == review_uid(review_id=4, workspace_id="T0TEST")
    assert [alarm.decoded("TRIGGER") for alarm in first.walk("VALARM")] == [
        timedelta(days=-7),
        timedelta(days=-1),
    ]
    assert str(second["SUMMARY"]) == "Board"
    assert second.decoded("DTSTART") == date(2027, 2, 1)
    assert [alarm.decoded("TRIGGER") for alarm in second.walk("VALARM")] == [
        timedelta(days=-14),
        timedelta(days=-3),
        timedelta(days=-1),
    ]


def test_uids_are_stable_and_differ_by_review_and_workspace() -> None:
    once = review_calendar([_review(4, date(2027, 1, 15))], workspace_id="T0TEST", plan_name="P")
    again = review_calendar([_review(4, date(2027, 1, 15))], workspace_id="T0TEST", plan_name="P")
    assert once == again
    uids = {
        review_uid(review_id=4, workspace_id="T0TEST"),
        review_uid(review_id=5, workspace_id="T0TEST"),
        review_uid(review_id=4, workspace_id="T0OTHER"),
    }
    assert len(uids) == 3


def test_no_reviews_is_an_empty_but_valid_calendar() -> None:
    text = review_calendar([], workspace_id="T0TEST", plan_name="FY2027")
    assert _events(text) == []
    assert "PRODID:-//Pillar//Review dates//EN" in text
