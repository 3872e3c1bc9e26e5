"""Turn an owed item into the message it stands for, reading the rows it names.

Nothing is owed when there is nothing to say (the owner closed their last task meanwhile,
or cannot be written to): the renderers then return no message, and the claim made for
the item stays, so it is not tried again.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.handlers.lookups import person_ref, task_line
from bot.reports.chart_payload import digest_chart
from bot.reports.stale import stale_signs
from bot.views.alerts import (
    render_escalation,
    render_overdue_reminder,
    render_review_reminder,
    render_review_update_request,
)
from bot.views.departures import render_departed_owner
from bot.views.digest import render_digest
from bot.views.format import period_label
from bot.views.message import Message
from bot.views.models import ReviewView, SilentOwner, TaskLine
from bot.views.prompts import render_checkin_prompt, render_nudge
from schedules.digest import assemble_digest
from schedules.sweeps import (
    CheckInNudge,
    CheckInPrompt,
    DeactivatedOwner,
    Escalation,
    OverdueReminder,
    Owed,
    PlanDigest,
    ReviewReminder,
    ReviewUpdateRequest,
    TeamDigest,
)
from schedules.sweeps.decide import local_today, usable_zone
from storage import crud
from storage.enums import TaskState
from storage.models import Person, Plan, ReviewDate, Task, Team
from storage.periods import shift_period
from storage.reports import ReportScope
from storage.reports.digest import fetch_digest_facts


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message for the outbox: where it goes and what it says."""

    channel: str
    message: Message
    metadata: dict[str, Any]
    chart: dict[str, Any] | None = None


def render_owed(
    session: Session, owed: Owed, *, now: datetime, default_tz: str = "UTC"
) -> Outgoing | None:
    """The message ``owed`` stands for, or None when there is nothing to say."""
    if isinstance(owed, CheckInPrompt):
        return _prompt(session, owed)
    if isinstance(owed, CheckInNudge):
        return _nudge(session, owed)
    if isinstance(owed, Escalation):
        return _escalation(session, owed, now=now, default_tz=default_tz)
    if isinstance(owed, OverdueReminder):
        return _overdue(session, owed)
    if isinstance(owed, ReviewReminder):
        return _review_reminder(session, owed)
    if isinstance(owed, ReviewUpdateRequest):
        return _review_update(session, owed)
    if isinstance(owed, TeamDigest | PlanDigest):
        return _digest(session, owed)
    return _departure(session, owed)


def _open_tasks(session: Session, person: Person) -> list[crud.OpenTask]:
    return crud.list_open_tasks(session=session, workspace_id=person.workspace_id, owner=person)


def _lines(person: Person, tasks: Sequence[crud.OpenTask]) -> list[TaskLine]:
    return [task_line(item.task, owner=person, latest=item.latest) for item in tasks]


def _open_lines(session: Session, person: Person) -> list[TaskLine]:
    return _lines(person, _open_tasks(session, person))


def _reachable(session: Session, person_id: int) -> Person | None:
    person = session.get(Person, person_id)
    if person is None or person.deactivated or not person.slack_user_id:
        return None
    return person


def _to(person: Person, message: Message, **metadata: Any) -> Outgoing:
    assert person.slack_user_id is not None
    return Outgoing(channel=person.slack_user_id, message=message, metadata=metadata)


def _prompt(session: Session, owed: CheckInPrompt) -> Outgoing | None:
    owner = _reachable(session, owed.person_id)
    tasks = _open_tasks(session, owner) if owner else []
    if owner is None or not tasks:
        return None
    stale = stale_signs(session, tasks=tasks, judged=shift_period(owed.period, -1),
                        today=owed.today)  # fmt: skip
    message = render_checkin_prompt(
        owner=person_ref(owner), tasks=_lines(owner, tasks), period=owed.period,
        today=owed.today, respond_by=owed.respond_by, stale=stale,
    )  # fmt: skip
    return _to(owner, message, period=owed.period)


def _nudge(session: Session, owed: CheckInNudge) -> Outgoing | None:
    owner = _reachable(session, owed.person_id)
    tasks = _open_lines(session, owner) if owner else []
    if owner is None or not tasks:
        return None
    manager = session.get(Person, owed.manager_id) if owed.manager_id else None
    message = render_nudge(
        owner=person_ref(owner), tasks=tasks, period=owed.period, level=owed.level,
        respond_by=owed.respond_by, manager=person_ref(manager) if manager else None,
    )  # fmt: skip
    return _to(owner, message, period=owed.period, level=owed.level)


def _escalation(
    session: Session, owed: Escalation, *, now: datetime, default_tz: str
) -> Outgoing | None:
    manager = _reachable(session, owed.manager_id)
    if manager is None:
        return None
    silent: list[SilentOwner] = []
    for item in owed.silent:
        owner = session.get(Person, item.person_id)
        tasks = _open_lines(session, owner) if owner else []
        if owner is None or not tasks:
            continue
        zone = usable_zone(owner.tz, default_tz=default_tz)
        silent.append(
            SilentOwner(
                person=person_ref(owner),
                tasks=tuple(tasks),
                asked_on=local_today(item.asked_at, zone) if item.asked_at else None,
                nudges_sent=item.nudges_sent,
            )
        )
    if not silent:
        return None
    today = local_today(now, usable_zone(manager.tz, default_tz=default_tz))
    message = render_escalation(period=owed.period, silent=silent, today=today)
    return _to(manager, message, period=owed.period)


def _overdue(session: Session, owed: OverdueReminder) -> Outgoing | None:
    owner = _reachable(session, owed.person_id)
    tasks = _overdue_lines(_open_lines(session, owner), owed.today) if owner else []
    if owner is None or not tasks:
        return None
    message = render_overdue_reminder(owner=person_ref(owner), tasks=tasks, today=owed.today)
    return _to(owner, message, week=owed.week)


def _overdue_lines(tasks: Sequence[TaskLine], today: date) -> list[TaskLine]:
    return [task for task in tasks if task.due_on is not None and task.due_on < today]


def _review_view(session: Session, review_id: int) -> ReviewView | None:
    review = session.get(ReviewDate, review_id)
    if review is None:
        return None
    plan = session.get(Plan, review.plan_id)
    return ReviewView(
        title=review.title,
        held_on=review.held_on,
        kind=review.kind,
        plan_name=plan.name if plan else None,
    )


def _review_reminder(session: Session, owed: ReviewReminder) -> Outgoing | None:
    view = _review_view(session, owed.review_id)
    if view is None:
        return None
    message = render_review_reminder(review=view, today=owed.today)
    return Outgoing(channel=owed.channel_id, message=message, metadata={"days": owed.days})


def _review_update(session: Session, owed: ReviewUpdateRequest) -> Outgoing | None:
    owner = _reachable(session, owed.person_id)
    view = _review_view(session, owed.review_id)
    if owner is None or view is None:
        return None
    found = session.exec(
        select(Task).where(col(Task.id).in_(owed.task_ids), Task.state == TaskState.OPEN)
    )
    by_id = {task.id: task for task in found}
    tasks = [by_id[task_id] for task_id in owed.task_ids if task_id in by_id]
    latest = crud.latest_updates(
        session=session, workspace_id=owed.workspace_id, task_ids=[t.id for t in tasks if t.id]
    )
    lines = [task_line(task, owner=owner, latest=latest.get(task.id or 0)) for task in tasks]
    if not lines:
        return None
    message = render_review_update_request(
        owner=person_ref(owner), review=view, tasks=lines, today=owed.today
    )
    return _to(owner, message, review=owed.review_id)


def _departure(session: Session, owed: DeactivatedOwner) -> Outgoing | None:
    person = session.get(Person, owed.person_id)
    tasks = _open_lines(session, person) if person else []
    if person is None or not tasks:
        return None
    message = render_departed_owner(person=person_ref(person), tasks=tasks, today=owed.today)
    return Outgoing(channel=owed.admin_slack_id, message=message, metadata={})


def _digest(session: Session, owed: TeamDigest | PlanDigest) -> Outgoing | None:
    """The digest of the team (or the whole plan), with its chart; none for no tasks."""
    name: str | None = None
    scope = ReportScope(workspace_id=owed.workspace_id, plan_id=owed.plan_id)
    if isinstance(owed, TeamDigest):
        team = session.get(Team, owed.team_id)
        if team is None:
            return None
        name = team.name
        scope = ReportScope(
            workspace_id=owed.workspace_id, plan_id=owed.plan_id, team_ids=frozenset({owed.team_id})
        )
    facts = fetch_digest_facts(session=session, scope=scope, period=owed.period, today=owed.today)
    if not facts.tasks:
        return None
    digest = assemble_digest(facts, period=owed.period, today=owed.today, scope_name=name)
    return Outgoing(
        channel=owed.channel_id,
        message=render_digest(digest),
        metadata={"period": owed.period},
        chart=digest_chart(digest, month=period_label(owed.period)),
    )
