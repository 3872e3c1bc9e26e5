"""Why a task reported on track may not be: the sign, judged from its numbers alone."""

from collections.abc import Iterable
from datetime import timedelta

from schedules.digest import StaleReason, StaleSign
from schedules.digest.stale import stale_sign
from storage.enums import Status
from storage.reports import ProgressPoint, TaskFact
from tests.storage.reports.factories import PERIOD, TODAY, point, task, update

START = TODAY - timedelta(days=70)


def sign(subject: TaskFact, history: Iterable[ProgressPoint] = ()) -> StaleSign | None:
    points = {entry.period: entry for entry in history}
    return stale_sign(subject, points, period=PERIOD, today=TODAY)


def stuck(number: int, percent: int) -> list[ProgressPoint]:
    return [point(number, period, percent=percent) for period in ("2026-09", "2026-10", PERIOD)]


def test_a_task_not_reported_on_track_has_no_sign() -> None:
    for status in (Status.AT_RISK, Status.BLOCKED):
        assert sign(task(1, latest=update(status, percent=40)), stuck(1, 40)) is None
    assert sign(task(1), stuck(1, 40)) is None  # never reported


def test_the_same_percent_for_two_periods_is_a_sign() -> None:
    green = task(1, latest=update(Status.ON_TRACK, percent=40))
    assert sign(green, stuck(1, 40)) == StaleSign(StaleReason.UNCHANGED, since_period="2026-09")
    moved = [point(1, "2026-09", percent=30), *stuck(1, 40)[1:]]
    assert sign(green, moved) is None


def test_progress_far_behind_the_time_gone_is_a_sign() -> None:
    behind = task(1, start_on=START, due_on=START + timedelta(days=100),
                  latest=update(Status.ON_TRACK, percent=30))  # fmt: skip
    assert sign(behind) == StaleSign(StaleReason.BEHIND, elapsed_percent=70, progress_percent=30)
    keeping_up = task(1, start_on=START, due_on=START + timedelta(days=100),
                      latest=update(Status.ON_TRACK, percent=45))  # fmt: skip
    assert sign(keeping_up) is None


def test_being_behind_is_told_rather_than_standing_still() -> None:
    both = task(1, start_on=START, due_on=START + timedelta(days=100),
                latest=update(Status.ON_TRACK, percent=20))  # fmt: skip
    found = sign(both, stuck(1, 20))
    assert found is not None
    assert found.reason == StaleReason.BEHIND
