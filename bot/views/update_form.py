"""The update form: a modal to report progress on one of my tasks, and its parser."""

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.views.actions import UPDATE_FORM_TASK_PICKED, UPDATE_TASK_CALLBACK
from bot.views.format import STATUS_EMOJI, STATUS_LABEL, format_number
from bot.views.message import section
from bot.views.metadata import ModalContext
from bot.views.models import TaskLine, UpdateSubmission
from bot.views.state import input_value, selected_value
from bot.views.tasks import by_due_date
from bot.views.text import OPTION_TEXT_LIMIT, plain
from storage.enums import Status

# Block ids of the form's inputs: the keys of ``view["state"]["values"]`` and of errors.
TASK_BLOCK = "task"
STATUS_BLOCK = "status"
PERCENT_BLOCK = "percent"
METRIC_BLOCK = "metric_value"
SPENT_BLOCK = "spent"
NOTE_BLOCK = "note"
BLOCKER_BLOCK = "blocker_reason"
VALUE_ACTION = "value"

NOTE_LIMIT = 3000
BLOCKER_LIMIT = 1000
MAX_TASK_OPTIONS = 100
MAX_SPENT = Decimal("999999999999.99")
_CENTS = Decimal("0.01")


def render_update_form(
    *,
    tasks: Sequence[TaskLine],
    selected_task_id: int | None = None,
    channel_id: str | None = None,
) -> View:
    """The modal; ``tasks`` are the person's own open tasks, the chosen one preselected.

    The metric and spent fields appear only when the chosen task (or, with none chosen,
    any task) has a metric or a budget. Picking a task dispatches
    ``UPDATE_FORM_TASK_PICKED`` so a handler can redraw the form for that task.
    """
    selected = next((task for task in tasks if task.id == selected_task_id), None)
    # Only a task of this person's own list is remembered as the one being updated.
    context = ModalContext(task_id=selected.id if selected else None, channel_id=channel_id)
    metadata = context.to_metadata()
    if not tasks:
        return View(
            type="modal",
            callback_id=UPDATE_TASK_CALLBACK,
            title="Update a task",
            close="Close",
            private_metadata=metadata,
            blocks=[section("You have no open tasks to update.")],
        )
    candidates = [selected] if selected else list(tasks)
    blocks: list[Block] = [_task_picker(tasks, selected), _status_input(selected)]
    blocks.append(_percent_input(selected))
    if any(task.has_metric for task in candidates):
        blocks.append(_metric_input(selected))
    if any(task.budget is not None for task in candidates):
        blocks.append(_spent_input(selected))
    blocks.append(_text_input(NOTE_BLOCK, "Note", NOTE_LIMIT, "What changed, and what is next?"))
    blocks.append(
        _text_input(
            BLOCKER_BLOCK,
            "What blocks you?",
            BLOCKER_LIMIT,
            "Who or what you are waiting for",
            hint="Required when the status is Blocked: your manager will be told.",
        )
    )
    return View(
        type="modal",
        callback_id=UPDATE_TASK_CALLBACK,
        title="Update a task",
        submit="Save",
        close="Cancel",
        private_metadata=metadata,
        blocks=blocks,
    )


def _task_option(task: TaskLine) -> Option:
    return Option(value=str(task.id), text=plain(f"{task.ref} {task.title}", OPTION_TEXT_LIMIT))


def _task_picker(tasks: Sequence[TaskLine], selected: TaskLine | None) -> InputBlock:
    ordered = by_due_date(tasks)
    shown = ordered[:MAX_TASK_OPTIONS]
    if selected is not None and selected not in shown:
        shown = [selected, *shown[: MAX_TASK_OPTIONS - 1]]
    hint = None
    if len(ordered) > len(shown):
        hint = f"Showing {len(shown)} of {len(ordered)} tasks; type /pillar update T-12 for others."
    return InputBlock(
        block_id=TASK_BLOCK,
        label="Task",
        dispatch_action=True,
        hint=hint,
        element=StaticSelectElement(
            action_id=UPDATE_FORM_TASK_PICKED,
            placeholder="Choose one of your tasks",
            options=[_task_option(task) for task in shown],
            initial_option=_task_option(selected) if selected else None,
        ),
    )


def _status_option(status: Status) -> Option:
    label = PlainTextObject(text=f"{STATUS_EMOJI[status]} {STATUS_LABEL[status]}", emoji=True)
    return Option(value=status.value, text=label)


def _status_input(selected: TaskLine | None) -> InputBlock:
    current = selected.status if selected else None
    return InputBlock(
        block_id=STATUS_BLOCK,
        label="Status",
        element=RadioButtonsElement(
            action_id=VALUE_ACTION,
            options=[_status_option(status) for status in Status],
            initial_option=_status_option(current) if current else None,
        ),
    )


def _percent_input(selected: TaskLine | None) -> InputBlock:
    return InputBlock(
        block_id=PERCENT_BLOCK,
        label="Percent complete",
        optional=True,
        element=NumberInputElement(
            action_id=VALUE_ACTION,
            is_decimal_allowed=False,
            min_value=0,
            max_value=100,
            initial_value=selected.percent if selected else None,
            placeholder="0 to 100",
        ),
    )


def _metric_input(selected: TaskLine | None) -> InputBlock:
    hint = "Only for tasks measured by a figure."
    label = "Current figure"
    if selected is not None:
        if selected.metric_name:
            label = plain(f"Current figure: {selected.metric_name}", 150)
        if selected.metric_target is not None:
            unit = f" {selected.metric_unit}" if selected.metric_unit else ""
            hint = plain(f"Target: {format_number(selected.metric_target)}{unit}", 2000)
    return InputBlock(
        block_id=METRIC_BLOCK,
        label=label,
        optional=True,
        hint=hint,
        element=NumberInputElement(
            action_id=VALUE_ACTION,
            is_decimal_allowed=True,
            initial_value=selected.metric_value if selected else None,
        ),
    )


def _spent_input(selected: TaskLine | None) -> InputBlock:
    budget = selected.budget if selected else None
    hint = f"Budget: {format_number(budget)}" if budget is not None else "Money spent so far."
    return InputBlock(
        block_id=SPENT_BLOCK,
        label="Spent to date",
        optional=True,
        hint=hint,
        element=NumberInputElement(action_id=VALUE_ACTION, is_decimal_allowed=True, min_value=0),
    )


def _text_input(
    block_id: str, label: str, limit: int, placeholder: str, *, hint: str | None = None
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=True,
        hint=hint,
        element=PlainTextInputElement(
            action_id=VALUE_ACTION, multiline=True, max_length=limit, placeholder=placeholder
        ),
    )


def parse_update_submission(view_state: Mapping[str, Any]) -> UpdateSubmission | dict[str, str]:
    """The checked values of a submitted form, or errors keyed by block id.

    The errors dict goes straight into ``{"response_action": "errors", "errors": ...}``.
    """
    errors: dict[str, str] = {}
    task_id = _parse_task(selected_value(view_state, TASK_BLOCK), errors)
    status = _parse_status(selected_value(view_state, STATUS_BLOCK), errors)
    percent = _parse_percent(input_value(view_state, PERCENT_BLOCK), errors)
    metric = _parse_metric(input_value(view_state, METRIC_BLOCK), errors)
    spent = _parse_spent(input_value(view_state, SPENT_BLOCK), errors)
    note = (input_value(view_state, NOTE_BLOCK) or "").strip()
    if len(note) > NOTE_LIMIT:
        errors[NOTE_BLOCK] = f"Keep the note to {NOTE_LIMIT} characters (it has {len(note)})."
    reason = _parse_blocker(input_value(view_state, BLOCKER_BLOCK), status, errors)
    if errors or task_id is None or status is None:
        return errors
    return UpdateSubmission(
        task_id=task_id,
        status=status,
        percent=percent,
        metric_value=metric,
        spent=spent,
        note=note,
        blocker_reason=reason,
    )


def _parse_task(raw: str | None, errors: dict[str, str]) -> int | None:
    if raw is None or not raw.isdigit():
        errors[TASK_BLOCK] = "Choose the task this update is about."
        return None
    return int(raw)


def _parse_status(raw: str | None, errors: dict[str, str]) -> Status | None:
    if raw in {status.value for status in Status}:
        return Status(raw)
    names = ", ".join(STATUS_LABEL[status] for status in Status)
    errors[STATUS_BLOCK] = f"Choose a status: {names}."
    return None


def _decimal(raw: str) -> Decimal | None:
    try:
        number = Decimal(raw.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _parse_percent(raw: str | None, errors: dict[str, str]) -> int | None:
    if raw is None:
        return None
    number = _decimal(raw)
    if number is None or number != number.to_integral_value() or not 0 <= number <= 100:
        errors[PERCENT_BLOCK] = f"Enter a whole number from 0 to 100, such as 40 (not {raw!r})."
        return None
    return int(number)


def _parse_metric(raw: str | None, errors: dict[str, str]) -> float | None:
    if raw is None:
        return None
    number = _decimal(raw)
    value = float(number) if number is not None else math.nan
    if not math.isfinite(value):
        errors[METRIC_BLOCK] = f"Enter a number such as 320 or 12.5 (not {raw!r})."
        return None
    return value


def _parse_spent(raw: str | None, errors: dict[str, str]) -> Decimal | None:
    if raw is None:
        return None
    number = _decimal(raw)
    if number is None or not 0 <= number <= MAX_SPENT:
        errors[SPENT_BLOCK] = f"Enter an amount of 0 or more, such as 1200.50 (not {raw!r})."
        return None
    return number.quantize(_CENTS, rounding=ROUND_HALF_UP)


def _parse_blocker(raw: str | None, status: Status | None, errors: dict[str, str]) -> str | None:
    reason = (raw or "").strip()
    if status is Status.BLOCKED and not reason:
        errors[BLOCKER_BLOCK] = "Say what blocks you: your manager will be told, so be specific."
    elif reason and status is not None and status is not Status.BLOCKED:
        errors[BLOCKER_BLOCK] = (
            "A blocker goes with the status Blocked: choose Blocked, or move this text to the note."
        )
    elif len(reason) > BLOCKER_LIMIT:
        errors[BLOCKER_BLOCK] = f"Keep this to {BLOCKER_LIMIT} characters (it has {len(reason)})."
    return reason or None
