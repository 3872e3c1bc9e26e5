"""The monthly check-in prompt and the nudges that follow it."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    PlainTextObject,
)

from bot.views.actions import (
    QUICK_STATUSES,
    encode_value,
    quick_status_action_id,
    task_actions_block_id,
    task_block_id,
)
from bot.views.format import (
    STATUS_EMOJI,
    STATUS_LABEL,
    format_date,
    mention,
    period_label,
    plural,
    slack_time,
)
from bot.views.message import Message, context, header, message, more_line, section
from bot.views.models import PersonRef, TaskLine
from bot.views.tasks import by_due_date, task_section, update_button
from bot.views.text import escape, escape_within, one_line
from schedules.digest import StaleSign
from storage.enums import Status

# Two blocks per task, plus header, intro, "and N more" and footer: 4 + 2 * 20 <= 50.
PROMPT_MAX_TASKS = 20
NUDGE_MAX_TASKS = 20
_NUDGE_TITLE_LIMIT = 100
_MORE_HINT = "use `/pillar mine` to see them all and `/pillar update` to report"
_ALSO_BY_COMMAND = (
    "You can also type `/pillar update T-12 at-risk 40% what changed`. "
    "Away? `/pillar away 2026-12-24` pauses prompts until then."
)


def render_checkin_prompt(
    *,
    owner: PersonRef,
    tasks: Sequence[TaskLine],
    period: str,
    today: date,
    respond_by: date | None = None,
    stale: Mapping[int, StaleSign] | None = None,
) -> Message:
    """One DM per owner listing all their open tasks, each with quick status buttons;
    a task reported on track whose numbers say otherwise (``stale``, by task id) is
    asked about."""
    month = period_label(period)
    greeting = f"Hi {escape_within(one_line(owner.name), 80)}" if owner.name.strip() else "Hi"
    if not tasks:
        text = f"{greeting}! You have no open tasks for the {month} check-in: nothing to report."
        return message(text=f"{month} check-in: nothing to report.", blocks=[section(text)])
    ordered = by_due_date(tasks)
    shown = ordered[:PROMPT_MAX_TASKS]
    by_when = f" Please answer by *{format_date(respond_by)}*." if respond_by else ""
    question = _how_are_they_going(len(tasks))
    intro = (
        f"{greeting}! It is time for the *{month}* check-in. {question} "
        f"One click per task is enough; *Update…* adds a percentage, a figure or a note.{by_when}"
    )
    blocks: list[Block] = [header(f"Check-in: {month}"), section(intro)]
    for task in shown:
        sign = (stale or {}).get(task.id)
        blocks.append(
            task_section(task, today=today, with_button=False, block_id=task_block_id(task.id),
                         stale=sign)
        )  # fmt: skip
        blocks.append(quick_status_actions(task, period=period))
    if len(ordered) > len(shown):
        blocks.append(more_line(len(ordered) - len(shown), hint=_MORE_HINT))
    blocks.append(context(_ALSO_BY_COMMAND))
    text = f"{month} check-in: {question[0].lower()}{question[1:]}"
    return message(text=text, blocks=blocks)


def _how_are_they_going(count: int) -> str:
    if count == 1:
        return "How is your open task going?"
    return f"How are your {count} open tasks going?"


def quick_status_actions(task: TaskLine, *, period: str | None = None) -> ActionsBlock:
    """On track / At risk / Off track / Done / Update… for one task."""
    buttons = [_quick_button(task, status, period=period) for status in QUICK_STATUSES]
    buttons.append(update_button(task.id))
    return ActionsBlock(elements=buttons, block_id=task_actions_block_id(task.id))


def _quick_button(task: TaskLine, status: Status, *, period: str | None) -> ButtonElement:
    confirm = None
    if status is Status.DONE:
        confirm = ConfirmObject(
            title="Mark as done?",
            text=f"{escape(task.ref)} will be closed and leave future check-ins.",
            confirm="Mark done",
            deny="Cancel",
        )
    return ButtonElement(
        text=PlainTextObject(text=f"{STATUS_EMOJI[status]} {STATUS_LABEL[status]}", emoji=True),
        action_id=quick_status_action_id(status),
        value=encode_value(task_id=task.id, status=status, period=period),
        confirm=confirm,
    )


def quick_status_confirmation(
    *, task_ref: str, status: Status, actor: PersonRef, at: datetime
) -> str:
    """``✓ T-12 marked At risk by <@U…> at …``: what replaces a task's buttons once answered."""
    return (
        f"✓ *{escape(task_ref)}* marked {STATUS_EMOJI[status]} *{STATUS_LABEL[status]}* "
        f"by {mention(actor)} · {slack_time(at)}"
    )


def render_nudge(
    *,
    owner: PersonRef,
    tasks: Sequence[TaskLine],
    period: str,
    level: int,
    respond_by: date | None = None,
    manager: PersonRef | None = None,
) -> Message:
    """A reminder to answer the check-in: ``level`` 1 is friendly, 2 and above firmer."""
    month = period_label(period)
    name = escape_within(one_line(owner.name), 80) or "there"
    count = plural(len(tasks), "task")
    if level <= 1:
        opening = (
            f":wave: Hi {name}, a gentle reminder: your *{month}* check-in is still open "
            f"for {count}. It takes a minute."
        )
    else:
        opening = f":hourglass: {name}, your *{month}* check-in is still unanswered for {count}."
        if respond_by and manager:
            opening += (
                f" If there is no update by *{format_date(respond_by)}*, your manager "
                f"{mention(manager)} will be told which tasks have no report."
            )
        elif respond_by:
            opening += f" Please answer by *{format_date(respond_by)}*."
    blocks: list[Block] = [section(opening)]
    if tasks:
        blocks.append(section(_bullet_list(tasks, limit=NUDGE_MAX_TASKS)))
    blocks.append(ActionsBlock(elements=[update_button(None, label="Update a task…")]))
    fallback = f"Reminder: your {month} check-in is still open for {count}."
    return message(text=fallback, blocks=blocks)


def _bullet_list(tasks: Sequence[TaskLine], *, limit: int) -> str:
    ordered = by_due_date(tasks)
    lines = [
        f"• *{escape(task.ref)}* {escape_within(one_line(task.title), _NUDGE_TITLE_LIMIT)}"
        for task in ordered[:limit]
    ]
    if len(ordered) > limit:
        lines.append(f"…and {len(ordered) - limit} more")
    return "\n".join(lines)
