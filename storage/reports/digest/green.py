"""Candidates for "green, but is it?": open tasks last reported on track whose numbers
may say otherwise. The rule itself is pure (``schedules.digest.stale``); this bound, in
SQL, only keeps the database from sending every green task. It never leaves out a task
the rule flags: it allows a point of rounding on either side of the margin. The
statement is built once for each shape of scope.
"""

import functools
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import Status, TaskState
from storage.models import ProgressUpdate, Task
from storage.periods import shift_period
from storage.reports.digest.days import days_between, utc_date
from storage.reports.digest.rows import full_task_fact, latest_update, task_rows
from storage.reports.facts import ProgressPoint, TaskFact
from storage.reports.progress import last_of_periods
from storage.reports.scope import ReportScope
from storage.reports.tasks import ScopeShape, ScopeTerms, by_due_date, in_scope, scope_parameters

BEHIND_MARGIN = 30
"""Flag a green task when the share of time gone exceeds the share done by this much."""
UNCHANGED_PERIODS = 2
"""Flag a green task whose progress has not moved for this many periods."""


def fetch_green(
    session: Session, scope: ReportScope, *, since: datetime, period: str, today: date
) -> tuple[tuple[TaskFact, ...], tuple[ProgressPoint, ...]]:
    """The candidates, soonest due first, and their last update in each of the last
    ``UNCHANGED_PERIODS + 1`` periods (one statement): chosen by id first, from what the
    indexes hold, so that only their rows are read in full."""
    labels = [shift_period(period, offset) for offset in range(-UNCHANGED_PERIODS, 1)]
    points = {f"point_{number}": [label] for number, label in enumerate(labels)}
    parameters = {**scope_parameters(scope), **points, "since": since, "today": today}
    tasks, history = [], []
    for row in session.execute(_green(ScopeShape.of(scope)), parameters):
        tasks.append(full_task_fact(row))
        history.extend(_points(row, labels))
    return tuple(tasks), tuple(history)


@functools.lru_cache(maxsize=32)
def _green(shape: ScopeShape) -> sa.Select[Any]:
    """The statement of :func:`fetch_green` for scopes of ``shape``."""
    update = ProgressUpdate.__table__  # type: ignore[attr-defined]
    points = [update.alias(f"in_{n}") for n in range(UNCHANGED_PERIODS + 1)]
    scope, latest = ScopeTerms.bound(shape), latest_update()
    chosen = in_scope(sa.select(col(Task.id)).select_from(Task), scope=scope,
                      since=sa.bindparam("since"))  # fmt: skip
    chosen = chosen.join(latest, sa.and_(latest.c.task_id == col(Task.id), latest.c.is_latest))
    chosen = _with_points(chosen, points, workspace_id=scope.workspace_id)
    candidates = (
        chosen.where(
            col(Task.state) == TaskState.OPEN,
            latest.c.status == Status.ON_TRACK,
            sa.or_(_may_be_behind(latest), _may_be_unchanged(points)),
        )
        .cte("candidates")
        .prefix_with("MATERIALIZED")
    )  # chosen first, on both databases
    query = task_rows(workspace_id=scope.workspace_id, latest=latest)
    query = query.join(candidates, candidates.c.id == col(Task.id))
    query = _with_points(query, points, workspace_id=scope.workspace_id)
    for point in points:
        query = query.add_columns(*(point.c[name].label(f"{point.name}_{name}")
                                    for name in ("status", "percent", "metric_value")))  # fmt: skip
    return query.order_by(*by_due_date())


def _with_points(query: sa.Select[Any], points: list[Any], *, workspace_id: Any) -> sa.Select[Any]:
    """``query`` of tasks, joined with each task's last update (if any) in each period
    (``:point_<n>``, for point n)."""
    for number, point in enumerate(points):
        label: sa.BindParameter[Any] = sa.bindparam(f"point_{number}", expanding=True)
        last = last_of_periods(point, workspace_id=workspace_id, periods=label)
        query = query.outerjoin(point, sa.and_(point.c.task_id == col(Task.id), *last))
    return query


def _may_be_behind(latest: Any) -> sa.ColumnElement[bool]:
    """Time gone (rounded) to ``:today`` minus progress (rounded) can reach the margin
    only if, before rounding, it reaches the margin less one."""
    start = sa.func.coalesce(col(Task.start_on), utc_date(col(Task.created_at)))
    span = days_between(col(Task.due_on), start)
    gone = days_between(sa.bindparam("today", type_=sa.Date()), start)
    by_metric = 100.0 * latest.c.metric_value / col(Task.metric_target)
    progress = sa.func.coalesce(latest.c.percent,
                                sa.case((col(Task.metric_target) != 0, by_metric)))  # fmt: skip
    return sa.and_(
        col(Task.due_on).is_not(None),
        span > 0,
        progress.is_not(None),
        100 * gone - progress * span >= (BEHIND_MARGIN - 1) * span,
    )


def _may_be_unchanged(points: list[Any]) -> sa.ColumnElement[bool]:
    """Reported in the first period, and the same measure in the latest reported since."""
    has_metric = sa.or_(col(Task.metric_target).is_not(None), col(Task.metric_name).is_not(None))

    def measure(point: Any) -> sa.ColumnElement[Any]:
        by_metric = sa.and_(has_metric, point.c.metric_value.is_not(None))
        return sa.case((by_metric, point.c.metric_value), else_=point.c.percent)

    first, *later = points
    newest = sa.func.coalesce(*(measure(point) for point in reversed(later)))
    # status is never NULL and, unlike id, in the index that finds the update
    return sa.and_(first.c.status.is_not(None), measure(first) == newest)


def _points(row: Any, labels: list[str]) -> list[ProgressPoint]:
    found = []
    for number, label in enumerate(labels):
        status = getattr(row, f"in_{number}_status")
        if status is not None:
            found.append(
                ProgressPoint(task_id=row.id, period=label, status=Status(status),
                              percent=getattr(row, f"in_{number}_percent"),
                              metric_value=getattr(row, f"in_{number}_metric_value"))
            )  # fmt: skip
    return found
