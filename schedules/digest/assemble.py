"""Assemble a digest from a report's facts. Pure: no database, no Slack, no clock."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from schedules.digest.model import (
    BudgetLine,
    Completion,
    Digest,
    Participation,
    PeriodStatus,
    Review,
    StaleFlag,
    StaleReason,
    StatusCount,
    TaskItem,
    Unreported,
    Who,
)
from schedules.digest.stale import behind_schedule, is_reported_green, unchanged_since
from storage.enums import Status, TaskState
from storage.reports import (
    LOOKAHEAD_DAYS,
    OwnerFact,
    ProgressPoint,
    ReportFacts,
    TaskFact,
    period_bounds,
    shift_period,
)

ATTENTION_ORDER = (Status.BLOCKED, Status.OFF_TRACK, Status.AT_RISK)


def assemble_digest(
    facts: ReportFacts, *, period: str, today: date, scope_name: str | None = None
) -> Digest:
    """The digest of ``facts`` for ``period`` as seen on ``today``.

    ``scope_name`` names what it covers (a team, a person); the plan's name by default.
    """
    if period != facts.period:
        raise ValueError(f"the facts are for {facts.period}, not {period}")
    open_tasks = sorted(facts.open_tasks, key=_by_due_date)
    reported_now = _reported(facts, period)
    return Digest(
        scope_name=scope_name or facts.plan_name,
        plan_name=facts.plan_name,
        period=period,
        previous_period=shift_period(period, -1),
        today=today,
        open_tasks=tuple(item(task) for task in open_tasks),
        counts=_counts(facts, period),
        without_update=_without_update(facts, period),
        attention=_attention(open_tasks),
        unreported=_unreported(facts, open_tasks, reported=reported_now, today=today),
        overdue=tuple(item(task) for task in open_tasks if task.due_on and task.due_on < today),
        due_soon=tuple(item(task) for task in open_tasks if _due_soon(task, today)),
        reviews=_reviews(facts, today=today),
        completed=_completed(facts, period),
        participation=tuple(_participation(facts, label, today=today) for label in facts.periods),
        budgets=tuple(
            BudgetLine(goal_ref=g.ref, title=g.title, allocated=g.allocated, spent=g.spent)
            for g in facts.goals
            if g.allocated is not None or g.spent
        ),
        stale=_stale(facts, open_tasks, period=period, today=today),
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


def _by_due_date(task: TaskFact) -> tuple[bool, date, int]:
    return task.due_on is None, task.due_on or date.min, task.number


def _counts(facts: ReportFacts, period: str) -> tuple[StatusCount, ...]:
    now = facts.status_counts.get(period, {})
    before = facts.status_counts.get(shift_period(period, -1), {})
    return tuple(
        StatusCount(status=status, count=now.get(status, 0), previous=before.get(status, 0))
        for status in Status
    )


def _without_update(facts: ReportFacts, period: str) -> int:
    updated = {point.task_id for point in facts.history if point.period == period}
    return sum(1 for task in facts.open_tasks if task.id not in updated)


def _attention(open_tasks: Iterable[TaskFact]) -> tuple[TaskItem, ...]:
    flagged = [t for t in open_tasks if t.latest and t.latest.status in ATTENTION_ORDER]
    flagged.sort(key=lambda t: ATTENTION_ORDER.index(t.latest.status) if t.latest else 0)
    return tuple(item(task) for task in flagged)


def _due_soon(task: TaskFact, today: date) -> bool:
    return task.due_on is not None and today <= task.due_on <= today + timedelta(LOOKAHEAD_DAYS)


def _reported(facts: ReportFacts, period: str) -> frozenset[int]:
    """Owners who reported in ``period``: an update on a task of theirs, or a check-in
    they answered."""
    answered = {c.person_id for c in facts.check_ins if c.period == period and c.answered_at}
    return facts.reporting.get(period, frozenset()) | answered


def _participation(facts: ReportFacts, period: str, *, today: date) -> Participation:
    """Owners of tasks open at some time in ``period`` (away ones left out of the current
    period) against those of them who reported."""
    start, end = period_bounds(period)
    expected = {
        task.owner.id
        for task in facts.tasks
        if task.owner is not None
        and not task.owner.deactivated
        and task.created_at < end
        and (task.closed_at is None or task.closed_at >= start)
    }
    if period == facts.period:
        expected -= _away(facts.tasks, today=today)
    reported = expected & _reported(facts, period)
    return Participation(period=period, expected=len(expected), reported=len(reported))


def _away(tasks: Iterable[TaskFact], *, today: date) -> set[int]:
    return {
        task.owner.id
        for task in tasks
        if task.owner is not None and task.owner.away_until and task.owner.away_until >= today
    }


def _unreported(
    facts: ReportFacts, open_tasks: list[TaskFact], *, reported: frozenset[int], today: date
) -> tuple[Unreported, ...]:
    away = _away(open_tasks, today=today)
    refs: dict[int, list[str]] = defaultdict(list)
    owners: dict[int, OwnerFact] = {}
    for task in open_tasks:
        owner = task.owner
        if owner is None or owner.deactivated or owner.id in reported or owner.id in away:
            continue
        owners[owner.id] = owner
        refs[owner.id].append(task.ref)
    check_ins = {c.person_id: c for c in facts.check_ins if c.period == facts.period}
    silent = []
    for owner_id, owner in owners.items():
        check_in = check_ins.get(owner_id)
        silent.append(
            Unreported(
                person=Who(name=owner.name, slack_id=owner.slack_id),
                task_refs=tuple(refs[owner_id]),
                asked_at=check_in.asked_at if check_in else None,
                nudges_sent=check_in.nudges_sent if check_in else 0,
            )
        )
    silent.sort(key=lambda entry: (-len(entry.task_refs), entry.person.name.lower()))
    return tuple(silent)


def _reviews(facts: ReportFacts, *, today: date) -> tuple[Review, ...]:
    return tuple(
        Review(title=r.title, held_on=r.held_on, days_away=(r.held_on - today).days, kind=r.kind)
        for r in facts.reviews
    )


def _completed(facts: ReportFacts, period: str) -> tuple[Completion, ...]:
    start, end = period_bounds(period)
    done = [
        task
        for task in facts.tasks
        if task.state == TaskState.DONE and task.closed_at and start <= task.closed_at < end
    ]
    done.sort(key=lambda task: (task.closed_at or start, task.number))
    return tuple(
        Completion(task=item(task), completed_on=(task.closed_at or start).date()) for task in done
    )


def _stale(
    facts: ReportFacts, open_tasks: Iterable[TaskFact], *, period: str, today: date
) -> tuple[StaleFlag, ...]:
    points: dict[int, dict[str, ProgressPoint]] = defaultdict(dict)
    for point in facts.history:
        points[point.task_id][point.period] = point
    flags = []
    for task in open_tasks:
        if not is_reported_green(task):
            continue
        flag = _stale_flag(task, points.get(task.id, {}), period=period, today=today)
        if flag is not None:
            flags.append(flag)
    return tuple(flags)


def _stale_flag(
    task: TaskFact, points: Mapping[str, ProgressPoint], *, period: str, today: date
) -> StaleFlag | None:
    behind = behind_schedule(task, today=today)
    if behind is not None:
        elapsed, progress = behind
        return StaleFlag(
            task=item(task),
            reason=StaleReason.BEHIND,
            elapsed_percent=elapsed,
            progress_percent=progress,
        )
    since = unchanged_since(task, points, period=period)
    if since is not None:
        return StaleFlag(task=item(task), reason=StaleReason.UNCHANGED, since_period=since)
    return None
