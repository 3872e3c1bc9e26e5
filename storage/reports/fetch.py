"""Gather a report's facts: a fixed number of statements, whatever the size of the plan."""

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime

from sqlmodel import Session

from storage.errors import NotFound
from storage.models import Plan
from storage.periods import check_period, period_bounds, recent_periods
from storage.reports.check_ins import fetch_check_ins
from storage.reports.facts import ReportFacts, TaskFact, UpdateFact
from storage.reports.goals import fetch_goals
from storage.reports.progress import (
    fetch_history,
    fetch_latest_updates,
    fetch_reporting,
    fetch_status_counts,
)
from storage.reports.reviews import fetch_reviews
from storage.reports.scope import ReportScope
from storage.reports.tasks import fetch_pending_since, fetch_tasks, waiting_since

TREND_PERIODS = 6
HISTORY_PERIODS = 3
LOOKAHEAD_DAYS = 30


def scope_plan(session: Session, scope: ReportScope) -> Plan:
    """The scope's plan; NotFound when it is not one of the scope's workspace."""
    plan = session.get(Plan, scope.plan_id)
    if plan is None or plan.workspace_id != scope.workspace_id:
        raise NotFound("that plan is not in this workspace; see /pillar plan list", field="plan")
    return plan


def trend_periods(period: str) -> tuple[tuple[str, ...], datetime]:
    """The ``TREND_PERIODS`` periods ending with ``period``, and when the first began."""
    periods = recent_periods(check_period(period), TREND_PERIODS)
    since, _ = period_bounds(periods[0])
    return periods, since


def fetch_report_facts(
    *, session: Session, scope: ReportScope, period: str, today: date
) -> ReportFacts:
    """Everything about ``scope`` a status summary, lint or export needs, for ``period``.

    Covers the ``TREND_PERIODS`` periods ending with ``period``; reviews from ``today``
    to ``LOOKAHEAD_DAYS`` later.
    """
    plan = scope_plan(session, scope)
    periods, since = trend_periods(period)
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
        status_counts=fetch_status_counts(session, scope, periods=periods),
        reporting=fetch_reporting(session, scope, periods=periods),
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
    return dataclasses.replace(
        task, latest=latest.get(task.id), pending_since=waiting_since(task, pending.get(task.id))
    )
