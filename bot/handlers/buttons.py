"""What the buttons and forms do, as work run for the person who used them."""

from dataclasses import dataclass

from sqlmodel import col, select

from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.ownership import decline
from bot.handlers.progress import record
from bot.handlers.replies import OpenModal
from bot.people.roles import require_update
from bot.views.actions import ActionValue
from bot.views.assignment import assignment_answer_text, render_decline_modal
from bot.views.metadata import ModalContext
from bot.views.models import UpdateLine, UpdateSubmission
from bot.views.prompts import quick_status_confirmation
from bot.views.task_detail import render_task_modal
from bot.views.update_form import render_update_form
from storage import crud
from storage.enums import Source, Status
from storage.errors import DomainError
from storage.models import Goal, Person, ProgressUpdate, Task

HISTORY_SHOWN = 20


@dataclass(frozen=True)
class Confirmed:
    """Replace the buttons of ``task_id`` in the message with ``text``."""

    task_id: int
    text: str


def task_by_id(context: HandlerContext, task_id: int | None) -> Task:
    if task_id is None:
        raise DomainError("this button no longer points at a task", field="task")
    return crud.get_task(**context.reader, task_id=task_id)


def quick_status(context: HandlerContext, value: ActionValue) -> Confirmed:
    task = task_by_id(context, value.task_id)
    status = value.status or Status.ON_TRACK
    record(context, task, status=status, source=Source.BUTTON, period=value.period)
    text = quick_status_confirmation(
        task_ref=task.ref, status=status, actor=lookups.person_ref(context.person), at=context.now
    )
    return Confirmed(task_id=task.id or 0, text=text)


def update_form(
    context: HandlerContext, task_id: int | None, *, channel_id: str | None
) -> OpenModal:
    mine = crud.list_open_tasks(**context.reader, owner=context.person)
    lines = [
        lookups.task_line(item.task, owner=context.person, latest=item.latest) for item in mine
    ]
    if task_id is not None and all(line.id != task_id for line in lines):
        task = task_by_id(context, task_id)
        require_update(context.actor, lookups.parties(context.session, task))
        lines.append(lookups.line_for(context.session, task))
    if not lines:
        raise DomainError("you have no open tasks to report on", field="task")
    return OpenModal(
        view=render_update_form(tasks=lines, selected_task_id=task_id, channel_id=channel_id)
    )


def submit_update(context: HandlerContext, submission: UpdateSubmission) -> ProgressUpdate:
    task = task_by_id(context, submission.task_id)
    blocked = submission.blocker_reason is not None
    note = submission.blocker_reason if blocked and not submission.note else submission.note
    return record(
        context,
        task,
        status=Status.BLOCKED if blocked else submission.status,
        source=Source.MODAL,
        percent=submission.percent,
        value=submission.metric_value,
        spent=submission.spent,
        note=note or "",
    )


def accept(context: HandlerContext, value: ActionValue) -> Confirmed:
    task = task_by_id(context, value.task_id)
    crud.accept_task(**context.writer, task=task)
    text = assignment_answer_text(
        accepted=True, actor=lookups.person_ref(context.person), at=context.now
    )
    return Confirmed(task_id=task.id or 0, text=text)


def decline_form(
    context: HandlerContext, value: ActionValue, *, channel_id: str | None, message_ts: str | None
) -> OpenModal:
    task = task_by_id(context, value.task_id)
    line = lookups.line_for(context.session, task)
    return OpenModal(
        view=render_decline_modal(task=line, channel_id=channel_id, message_ts=message_ts)
    )


def submit_decline(context: HandlerContext, where: ModalContext, reason: str) -> Confirmed:
    task = task_by_id(context, where.task_id)
    decline(context, task=task, reason=reason)
    text = assignment_answer_text(
        accepted=False, actor=lookups.person_ref(context.person), at=context.now
    )
    return Confirmed(task_id=task.id or 0, text=text)


def task_details(context: HandlerContext, value: ActionValue) -> OpenModal:
    task = task_by_id(context, value.task_id)
    goal = context.session.get(Goal, task.goal_id)
    rows = context.session.exec(
        select(ProgressUpdate, Person)
        .join(Person, col(Person.id) == col(ProgressUpdate.author_id), isouter=True)
        .where(ProgressUpdate.task_id == task.id)
        .order_by(col(ProgressUpdate.created_at).desc())
        .limit(HISTORY_SHOWN)
    ).all()
    history = [
        UpdateLine(
            status=update.status,
            at=update.created_at,
            author=lookups.person_ref(author) if author else None,
            percent=update.percent,
            metric_value=update.metric_value,
            note=update.note or None,
        )
        for update, author in rows
    ]
    view = render_task_modal(
        task=lookups.line_for(context.session, task),
        today=context.today,
        how=task.how or None,
        goal_title=goal.title if goal else None,
        history=history,
    )
    return OpenModal(view=view)
