"""What was reported in each period, in one pass over each task's last update of each
period: the status counts, who reported, and how many open tasks were updated."""

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.enums import Status, TaskState
from storage.models import ProgressUpdate, Task
from storage.reports.progress import last_of_periods
from storage.reports.scope import ReportScope
from storage.reports.tasks import ScopeShape, ScopeTerms, scope_parameters, scoped_tasks


@dataclass(frozen=True)
class Reported:
    status_counts: dict[str, dict[Status, int]]
    reporting: dict[str, frozenset[int]]
    updated_open: dict[str, int]
    """Per period, the open tasks with an update in it."""


def fetch_reported(session: Session, scope: ReportScope, *, periods: Sequence[str]) -> Reported:
    """Per period: tasks by the status of their last update, owners with an update, and
    open tasks with an update (one statement). Every task of the scope counts, however
    long ago it closed, as in ``storage.reports.progress.fetch_status_counts``."""
    parameters = {**scope_parameters(scope), "periods": list(periods)}
    counts: dict[str, dict[Status, int]] = {period: {} for period in periods}
    owners: dict[str, set[int]] = defaultdict(set)
    updated_open: dict[str, int] = dict.fromkeys(periods, 0)
    for period, status, state, owner_id, count in session.execute(
        _reported(ScopeShape.of(scope)), parameters
    ):
        by_status = counts.setdefault(period, {})  # status is a Status, as the column says
        by_status[status] = by_status.get(status, 0) + count
        if owner_id is not None:
            owners[period].add(owner_id)
        if state == TaskState.OPEN:
            updated_open[period] = updated_open.get(period, 0) + count
    reporting = {period: frozenset(owners.get(period, ())) for period in periods}
    return Reported(status_counts=counts, reporting=reporting, updated_open=updated_open)


@functools.lru_cache(maxsize=32)
def _reported(shape: ScopeShape) -> sa.Select[Any]:
    """The statement of :func:`fetch_reported` for scopes of ``shape``."""
    update = ProgressUpdate.__table__  # type: ignore[attr-defined]
    scope = ScopeTerms.bound(shape)
    periods: sa.BindParameter[Any] = sa.bindparam("periods", expanding=True)
    marked = last_of_periods(update, workspace_id=scope.workspace_id, periods=periods)
    last = sa.and_(update.c.task_id == col(Task.id), *marked)
    keys = (update.c.period, update.c.status, col(Task.state), col(Task.owner_id))
    return scoped_tasks(*keys, sa.func.count(), scope=scope).join(update, last).group_by(*keys)
