"""Gather a report's facts: a fixed number of statements, whatever the size of the plan."""

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime

from sqlmodel import Session

from storage.enums import Acceptance
from storage.errors import NotFound
from storage.models import Plan
from storage.periods import check_period, period_bounds, recent_periods
from storage.reports.facts import ReportFacts, TaskFact, UpdateFact
from storage.reports.queries import (
    fetch_check_ins,
    fetch_goals,
    fetch_history,
    fetch_latest_updates,
    fetch_pending_since,
    fetch_reporting,
    fetch_reviews,
    fetch_status_counts,
    fetch_tasks,
)
from storage.reports.scope import ReportScope

TREND_PERIODS = 6
HISTORY_PERIODS = 3
LOOKAHEAD_DAYS = 30


def fetch_report_facts(
    *, session: Session, scope: ReportScope, period: str, today: date
) -> ReportFacts:
    """Everything about ``scope`` a digest, status summary or lint needs, for ``period``.

    Covers the ``TREND_PERIODS`` periods ending with ``period``; reviews from ``today``
    to ``LOOKAHEAD_DAYS`` later.
    """
    plan = session.get(Plan, scope.plan_id)
    if plan is None or plan.workspace_id != scope.workspace_id:
        raise NotFound("that plan is not in this workspace; see /pillar plan list", field="plan")
    periods = recent_periods(check_period(period), TREND_PERIODS)
    since, _ = period_bounds(periods[0])
    latest = fetch_latest_updates(session, scope, since=since)
    pending = fetch_pending_since(session, scope, since=since)
    tasks = tuple(
        _complete(task, latest=latest, pending=pending)
        for task in fetch_tasks(session, scope, since=since)
    )
    return ReportFacts(
        scope=scope,
        plan_name=plan.name,
        period=period,
        periods=periods,
        today=today,
        tasks=tasks,
        status_counts=fetch_status_counts(session, scope, since=since, periods=periods),
        reporting=fetch_reporting(session, scope, since=since, periods=periods),
        history=tuple(
            fetch_history(session, scope, since=since, periods=periods[-HISTORY_PERIODS:])
        ),
        check_ins=tuple(fetch_check_ins(session, scope, since=since, periods=periods)),
        reviews=tuple(fetch_reviews(session, scope, today=today, within_days=LOOKAHEAD_DAYS)),
        goals=tuple(fetch_goals(session, scope)),
    )


def _complete(
    task: TaskFact, *, latest: Mapping[int, UpdateFact], pending: Mapping[int, datetime]
) -> TaskFact:
    waiting = task.is_open and task.acceptance == Acceptance.PENDING and task.owner is not None
    return dataclasses.replace(
        task,
        latest=latest.get(task.id),
        pending_since=pending.get(task.id, task.created_at) if waiting else None,
    )
