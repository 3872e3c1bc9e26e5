"""Gather a digest's facts: a fixed number of statements, whatever the size of the plan."""

import dataclasses
from datetime import date

from sqlmodel import Session

from storage.reports.digest.facts import DigestFacts, OwnerLoad
from storage.reports.digest.green import fetch_green
from storage.reports.digest.lists import fetch_heads
from storage.reports.digest.owners import fetch_open_refs, fetch_owners
from storage.reports.digest.reported import fetch_reported
from storage.reports.digest.rows import latest_update
from storage.reports.fetch import LOOKAHEAD_DAYS, scope_plan, trend_periods
from storage.reports.goals import fetch_goals
from storage.reports.reviews import fetch_reviews
from storage.reports.scope import ReportScope


def fetch_digest_facts(
    *, session: Session, scope: ReportScope, period: str, today: date
) -> DigestFacts:
    """What a digest of ``scope`` for ``period``, as seen on ``today``, needs.

    Covers the ``TREND_PERIODS`` periods ending with ``period``; reviews from ``today``
    to ``LOOKAHEAD_DAYS`` later.
    """
    plan = scope_plan(session, scope)
    periods, since = trend_periods(period)
    latest = latest_update()
    owners = fetch_owners(session, scope, since=since, periods=periods, period=period)
    progress = fetch_reported(session, scope, since=since, periods=periods)
    reported = {p: progress.reporting[p] | owners.answered[p] for p in periods}
    green, history = fetch_green(
        session, scope, since=since, period=period, today=today, latest=latest
    )
    heads = fetch_heads(session, scope, since=since, period=period, today=today, latest=latest)
    return DigestFacts(
        scope=scope,
        plan_name=plan.name,
        period=period,
        periods=periods,
        today=today,
        tasks=owners.tasks,
        open_tasks=heads["open_tasks"],
        attention=heads["attention"],
        overdue=heads["overdue"],
        due_soon=heads["due_soon"],
        completed=heads["completed"],
        without_update=heads["open_tasks"].total - progress.updated_open[period],
        green=green,
        history=history,
        owners=_silent_first(session, scope, owners.loads, reported=reported[period]),
        status_counts=progress.status_counts,
        reported=reported,
        check_ins=owners.check_ins,
        reviews=tuple(fetch_reviews(session, scope, today=today, within_days=LOOKAHEAD_DAYS)),
        goals=tuple(fetch_goals(session, scope)),
    )


def _silent_first(
    session: Session, scope: ReportScope, owners: dict[int, OwnerLoad], *, reported: frozenset[int]
) -> tuple[OwnerLoad, ...]:
    """The owners, those with open tasks who have not reported first, with their refs."""
    silent = [owner_id for owner_id, load in owners.items()
              if load.open_tasks and owner_id not in reported]  # fmt: skip
    refs = fetch_open_refs(session, scope, owner_ids=silent)
    first = [dataclasses.replace(owners[owner_id], open_refs=found)
             for owner_id, found in refs.items()]  # fmt: skip
    return (*first, *(load for owner_id, load in owners.items() if owner_id not in refs))
