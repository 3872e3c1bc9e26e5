"""The figures of periods that have ended, summed once per report scope and kept.

A digest charts six periods; five of them have ended, and summing their updates again
for every digest was most of its cost. A period's figures are kept from the first digest
that sums them after it ended (with a margin, so that no time zone still reports in it):
who reported, who answered their check-in, who held a task open, and the tasks by status.
They are not summed again when tasks later change hands or teams (last month's bar stays
as it was), but a late report for the period deletes them (:func:`forget_summaries`), and
the next digest sums the period again.
"""

import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.db import insert_unless_present
from storage.enums import Status
from storage.models import PeriodSummary
from storage.periods import period_bounds
from storage.reports.scope import ReportScope

SETTLING_DAYS = 2
"""How long after its last day (UTC) a period is kept open to late reports in any zone."""


@dataclass(frozen=True)
class PeriodFigures:
    status_counts: Mapping[Status, int]
    """Tasks by the status of their last update in the period."""
    reporting: frozenset[int]
    """Owners with an update on a task of theirs in the period."""
    answered: frozenset[int]
    """Owners who answered their check-in for the period."""
    active: frozenset[int]
    """Owners who held a task open at some time in the period."""


def ended(periods: Iterable[str], *, today: date) -> list[str]:
    """Those of ``periods`` that ended at least ``SETTLING_DAYS`` before ``today``."""
    return [p for p in periods if period_bounds(p)[1].date() + timedelta(SETTLING_DAYS) <= today]


def scope_key(scope: ReportScope) -> str:
    """A short key naming the scope (its plan and every filter)."""
    filters = (scope.team_ids, scope.owner_ids, scope.goal_ids, scope.task_ids)
    named = ";".join("*" if ids is None else ",".join(map(str, sorted(ids))) for ids in filters)
    return hashlib.sha256(f"{scope.plan_id};{named}".encode()).hexdigest()[:40]


def read_summaries(
    session: Session, scope: ReportScope, *, periods: Collection[str]
) -> dict[str, PeriodFigures]:
    """The kept figures of those of ``periods`` that have them (one statement; none for
    no period)."""
    if not periods:
        return {}
    query = sa.select(col(PeriodSummary.period), col(PeriodSummary.figures)).where(
        col(PeriodSummary.workspace_id) == scope.workspace_id,
        col(PeriodSummary.scope_key) == scope_key(scope),
        col(PeriodSummary.period).in_(sorted(periods)),
    )
    return {period: _figures(stored) for period, stored in session.execute(query)}


def keep_summaries(
    session: Session, scope: ReportScope, figures: Mapping[str, PeriodFigures], *, today: date
) -> None:
    """Keep ``figures`` (of periods that have ended); a period kept meanwhile by another
    digest keeps its own (one statement; none for no figures)."""
    if not figures:
        return
    statement = insert_unless_present(
        session, PeriodSummary, key=["workspace_id", "scope_key", "period"]
    )
    if statement is None:
        return
    key = scope_key(scope)
    rows = [
        {"workspace_id": scope.workspace_id, "scope_key": key, "period": period,
         "figures": _stored(summed), "summed_on": today}
        for period, summed in figures.items()
    ]  # fmt: skip
    session.execute(statement, rows)


def forget_summaries(session: Session, *, workspace_id: str, periods: Collection[str]) -> None:
    """Drop the kept figures of ``periods`` in every scope of the workspace: something
    was reported for them after they were summed."""
    session.execute(
        sa.delete(PeriodSummary).where(
            col(PeriodSummary.workspace_id) == workspace_id,
            col(PeriodSummary.period).in_(sorted(periods)),
        )
    )


def _stored(figures: PeriodFigures) -> dict[str, Any]:
    return {
        "status_counts": {status.value: n for status, n in figures.status_counts.items()},
        "reporting": sorted(figures.reporting),
        "answered": sorted(figures.answered),
        "active": sorted(figures.active),
    }


def _figures(stored: Mapping[str, Any]) -> PeriodFigures:
    return PeriodFigures(
        status_counts={Status(word): n for word, n in stored["status_counts"].items()},
        reporting=frozenset(stored["reporting"]),
        answered=frozenset(stored["answered"]),
        active=frozenset(stored["active"]),
    )
