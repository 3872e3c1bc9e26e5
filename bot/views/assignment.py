"""Assigning a task: the new owner's Accept / Decline DM, the decline form, the notices."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    InputBlock,
    PlainTextInputElement,
    PlainTextObject,
)
from slack_sdk.models.views import View

from bot.views.actions import (
    ACCEPT_TASK,
    DECLINE_TASK,
    DECLINE_TASK_CALLBACK,
    assignment_actions_block_id,
    encode_value,
)
from bot.views.format import due_text, mention, metric_text, slack_time, task_label
from bot.views.message import Message, context, header, message, section
from bot.views.metadata import ModalContext
from bot.views.models import PersonRef, TaskLine
from bot.views.state import input_value
from bot.views.text import escape_within, one_line

HOW_LIMIT = 1500
REASON_LIMIT = 1000
DECLINE_REASON_BLOCK = "decline_reason"
DECLINE_REASON_ACTION = "reason"


def render_assignment(
    *,
    task: TaskLine,
    today: date,
    assigner: PersonRef | None = None,
    how: str | None = None,
    goal_title: str | None = None,
) -> Message:
    """To the new owner: the task, what is expected, and Accept / Decline."""
    lines = [task_label(task), due_text(task.due_on, today=today)]
    if goal_title:
        lines.append(f"Goal: {escape_within(one_line(goal_title), 300)}")
    metric = metric_text(task)
    if metric:
        lines.append(f"Measured by: {metric}")
    if how and how.strip():
        lines.append(f"*How:* {escape_within(how.strip(), HOW_LIMIT)}")
    by = f"{mention(assigner)} has assigned" if assigner else "You have been assigned"
    intro = f"{by} you a task. Will you own it?" if assigner else f"{by} a task. Will you own it?"
    blocks: list[Block] = [
        header(f"New task for you: {task.ref}"),
        section(intro),
        section("\n".join(lines)),
        ActionsBlock(
            block_id=assignment_actions_block_id(task.id),
            elements=[
                ButtonElement(
                    text=PlainTextObject(text="Accept"),
                    action_id=ACCEPT_TASK,
                    value=encode_value(task_id=task.id),
                    style="primary",
                ),
                ButtonElement(
                    text=PlainTextObject(text="Decline…"),
                    action_id=DECLINE_TASK,
                    value=encode_value(task_id=task.id),
                    style="danger",
                ),
            ],
        ),
        context("Declining asks for a reason, which goes back to whoever assigned it."),
    ]
    return message(text=f"New task for you: {task.ref}. Will you own it?", blocks=blocks)


def assignment_answer_text(*, accepted: bool, actor: PersonRef, at: datetime) -> str:
    """What replaces the Accept / Decline buttons once answered."""
    verb = "✓ Accepted" if accepted else "✗ Declined"
    return f"{verb} by {mention(actor)} · {slack_time(at)}"


def render_decline_modal(
    *, task: TaskLine, channel_id: str | None = None, message_ts: str | None = None
) -> View:
    """Asks why; the context lets the handler update the DM once the reason is in."""
    metadata = ModalContext(task_id=task.id, channel_id=channel_id, message_ts=message_ts)
    return View(
        type="modal",
        callback_id=DECLINE_TASK_CALLBACK,
        title="Decline a task",
        submit="Decline",
        close="Cancel",
        private_metadata=metadata.to_metadata(),
        blocks=[
            section(
                f"Decline {task_label(task)}? Whoever assigned it will see your reason "
                "and can find another owner."
            ),
            InputBlock(
                block_id=DECLINE_REASON_BLOCK,
                label="Why can you not take it on?",
                element=PlainTextInputElement(
                    action_id=DECLINE_REASON_ACTION,
                    multiline=True,
                    max_length=REASON_LIMIT,
                    placeholder="e.g. I am on the Q1 launch full time until March",
                ),
            ),
        ],
    )


def parse_decline_submission(view_state: Mapping[str, Any]) -> str | dict[str, str]:
    """The reason given, or errors keyed by block id for ``response_action: errors``."""
    reason = (input_value(view_state, DECLINE_REASON_BLOCK) or "").strip()
    if not reason:
        return {DECLINE_REASON_BLOCK: "Say why, so whoever assigned it can find another owner."}
    if len(reason) > REASON_LIMIT:
        return {DECLINE_REASON_BLOCK: f"Keep the reason to {REASON_LIMIT} characters or fewer."}
    return reason


def render_decline_notice(*, task: TaskLine, decliner: PersonRef, reason: str) -> Message:
    """To whoever assigned the task: it was declined, why, and what to do next."""
    lines = [
        f":leftwards_arrow_with_hook: {mention(decliner)} declined {task_label(task)}.",
        f"> {escape_within(one_line(reason), REASON_LIMIT)}",
        f"Find another owner with `/pillar assign {task.ref} @someone`, "
        f"or `/pillar drop {task.ref}`.",
    ]
    return message(text=f"{task.ref} was declined.", blocks=[section("\n".join(lines))])


def render_acceptance_notice(*, task: TaskLine, accepter: PersonRef) -> Message:
    """To whoever assigned the task: the owner said yes."""
    text = f":handshake: {mention(accepter)} accepted {task_label(task)}."
    return message(text=f"{task.ref} was accepted.", blocks=[section(text)])
