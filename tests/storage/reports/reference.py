"""A digest's facts worked out in Python from a whole report, task by task: the plain
statement of what ``storage.reports.digest`` counts in SQL. The pure tests build digest
facts with it; the database tests check the SQL against it."""

from collections import Counter, defaultdict
from datetime import date, timedelta

from storage.enums import Status, TaskState
from storage.reports import LOOKAHEAD_DAYS, Listing, OwnerFact, ReportFacts, TaskFact, period_bounds
from storage.reports.digest import LIST_HEAD, OWNER_REFS, DigestFacts, OwnerLoad
from storage.reports.digest.lists import ATTENTION


def digest_facts_of(facts: ReportFacts) -> DigestFacts:
    """The digest facts of ``facts``; ``green`` holds every open task reported on track."""
    period, today = facts.period, facts.today
    start, end = period_bounds(period)
    open_tasks = sorted(facts.open_tasks, key=by_due_date)
    attention = [t for t in open_tasks if t.latest and t.latest.status in ATTENTION]
    attention.sort(key=lambda t: ATTENTION.index(t.latest.status) if t.latest else 0)
    done = [t for t in facts.tasks if t.state == TaskState.DONE and t.closed_at]
    done = [t for t in done if t.closed_at and start <= t.closed_at < end]
    done.sort(key=lambda task: (task.closed_at or start, task.number))
    updated = {point.task_id for point in facts.history if point.period == period}
    reported = {
        label: facts.reporting.get(label, frozenset())
        | {c.person_id for c in facts.check_ins if c.period == label and c.answered_at}
        for label in facts.periods
    }
    return DigestFacts(
        scope=facts.scope,
        plan_name=facts.plan_name,
        period=period,
        periods=facts.periods,
        today=today,
        tasks=len(facts.tasks),
        open_tasks=Listing.of(open_tasks, keep=LIST_HEAD),
        without_update=sum(1 for task in open_tasks if task.id not in updated),
        attention=Listing.of(attention, keep=LIST_HEAD),
        overdue=Listing.of(
            [t for t in open_tasks if t.due_on and t.due_on < today], keep=LIST_HEAD
        ),
        due_soon=Listing.of([t for t in open_tasks if _due_soon(t, today)], keep=LIST_HEAD),
        completed=Listing.of(done, keep=LIST_HEAD),
        green=tuple(t for t in open_tasks if t.latest and t.latest.status == Status.ON_TRACK),
        history=facts.history,
        owners=_owners(facts, open_tasks, reported=reported[period]),
        status_counts=facts.status_counts,
        reported=reported,
        check_ins=tuple(c for c in facts.check_ins if c.period == period),
        reviews=facts.reviews,
        goals=facts.goals,
    )


def by_due_date(task: TaskFact) -> tuple[bool, date, int]:
    return task.due_on is None, task.due_on or date.min, task.number


def _overdue(task: TaskFact, today: date) -> bool:
    return task.due_on is not None and task.due_on < today


def _due_soon(task: TaskFact, today: date) -> bool:
    return task.due_on is not None and today <= task.due_on <= today + timedelta(LOOKAHEAD_DAYS)


def _owners(
    facts: ReportFacts, open_tasks: list[TaskFact], *, reported: frozenset[int]
) -> tuple[OwnerLoad, ...]:
    owners: dict[int, OwnerFact] = {}
    active: dict[int, set[str]] = defaultdict(set)
    for task in facts.tasks:
        if task.owner is not None:
            owners[task.owner.id] = task.owner
            active[task.owner.id].update(_held_in(task, facts.periods))
    open_count: Counter[int] = Counter()
    refs: dict[int, list[str]] = defaultdict(list)
    for task in open_tasks:
        if task.owner is not None:
            open_count[task.owner.id] += 1
            if task.owner.id not in reported:
                refs[task.owner.id].append(task.ref)

    def load(owner_id: int) -> OwnerLoad:
        return OwnerLoad(owner=owners[owner_id], open_tasks=open_count[owner_id],
                         active_in=frozenset(active[owner_id]),
                         open_refs=tuple(refs[owner_id][:OWNER_REFS]))  # fmt: skip

    rest = [owner_id for owner_id in owners if owner_id not in refs]
    return tuple(load(owner_id) for owner_id in [*refs, *rest])


def _held_in(task: TaskFact, periods: tuple[str, ...]) -> set[str]:
    held = set()
    for label in periods:
        start, end = period_bounds(label)
        if task.created_at < end and (task.closed_at is None or task.closed_at >= start):
            held.add(label)
    return held
