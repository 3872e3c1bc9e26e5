"""Short replies that confirm what a command or form just changed."""

from datetime import date
from decimal import Decimal

from bot.views.format import (
    format_date,
    format_number,
    mention,
    owner_mention,
    progress_summary,
    status_emoji,
    status_label,
    task_label,
)
from bot.views.message import Message, message, section
from bot.views.models import PersonRef, TaskLine
from bot.views.text import escape, escape_within, one_line

NOTE_LIMIT = 2000
REASON_LIMIT = 2000


def render_progress_recorded(
    *, task: TaskLine, today: date, spent: Decimal | None = None
) -> Message:
    """Progress saved: ``task`` carries the update just recorded (status, percent, note)."""
    lines = [
        f":memo: Progress recorded for {task_label(task)}",
        progress_summary(task, today=today),
    ]
    if spent is not None:
        lines.append(f"Spent to date: {format_number(spent)}")
    if task.note and task.note.strip():
        lines.append(f"> {escape_within(one_line(task.note), NOTE_LIMIT)}")
    text = f"Progress recorded for {task.ref}: {status_label(task.status)}"
    if task.percent is not None:
        text += f", {task.percent}%"
    return message(text=text, blocks=[section("\n".join(lines))])


def render_task_created(*, task: TaskLine, goal_ref: str | None = None) -> Message:
    owner = task.owner
    lines = [f":sparkles: Created {task_label(task)}"]
    details = [f"owner {owner_mention(task)}", _due(task)]
    if goal_ref:
        details.append(f"goal *{escape_within(goal_ref, 20)}*")
    lines.append(" · ".join(details))
    if owner is not None and owner.slack_id:
        lines.append(f"{mention(owner)} has been asked to accept it.")
    elif owner is None:
        lines.append(f"It has no owner yet: `/pillar assign {task.ref} @someone`.")
    return message(text=f"Created {task.ref}.", blocks=[section("\n".join(lines))])


def render_task_assigned(*, task: TaskLine, previous_owner: PersonRef | None = None) -> Message:
    lines = [f":bust_in_silhouette: {task_label(task)} is now assigned to {owner_mention(task)}."]
    if previous_owner is not None:
        lines.append(f"Previously: {mention(previous_owner)}.")
    owner = task.owner
    if owner is not None and owner.slack_id:
        lines.append(f"{mention(owner)} has been asked to accept it.")
    return message(text=f"{task.ref} assigned.", blocks=[section("\n".join(lines))])


def render_task_redated(*, task: TaskLine, previous_due: date | None = None) -> Message:
    was = f" (was {format_date(previous_due)})" if previous_due else ""
    text = f":calendar: {task_label(task)} is now {_due(task)}{was}."
    return message(text=f"{task.ref} re-dated.", blocks=[section(text)])


def render_task_dropped(*, task: TaskLine) -> Message:
    text = (
        f":wastebasket: Dropped {task_label(task)}. It no longer appears in check-ins "
        "or digests; its history is kept."
    )
    return message(text=f"{task.ref} dropped.", blocks=[section(text)])


def render_task_done(*, task: TaskLine, note: str | None = None) -> Message:
    lines = [f"{status_emoji(task.status)} Marked {task_label(task)} as *done*. Well done!"]
    if note and note.strip():
        lines.append(f"> {escape_within(one_line(note), NOTE_LIMIT)}")
    return message(text=f"{task.ref} marked done.", blocks=[section("\n".join(lines))])


def render_blocker_raised(*, task: TaskLine, reason: str, manager: PersonRef | None) -> Message:
    lines = [
        f":no_entry: {task_label(task)} is marked *blocked*.",
        f"> {escape_within(one_line(reason), REASON_LIMIT)}",
    ]
    if manager is not None:
        lines.append(f"Your manager {mention(manager)} has been told.")
    else:
        lines.append(
            "You have no manager on record, so nobody could be told: ask an admin to set one."
        )
    return message(text=f"{task.ref} marked blocked.", blocks=[section("\n".join(lines))])


def render_away_set(*, until: date | None) -> Message:
    """``until`` None means the person is back."""
    if until is None:
        text = ":wave: Welcome back: check-in prompts and nudges are on again."
        return message(text="Welcome back.", blocks=[section(text)])
    text = (
        f":palm_tree: You are away until *{format_date(until)}*: no check-in prompts or nudges "
        "until then. `/pillar away off` when you are back early."
    )
    return message(text=f"Away until {format_date(until)}.", blocks=[section(text)])


def render_error(*, problem: str, hint: str | None = None) -> Message:
    """A person's input was wrong: what was wrong, and the right form."""
    lines = [f":warning: {escape_within(problem, 1500)}"]
    if hint:
        lines.append(escape_within(hint, 1400))
    return message(text=escape(problem), blocks=[section("\n".join(lines))])


def _due(task: TaskLine) -> str:
    return f"due {format_date(task.due_on)}" if task.due_on else "no due date"
