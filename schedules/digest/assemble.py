"""Assemble a digest from its facts. Pure: no database, no Slack, no clock."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from schedules.digest.model import (
    BudgetLine,
    Completion,
    Digest,
    Participation,
    PeriodStatus,
    Review,
    StaleFlag,
    StatusCount,
    TaskItem,
    Unreported,
    Who,
)
from schedules.digest.stale import stale_sign
from storage.enums import Status
from storage.reports import (
    Listing,
    OwnerFact,
    ProgressPoint,
    ReviewFact,
    TaskFact,
    shift_period,
)
from storage.reports.digest import LIST_HEAD, DigestFacts, OwnerLoad


def assemble_digest(
    facts: DigestFacts, *, period: str, today: date, scope_name: str | None = None
) -> Digest:
    """The digest of ``facts`` for ``period`` as seen on ``today``.

    ``scope_name`` names what it covers (a team, a person); the plan's name by default.
    """
    if period != facts.period:
        raise ValueError(f"the facts are for {facts.period}, not {period}")
    return Digest(
        scope_name=scope_name or facts.plan_name,
        plan_name=facts.plan_name,
        period=period,
        previous_period=shift_period(period, -1),
        today=today,
        open_tasks=_items(facts.open_tasks),
        counts=_counts(facts, period),
        without_update=facts.without_update,
        attention=_items(facts.attention),
        unreported=_unreported(facts, today=today),
        overdue=_items(facts.overdue),
        due_soon=_items(facts.due_soon),
        reviews=tuple(_review(review, today=today) for review in facts.reviews),
        completed=_completed(facts.completed),
        participation=tuple(_participation(facts, label, today=today) for label in facts.periods),
        budgets=tuple(
            BudgetLine(goal_ref=g.ref, title=g.title, allocated=g.allocated, spent=g.spent)
            for g in facts.goals
            if g.allocated is not None or g.spent
        ),
        stale=_stale(facts, period=period, today=today),
        series=tuple(
            PeriodStatus(period=label, counts=dict(facts.status_counts.get(label, {})))
            for label in facts.periods
        ),
    )


def who(owner: OwnerFact | None) -> Who | None:
    return None if owner is None else Who(name=owner.name, slack_id=owner.slack_id)


def item(task: TaskFact) -> TaskItem:
    latest = task.latest
    return TaskItem(
        ref=task.ref,
        title=task.title,
        owner=who(task.owner),
        status=latest.status if latest else None,
        percent=latest.percent if latest else None,
        note=latest.note if latest else "",
        updated_at=latest.at if latest else None,
        due_on=task.due_on,
        metric_value=latest.metric_value if latest else None,
        metric_target=task.metric_target,
        metric_unit=task.metric_unit,
    )


def _items(tasks: Listing[TaskFact]) -> Listing[TaskItem]:
    return Listing(first=tuple(item(task) for task in tasks.first), total=tasks.total)


def _counts(facts: DigestFacts, period: str) -> tuple[StatusCount, ...]:
    now = facts.status_counts.get(period, {})
    before = facts.status_counts.get(shift_period(period, -1), {})
    return tuple(
        StatusCount(status=status, count=now.get(status, 0), previous=before.get(status, 0))
        for status in Status
    )


def _review(review: ReviewFact, *, today: date) -> Review:
    days_away = (review.held_on - today).days
    return Review(title=review.title, held_on=review.held_on, days_away=days_away, kind=review.kind)


def _participation(facts: DigestFacts, period: str, *, today: date) -> Participation:
    """Owners of tasks open at some time in ``period`` (away ones left out of the current
    period) against those of them who reported."""
    expected = {
        load.owner.id
        for load in facts.owners
        if not load.owner.deactivated and period in load.active_in
    }
    if period == facts.period:
        expected -= _away(facts.owners, today=today)
    reported = expected & facts.reported.get(period, frozenset())
    return Participation(period=period, expected=len(expected), reported=len(reported))


def _away(owners: Iterable[OwnerLoad], *, today: date) -> set[int]:
    return {
        load.owner.id
        for load in owners
        if load.owner.away_until is not None and load.owner.away_until >= today
    }


def _unreported(facts: DigestFacts, *, today: date) -> Listing[Unreported]:
    """Owners with open tasks and no word this period, most tasks first (then by name;
    then whose open task is due first, the order of ``facts.owners``)."""
    away = _away(facts.owners, today=today)
    check_ins = {c.person_id: c for c in facts.check_ins if c.period == facts.period}
    quiet_or_away = facts.reported.get(facts.period, frozenset()) | away
    silent = []
    for load in facts.owners:
        owner = load.owner
        if not load.open_tasks or owner.deactivated or owner.id in quiet_or_away:
            continue
        check_in = check_ins.get(owner.id)
        silent.append(
            Unreported(
                person=Who(name=owner.name, slack_id=owner.slack_id),
                task_refs=load.open_refs,
                task_count=load.open_tasks,
                asked_at=check_in.asked_at if check_in else None,
                nudges_sent=check_in.nudges_sent if check_in else 0,
            )
        )
    silent.sort(key=lambda entry: (-entry.task_count, entry.person.name.lower()))
    return Listing.of(silent, keep=LIST_HEAD)


def _completed(done: Listing[TaskFact]) -> Listing[Completion]:
    completions = tuple(
        Completion(task=item(task), completed_on=task.closed_at.date())
        for task in done.first
        if task.closed_at is not None  # always, for a task done in the period
    )
    return Listing(first=completions, total=done.total)


def _stale(facts: DigestFacts, *, period: str, today: date) -> Listing[StaleFlag]:
    points: dict[int, dict[str, ProgressPoint]] = defaultdict(dict)
    for point in facts.history:
        points[point.task_id][point.period] = point
    flags = []
    for task in facts.green:
        sign = stale_sign(task, points.get(task.id, {}), period=period, today=today)
        if sign is not None:
            flags.append(StaleFlag(task=item(task), sign=sign))
    return Listing.of(flags, keep=LIST_HEAD)
