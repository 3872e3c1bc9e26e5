"""Messages that raise the alarm: escalations, blockers, overdue tasks, review dates."""

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, PlainTextObject

from bot.views.actions import MESSAGE_OWNER, VIEW_TASK, encode_value
from bot.views.format import (
    due_text,
    format_date,
    mention,
    owner_mention,
    period_label,
    plural,
    status_counts_text,
    task_label,
)
from bot.views.message import Message, header, message, more_line, section
from bot.views.models import PersonRef, ReviewView, SilentOwner, StatusCounts, TaskLine
from bot.views.tasks import by_due_date, task_section
from bot.views.text import BUTTON_TEXT_LIMIT, escape_within, one_line, plain
from storage.enums import ReviewKind

ESCALATION_MAX_OWNERS = 45
ESCALATION_MAX_TASKS_PER_OWNER = 15
ALERT_MAX_TASKS = 45
REASON_LIMIT = 2000
_TITLE_LIMIT = 120
_REVIEW_KIND = {
    ReviewKind.MONTHLY: "Monthly meeting",
    ReviewKind.QUARTERLY: "Quarterly review",
    ReviewKind.ANNUAL: "Annual review",
}


def render_escalation(*, period: str, silent: Sequence[SilentOwner], today: date) -> Message:
    """To a manager: who has not reported this period, and on which tasks."""
    month = period_label(period)
    if not silent:
        text = f":white_check_mark: Everyone in your teams has reported for {month}."
        return message(text=f"Everyone has reported for {month}.", blocks=[section(text)])
    task_count = sum(len(owner.tasks) for owner in silent)
    intro = (
        f"The *{month}* check-in window has closed. {plural(len(silent), 'person', 'people')} "
        f"{'has' if len(silent) == 1 else 'have'} not reported on {plural(task_count, 'task')}. "
        "A word from you usually settles it."
    )
    blocks: list[Block] = [header(f"No report yet: {month}"), section(intro)]
    shown = silent[:ESCALATION_MAX_OWNERS]
    blocks.extend(section(_silent_owner_text(owner, today=today)) for owner in shown)
    if len(silent) > len(shown):
        blocks.append(more_line(len(silent) - len(shown), hint="`/pillar status` lists everyone"))
    fallback = f"{plural(len(silent), 'person', 'people')} not reported for {month}"
    return message(text=fallback, blocks=blocks)


def _silent_owner_text(owner: SilentOwner, *, today: date) -> str:
    facts = []
    if owner.asked_on:
        facts.append(f"asked {format_date(owner.asked_on)}")
    if owner.nudges_sent:
        facts.append(f"{plural(owner.nudges_sent, 'reminder')} sent")
    suffix = f" ({', '.join(facts)})" if facts else ""
    lines = [f"*{mention(owner.person)}*{suffix}"]
    ordered = by_due_date(owner.tasks)
    for task in ordered[:ESCALATION_MAX_TASKS_PER_OWNER]:
        lines.append(
            f"• {task_label(task, title_limit=_TITLE_LIMIT)} · {due_text(task.due_on, today=today)}"
        )
    if len(ordered) > ESCALATION_MAX_TASKS_PER_OWNER:
        lines.append(f"…and {len(ordered) - ESCALATION_MAX_TASKS_PER_OWNER} more")
    return "\n".join(lines)


def render_blocker_alert(
    *, task: TaskLine, reason: str, today: date, raised_by: PersonRef | None = None
) -> Message:
    """To the owner's manager: a task is blocked, why, and buttons to act on it."""
    lines = [
        f":no_entry: {task_label(task)} is *blocked*.",
        f"Owner: {owner_mention(task)} · {due_text(task.due_on, today=today)}",
        f"> {escape_within(one_line(reason), REASON_LIMIT)}",
    ]
    owner = task.owner
    if raised_by is not None and (owner is None or raised_by.slack_id != owner.slack_id):
        lines.append(f"Raised by {mention(raised_by)}.")
    lines.append("The owner may lack the authority to unblock this alone.")
    buttons = [
        ButtonElement(
            text=PlainTextObject(text="View task"),
            action_id=VIEW_TASK,
            value=encode_value(task_id=task.id),
            style="primary",
        )
    ]
    if owner is not None and owner.slack_id:
        label = plain(f"Message {owner.name or 'the owner'}", BUTTON_TEXT_LIMIT)
        buttons.append(
            ButtonElement(
                text=PlainTextObject(text=label),
                action_id=MESSAGE_OWNER,
                value=encode_value(task_id=task.id, slack_id=owner.slack_id),
            )
        )
    blocks: list[Block] = [section("\n".join(lines)), ActionsBlock(elements=buttons)]
    return message(
        text=f"Blocker on {task.ref}: {escape_within(one_line(reason), 500)}", blocks=blocks
    )


def render_overdue_reminder(*, owner: PersonRef, tasks: Sequence[TaskLine], today: date) -> Message:
    """To an owner: their tasks past due, each with an Update button."""
    name = escape_within(one_line(owner.name), 80) or "there"
    if not tasks:
        text = f"Hi {name}, none of your tasks is overdue."
        return message(text="No overdue tasks.", blocks=[section(text)])
    intro = (
        f":warning: Hi {name}, {plural(len(tasks), 'task')} of yours "
        f"{'is' if len(tasks) == 1 else 'are'} past the due date. Mark what is finished as "
        "done, report progress on the rest, or ask your manager for a new date."
    )
    return message(
        text=f"{plural(len(tasks), 'task')} overdue",
        blocks=_intro_and_tasks(intro, tasks, today=today),
    )


def render_review_reminder(
    *, review: ReviewView, today: date, counts: StatusCounts | None = None
) -> Message:
    """To a review's channel: the review is coming; bring tasks up to date."""
    lines = [
        f":calendar: *{_review_title(review)}* is {_when(review.held_on, today=today)}.",
        "Owners: please bring your tasks up to date before then "
        "(`/pillar mine`, then `/pillar update T-12 …`).",
    ]
    if counts is not None and counts.total:
        lines.append(f"Open tasks now: {status_counts_text(counts)}")
    fallback = f"{_review_title(review)} on {format_date(review.held_on)}"
    return message(text=fallback, blocks=[section("\n".join(lines))])


def render_review_update_request(
    *, owner: PersonRef, review: ReviewView, tasks: Sequence[TaskLine], today: date
) -> Message:
    """To an owner whose tasks have had no update since the last review."""
    name = escape_within(one_line(owner.name), 80) or "there"
    intro = (
        f":calendar: Hi {name}, *{_review_title(review)}* is "
        f"{_when(review.held_on, today=today)}, and {plural(len(tasks), 'task')} of yours "
        f"{'has' if len(tasks) == 1 else 'have'} had no update since the last review."
    )
    return message(
        text=f"{_review_title(review)}: please update {plural(len(tasks), 'task')}",
        blocks=_intro_and_tasks(intro, tasks, today=today),
    )


def _intro_and_tasks(intro: str, tasks: Sequence[TaskLine], *, today: date) -> list[Block]:
    ordered = by_due_date(tasks)
    shown = ordered[:ALERT_MAX_TASKS]
    blocks: list[Block] = [section(intro)]
    blocks.extend(task_section(task, today=today) for task in shown)
    if len(ordered) > len(shown):
        blocks.append(more_line(len(ordered) - len(shown), hint="use `/pillar mine`"))
    return blocks


def _review_title(review: ReviewView) -> str:
    kind = _REVIEW_KIND[review.kind]
    title = escape_within(one_line(review.title), 150)
    return f"{kind}: {title}" if title else kind


def _when(day: date, *, today: date) -> str:
    days = (day - today).days
    if days == 0:
        return f"*today* ({format_date(day)})"
    if days == 1:
        return f"*tomorrow* ({format_date(day)})"
    if days > 1:
        return f"in {plural(days, 'day')}, on {format_date(day)}"
    return f"past (it was on {format_date(day)})"
