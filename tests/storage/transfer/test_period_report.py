import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from storage.enums import Status
from storage.reports import GoalFact
from storage.transfer.period_report import REPORT_COLUMNS, period_rows, render_report
from tests.storage.reports.factories import done_task, facts, owner, point, task, update

GOALS = (GoalFact(id=1, number=1, title="Grow revenue", team_id=7),)


def _rows(**changes: object) -> list[dict[str, str]]:
    report = facts(goals=GOALS, **changes)  # type: ignore[arg-type]
    text = render_report(period_rows(report, spent={1: Decimal("120.50")}, teams={7: "Sales"}))
    return list(csv.DictReader(io.StringIO(text)))


def test_a_task_reported_in_the_period_shows_its_last_status_there() -> None:
    rows = _rows(
        tasks=[
            task(
                1,
                owner=owner(1, name="Ana"),
                due_on=date(2027, 3, 31),
                latest=update(Status.AT_RISK, note="supplier late"),
            )
        ],
        history=[point(1, "2026-10"), point(1, "2026-11", Status.AT_RISK, percent=40)],
    )
    assert rows == [
        {
            "ref": "T-1",
            "title": "Task 1",
            "goal": "Grow revenue",
            "owner": "Ana",
            "team": "Sales",
            "due": "2027-03-31",
            "state": "open",
            "status": "at-risk",
            "percent": "40",
            "metric value": "",
            "spent": "120.5",
            "note": "supplier late",
            "reported": "yes",
            "overdue": "no",
        }
    ]


def test_unreported_and_overdue_tasks_say_so() -> None:
    rows = _rows(
        tasks=[
            task(2, due_on=date(2026, 11, 10), latest=update(Status.ON_TRACK, period="2026-10"))
        ],
        history=[point(2, "2026-10", metric_value=12.5)],
    )
    assert [rows[0][name] for name in ("status", "note", "reported", "overdue")] == [
        "",
        "",
        "no",
        "yes",
    ]


def test_a_past_period_is_judged_at_its_end_and_skips_tasks_closed_before_it() -> None:
    rows = _rows(
        period="2026-09",
        today=date(2026, 11, 23),
        tasks=[
            task(3, due_on=date(2026, 10, 15)),
            done_task(4, closed=datetime(2026, 8, 20, tzinfo=UTC)),
            done_task(5, closed=datetime(2026, 10, 2, tzinfo=UTC), due_on=date(2026, 9, 1)),
        ],
    )
    assert [(row["ref"], row["overdue"]) for row in rows] == [("T-3", "no"), ("T-5", "yes")]


def test_the_header_names_every_column() -> None:
    assert render_report([]).splitlines() == [",".join(REPORT_COLUMNS)]
