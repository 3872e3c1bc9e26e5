"""What was reported on a scope's tasks, read through the marks on progress updates
(``crud.mark_latest_updates``): a task's latest update, and its last in each period.

Updates are reached through the scope's tasks, which carry the workspace filter. The
last updates of a period are also tested for the workspace: their index leads with it, so
that a scan of recent periods stays within one workspace.
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import Status
from storage.models import ProgressUpdate, Task
from storage.reports.facts import ProgressPoint, UpdateFact
from storage.reports.scope import ReportScope
from storage.reports.tasks import scope_task_ids

LATEST_COLUMNS = ("status", "created_at", "period", "percent", "metric_value", "note")


def latest_columns(update: Any) -> tuple[sa.ColumnElement[Any], ...]:
    """Columns of ``update`` (an alias of progress_update) for :func:`update_fact`."""
    return tuple(update.c[name].label(f"latest_{name}") for name in LATEST_COLUMNS)


def update_fact(row: Any) -> UpdateFact | None:
    """The update in ``row`` (of :func:`latest_columns`); None for a task without one."""
    if row.latest_status is None:
        return None
    return UpdateFact(
        status=Status(row.latest_status),
        at=row.latest_created_at,
        period=row.latest_period,
        percent=row.latest_percent,
        metric_value=row.latest_metric_value,
        note=row.latest_note,
    )


def fetch_latest_updates(
    session: Session, scope: ReportScope, *, since: datetime
) -> dict[int, UpdateFact]:
    """Each task's newest update, by task id."""
    update = ProgressUpdate.__table__  # type: ignore[attr-defined]
    query = sa.select(update.c.task_id, *latest_columns(update)).where(
        update.c.is_latest, update.c.task_id.in_(scope_task_ids(scope, since=since))
    )
    latest = {}
    for row in session.execute(query):
        fact = update_fact(row)
        if fact is not None:
            latest[int(row.task_id)] = fact
    return latest


def last_of_periods(
    update: Any, *, workspace_id: Any, periods: Collection[str] | sa.BindParameter[Any]
) -> list[sa.ColumnElement[bool]]:
    """Conditions on ``update`` (progress_update or an alias of it) for the last update of
    its task in each of ``periods`` (values, or parameters standing for them)."""
    listed = periods if isinstance(periods, sa.BindParameter) else sorted(periods)
    return [
        update.c.workspace_id == workspace_id,
        update.c.period.in_(listed),
        update.c.is_last_of_period,
    ]


def last_in_periods(scope: ReportScope, *, since: datetime | None, periods: Collection[str]) -> Any:
    """Conditions for each scope task's last update in each of ``periods`` (of the tasks
    open or closed ``since``, when given)."""
    update = ProgressUpdate.__table__  # type: ignore[attr-defined]
    return (
        *last_of_periods(update, workspace_id=scope.workspace_id, periods=periods),
        update.c.task_id.in_(scope_task_ids(scope, since=since)),
    )


def fetch_status_counts(
    session: Session, scope: ReportScope, *, periods: Collection[str]
) -> dict[str, dict[Status, int]]:
    """For each period, how many tasks' last update in it had each status. Every task of
    the scope counts, however long ago it closed: a period's figures do not depend on
    when they are asked for (``storage.reports.digest.summaries`` keeps them)."""
    query = (
        sa.select(col(ProgressUpdate.period), col(ProgressUpdate.status), sa.func.count())
        .where(*last_in_periods(scope, since=None, periods=periods))
        .group_by(col(ProgressUpdate.period), col(ProgressUpdate.status))
    )
    counts: dict[str, dict[Status, int]] = {period: {} for period in periods}
    for period, status, count in session.execute(query):
        counts.setdefault(period, {})[Status(status)] = int(count)
    return counts


def fetch_history(
    session: Session, scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> list[ProgressPoint]:
    """Each task's last update in each of ``periods`` (tasks without one are absent)."""
    query = _points().where(*last_in_periods(scope, since=since, periods=periods))
    return [_point(row) for row in session.execute(query)]


def fetch_points_of(
    session: Session, *, workspace_id: str, task_ids: Collection[int], periods: Collection[str]
) -> list[ProgressPoint]:
    """The last update of each of ``task_ids`` in each of ``periods`` (one statement)."""
    if not task_ids:
        return []
    update = ProgressUpdate.__table__  # type: ignore[attr-defined]
    query = _points().where(*last_of_periods(update, workspace_id=workspace_id, periods=periods),
                            update.c.task_id.in_(sorted(task_ids)))  # fmt: skip
    return [_point(row) for row in session.execute(query)]


def _points() -> sa.Select[int, str, Status, int | None, float | None]:
    return sa.select(
        col(ProgressUpdate.task_id), col(ProgressUpdate.period), col(ProgressUpdate.status),
        col(ProgressUpdate.percent), col(ProgressUpdate.metric_value),
    ).order_by(col(ProgressUpdate.task_id), col(ProgressUpdate.period))  # fmt: skip


def _point(row: Any) -> ProgressPoint:
    return ProgressPoint(task_id=row.task_id, period=row.period, status=Status(row.status),
                         percent=row.percent, metric_value=row.metric_value)  # fmt: skip


def fetch_reporting(
    session: Session, scope: ReportScope, *, periods: Collection[str]
) -> dict[str, frozenset[int]]:
    """For each period, the owners with at least one update on a task of theirs in it
    (every task of the scope, as :func:`fetch_status_counts`)."""
    query = (
        sa.select(col(ProgressUpdate.period), col(Task.owner_id))
        .join(Task, col(Task.id) == col(ProgressUpdate.task_id))
        .where(*last_in_periods(scope, since=None, periods=periods),
               col(Task.owner_id).is_not(None))
        .distinct()
    )  # fmt: skip
    owners: dict[str, set[int]] = defaultdict(set)
    for period, owner_id in session.execute(query):
        owners[period].add(int(owner_id))
    return {period: frozenset(owners.get(period, ())) for period in periods}
