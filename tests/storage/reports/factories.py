"""Report facts built by hand, for the pure tests of digests, lint, views and charts."""

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from storage.enums import Status, TaskState
from storage.reports import (
    CheckInFact,
    GoalFact,
    OwnerFact,
    ProgressPoint,
    ReportFacts,
    ReportScope,
    ReviewFact,
    TaskFact,
    UpdateFact,
    recent_periods,
)

PERIOD = "2026-11"
TODAY = date(2026, 11, 23)
LONG_AGO = datetime(2026, 1, 5, tzinfo=UTC)
SCOPE = ReportScope(workspace_id="T0TEST", plan_id=1)


def owner(number: int, **changes: Any) -> OwnerFact:
    values: dict[str, Any] = {"id": number, "name": f"Owner {number}", "slack_id": f"U{number:05d}"}
    return OwnerFact(**(values | changes))


def update(status: Status, *, period: str = PERIOD, day: int = 5, **changes: Any) -> UpdateFact:
    year, month = (int(part) for part in period.split("-"))
    at = datetime(year, month, day, 10, tzinfo=UTC)
    return UpdateFact(status=status, at=at, period=period, **changes)


def task(number: int, **changes: Any) -> TaskFact:
    values: dict[str, Any] = {
        "id": number,
        "number": number,
        "title": f"Task {number}",
        "goal_id": 1,
        "created_at": LONG_AGO,
        "owner": owner(1),
    }
    return TaskFact(**(values | changes))


def done_task(number: int, *, closed: datetime, **changes: Any) -> TaskFact:
    return task(number, state=TaskState.DONE, closed_at=closed, **changes)


def point(
    task_id: int, period: str, status: Status = Status.ON_TRACK, **changes: Any
) -> ProgressPoint:
    return ProgressPoint(task_id=task_id, period=period, status=status, **changes)


def facts(
    *,
    tasks: Iterable[TaskFact] = (),
    status_counts: Mapping[str, Mapping[Status, int]] | None = None,
    reporting: Mapping[str, Iterable[int]] | None = None,
    history: Iterable[ProgressPoint] = (),
    check_ins: Iterable[CheckInFact] = (),
    reviews: Iterable[ReviewFact] = (),
    goals: Iterable[GoalFact] = (GoalFact(id=1, number=1, title="Grow", budget=Decimal(1000)),),
    period: str = PERIOD,
    today: date = TODAY,
) -> ReportFacts:
    periods = recent_periods(period, 6)
    return ReportFacts(
        scope=SCOPE,
        plan_name="FY2027",
        period=period,
        periods=periods,
        today=today,
        tasks=tuple(tasks),
        status_counts=dict(status_counts or {}),
        reporting={label: frozenset((reporting or {}).get(label, ())) for label in periods},
        history=tuple(history),
        check_ins=tuple(check_ins),
        reviews=tuple(reviews),
        goals=tuple(goals),
    )
