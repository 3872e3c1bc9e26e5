"""Gather a digest's facts: a fixed number of statements, whatever the size of the plan."""

import dataclasses
from collections import defaultdict
from collections.abc import Mapping
from datetime import date

from sqlmodel import Session

from storage.reports.digest.facts import DigestFacts, OwnerLoad
from storage.reports.digest.green import fetch_green
from storage.reports.digest.lists import LIST_NAMES, fetch_heads
from storage.reports.digest.owners import Owners, fetch_open_refs, fetch_owners
from storage.reports.digest.reported import Reported, fetch_reported
from storage.reports.digest.summaries import (
    PeriodFigures,
    ended,
    keep_summaries,
    read_summaries,
)
from storage.reports.facts import Listing
from storage.reports.fetch import LOOKAHEAD_DAYS, scope_plan, trend_periods
from storage.reports.goals import fetch_goals
from storage.reports.reviews import fetch_reviews
from storage.reports.scope import ReportScope


def fetch_digest_facts(
    *, session: Session, scope: ReportScope, period: str, today: date
) -> DigestFacts:
    """What a digest of ``scope`` for ``period``, as seen on ``today``, needs.

    Covers the ``TREND_PERIODS`` periods ending with ``period``; reviews from ``today``
    to ``LOOKAHEAD_DAYS`` later. The periods before ``period`` that have ended are read
    from their kept figures, or summed and kept (``summaries``).
    """
    plan = scope_plan(session, scope)
    periods, since = trend_periods(period)
    kept = read_summaries(session, scope, periods=ended(periods[:-1], today=today))
    summing = [p for p in periods if p not in kept]
    owners = fetch_owners(session, scope, since=since, periods=summing, period=period,
                          today=today, active_before=_active_in(kept))  # fmt: skip
    progress = fetch_reported(session, scope, periods=summing)
    summed = {p: _figures(p, owners=owners, progress=progress) for p in summing}
    to_keep = ended((p for p in summing if p != period), today=today)
    keep_summaries(session, scope, {p: summed[p] for p in to_keep}, today=today)
    figures = {**summed, **kept}
    reported = {p: figures[p].reporting | figures[p].answered for p in periods}
    green, history = fetch_green(session, scope, since=since, period=period, today=today)
    heads = dict(zip(LIST_NAMES, (
        Listing(first=first, total=total)
        for first, total in zip(fetch_heads(session, scope, period=period, today=today),
                                owners.lengths, strict=True)
    ), strict=True))  # fmt: skip
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
        status_counts={p: figures[p].status_counts for p in periods},
        reported=reported,
        check_ins=owners.check_ins,
        reviews=tuple(fetch_reviews(session, scope, today=today, within_days=LOOKAHEAD_DAYS)),
        goals=tuple(fetch_goals(session, scope)),
    )


def _figures(period: str, *, owners: Owners, progress: Reported) -> PeriodFigures:
    """The figures of ``period`` as just summed."""
    return PeriodFigures(
        status_counts=progress.status_counts.get(period, {}),
        reporting=progress.reporting[period],
        answered=owners.answered[period],
        active=frozenset(o for o, load in owners.loads.items() if period in load.active_in),
    )


def _active_in(kept: Mapping[str, PeriodFigures]) -> dict[int, frozenset[str]]:
    """By owner, the kept periods they held a task open in."""
    periods: dict[int, set[str]] = defaultdict(set)
    for period, figures in kept.items():
        for owner_id in figures.active:
            periods[owner_id].add(period)
    return {owner_id: frozenset(held) for owner_id, held in periods.items()}


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
