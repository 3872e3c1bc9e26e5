""" "Stale green": tasks reported on track whose numbers say otherwise.

Two signs, both pure arithmetic on what owners reported:

- unchanged: the percent (or metric value, for a task with a metric) reported now is
  the same as two periods ago, and nothing different was reported in between;
- behind: the share of time gone between start and due date exceeds the share of work
  done by at least ``BEHIND_MARGIN`` points (70% of the time gone, 30% done).
"""

from collections.abc import Mapping
from datetime import date

from schedules.digest.model import StaleReason, StaleSign
from storage.enums import Status
from storage.reports import ProgressPoint, TaskFact, shift_period
from storage.reports.digest import BEHIND_MARGIN, UNCHANGED_PERIODS


def measure(task: TaskFact, point: ProgressPoint) -> float | None:
    """What counts as progress in ``point``: the metric value for a task with a metric."""
    if task.has_metric and point.metric_value is not None:
        return point.metric_value
    return None if point.percent is None else float(point.percent)


def unchanged_since(
    task: TaskFact, points: Mapping[str, ProgressPoint], *, period: str
) -> str | None:
    """The period since which the task's progress has not moved, if two periods or more."""
    first = shift_period(period, -UNCHANGED_PERIODS)
    window = [shift_period(period, offset) for offset in range(-UNCHANGED_PERIODS, 1)]
    values = [measure(task, points[label]) for label in window if label in points]
    if first not in points or len(values) < 2 or None in values:
        return None
    # The latest report must be recent: this period or the one before.
    if window[-1] not in points and window[-2] not in points:
        return None
    return first if len(set(values)) == 1 else None


def progress_percent(task: TaskFact) -> int | None:
    """Work done as a percent: the reported percent, else the metric against its target."""
    latest = task.latest
    if latest is None:
        return None
    if latest.percent is not None:
        return latest.percent
    if latest.metric_value is not None and task.metric_target:
        return max(0, min(100, round(100 * latest.metric_value / task.metric_target)))
    return None


def elapsed_percent(task: TaskFact, *, today: date) -> int | None:
    """The share of time gone from start (or creation) to due date, 0 to 100."""
    if task.due_on is None:
        return None
    start = task.start_on or task.created_at.date()
    span = (task.due_on - start).days
    if span <= 0:
        return None
    gone = (today - start).days
    return max(0, min(100, round(100 * gone / span)))


def behind_schedule(task: TaskFact, *, today: date) -> tuple[int, int] | None:
    """``(elapsed, progress)`` percents when progress trails time by the margin."""
    elapsed = elapsed_percent(task, today=today)
    progress = progress_percent(task)
    if elapsed is None or progress is None or elapsed - progress < BEHIND_MARGIN:
        return None
    return elapsed, progress


def is_reported_green(task: TaskFact) -> bool:
    return task.is_open and task.latest is not None and task.latest.status == Status.ON_TRACK


def stale_sign(
    task: TaskFact, points: Mapping[str, ProgressPoint], *, period: str, today: date
) -> StaleSign | None:
    """Why ``task``, last reported on track, may not be, judged in ``period`` on ``today``
    with its last update in each period (``points``, by period); None when nothing says
    so or it was not reported on track. Being behind schedule is the stronger sign."""
    if not is_reported_green(task):
        return None
    behind = behind_schedule(task, today=today)
    if behind is not None:
        elapsed, progress = behind
        return StaleSign(StaleReason.BEHIND, elapsed_percent=elapsed, progress_percent=progress)
    since = unchanged_since(task, points, period=period)
    if since is not None:
        return StaleSign(StaleReason.UNCHANGED, since_period=since)
    return None
