"""Reporting progress: `update`, `done`, `block`, and the form with no status."""

from decimal import Decimal

from sqlmodel import select

from bot.commands import MarkDone, OpenUpdateForm, RaiseBlocker, UpdateTask
from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.notify import owe
from bot.handlers.replies import OpenModal, Reply, say
from bot.people.roles import require_update
from bot.views.alerts import render_blocker_alert
from bot.views.confirmations import (
    render_blocker_raised,
    render_progress_recorded,
    render_task_done,
)
from bot.views.models import PersonRef
from bot.views.update_form import render_update_form
from storage import crud
from storage.enums import Source, Status
from storage.models import Person, ProgressUpdate, Task, TeamManager


def record(
    context: HandlerContext,
    task: Task,
    *,
    status: Status,
    source: Source,
    percent: int | None = None,
    value: Decimal | float | None = None,
    spent: Decimal | None = None,
    note: str = "",
    period: str | None = None,
) -> ProgressUpdate:
    """Record progress as the actor, after checking they may; a blocker alerts managers."""
    require_update(context.actor, lookups.parties(context.session, task))
    update = crud.record_progress(
        **context.writer,
        task=task,
        author=context.person,
        status=status,
        source=source,
        percent=percent,
        metric_value=float(value) if value is not None else None,
        spent=spent,
        note=note,
        period=period,
    )
    if status == Status.BLOCKED:
        alert_managers(context, task=task, update=update)
    return update


def managers_of(context: HandlerContext, task: Task) -> list[Person]:
    """Who can unblock: the owner's manager, else the managers of the task's team."""
    session = context.session
    owner = session.get(Person, task.owner_id) if task.owner_id else None
    if owner is not None and owner.manager_id is not None:
        manager = session.get(Person, owner.manager_id)
        if manager is not None and not manager.deactivated:
            return [manager]
    if task.team_id is None:
        return []
    query = (
        select(Person)
        .join(TeamManager, TeamManager.person_id == Person.id)  # type: ignore[arg-type]
        .where(TeamManager.team_id == task.team_id, Person.deactivated == False)  # noqa: E712
    )
    return list(session.exec(query).all())


def alert_managers(context: HandlerContext, *, task: Task, update: ProgressUpdate) -> list[Person]:
    managers = [m for m in managers_of(context, task) if m.slack_user_id]
    line = lookups.line_for(context.session, task)
    alert = render_blocker_alert(
        task=line,
        reason=update.note or "no reason given",
        today=context.today,
        raised_by=lookups.person_ref(context.person),
    )
    for manager in managers:
        assert manager.slack_user_id is not None
        owe(
            context,
            key=f"{update.id}:{manager.slack_user_id}",
            kind="blocker",
            channel=manager.slack_user_id,
            note=alert,
        )
    return managers


def update_task(command: UpdateTask, context: HandlerContext) -> Reply:
    task = lookups.task(context, command.ref)
    update = record(
        context,
        task,
        status=command.status,
        source=Source.COMMAND,
        percent=command.percent,
        value=command.value,
        spent=command.spent,
        note=command.note,
    )
    if command.status == Status.BLOCKED:
        return _blocked_reply(context, task, reason=command.note)
    line = lookups.line_after(context.session, task, update=update)
    return render_progress_recorded(task=line, today=context.today, spent=command.spent)


def mark_done(command: MarkDone, context: HandlerContext) -> Reply:
    task = lookups.task(context, command.ref)
    update = record(context, task, status=Status.DONE, source=Source.COMMAND, note=command.note)
    line = lookups.line_after(context.session, task, update=update)
    return render_task_done(task=line, note=command.note or None)


def raise_blocker(command: RaiseBlocker, context: HandlerContext) -> Reply:
    task = lookups.task(context, command.ref)
    record(context, task, status=Status.BLOCKED, source=Source.COMMAND, note=command.reason)
    return _blocked_reply(context, task, reason=command.reason)


def _blocked_reply(context: HandlerContext, task: Task, *, reason: str) -> Reply:
    managers = managers_of(context, task)
    told: PersonRef | None = lookups.person_ref(managers[0]) if managers else None
    line = lookups.line_for(context.session, task)
    return render_blocker_raised(task=line, reason=reason or "no reason given", manager=told)


def open_update_form(command: OpenUpdateForm, context: HandlerContext) -> Reply:
    selected = lookups.task(context, command.ref) if command.ref else None
    if selected is not None:
        require_update(context.actor, lookups.parties(context.session, selected))
    mine = crud.list_open_tasks(**context.reader, owner=context.person)
    lines = [
        lookups.task_line(item.task, owner=context.person, latest=item.latest) for item in mine
    ]
    if selected is not None and all(line.id != selected.id for line in lines):
        lines.append(lookups.line_for(context.session, selected))
    if not lines:
        return say(
            "You have no open tasks to report on. `/pillar update T-12` opens the form for a "
            "task you manage."
        )
    view = render_update_form(
        tasks=lines,
        selected_task_id=selected.id if selected else None,
        channel_id=context.channel_id,
    )
    return OpenModal(view=view)
