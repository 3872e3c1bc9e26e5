"""Identifiers that tie Block Kit interactions back to handlers.

Buttons carry a JSON ``value`` such as ``{"task": 12, "status": "at-risk"}``; handlers read
it with :func:`decode_value`. Quick status buttons have one action id per status,
``quick_status:<status>``, so a handler can register once with
``app.action(QUICK_STATUS_PATTERN)``. Block ids name the task they belong to
(``task_actions:12``) so one task's buttons can be swapped for a confirmation.
"""

import json
import re
from dataclasses import dataclass

from storage.enums import Status

# Buttons (action_id)
QUICK_STATUS_PREFIX = "quick_status"
QUICK_STATUSES: tuple[Status, ...] = (
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.OFF_TRACK,
    Status.DONE,
)
QUICK_STATUS_PATTERN = re.compile(r"^quick_status:(on-track|at-risk|off-track|done)$")
OPEN_UPDATE_FORM = "open_update_form"
ACCEPT_TASK = "accept_task"
DECLINE_TASK = "decline_task"
VIEW_TASK = "view_task"
MESSAGE_OWNER = "message_owner"

# Modals (callback_id)
UPDATE_TASK_CALLBACK = "update_task"
DECLINE_TASK_CALLBACK = "decline_task_reason"

# Update form: the task picker dispatches so the form can be redrawn for the chosen task.
UPDATE_FORM_TASK_PICKED = "update_form_task_picked"

# Block ids
TASK_BLOCK_PREFIX = "task"
TASK_ACTIONS_BLOCK_PREFIX = "task_actions"
TASK_CONFIRMED_BLOCK_PREFIX = "task_confirmed"
ASSIGNMENT_ACTIONS_BLOCK_PREFIX = "assignment_actions"
BLOCK_ID_PATTERN = re.compile(r"^(task|task_actions|task_confirmed|assignment_actions):(\d+)$")


def quick_status_action_id(status: Status) -> str:
    return f"{QUICK_STATUS_PREFIX}:{status.value}"


def task_block_id(task_id: int) -> str:
    return f"{TASK_BLOCK_PREFIX}:{task_id}"


def task_actions_block_id(task_id: int) -> str:
    return f"{TASK_ACTIONS_BLOCK_PREFIX}:{task_id}"


def task_confirmed_block_id(task_id: int) -> str:
    return f"{TASK_CONFIRMED_BLOCK_PREFIX}:{task_id}"


def assignment_actions_block_id(task_id: int) -> str:
    return f"{ASSIGNMENT_ACTIONS_BLOCK_PREFIX}:{task_id}"


def task_id_from_block_id(block_id: str) -> int | None:
    """The task a block belongs to, or None for a block that names no task."""
    match = BLOCK_ID_PATTERN.match(block_id)
    return int(match.group(2)) if match else None


@dataclass(frozen=True, slots=True)
class ActionValue:
    """What a button says it is about: a task, and for quick buttons a status and period."""

    task_id: int | None
    status: Status | None = None
    period: str | None = None
    slack_id: str | None = None


def encode_value(
    *,
    task_id: int | None,
    status: Status | None = None,
    period: str | None = None,
    slack_id: str | None = None,
) -> str:
    """The compact JSON ``value`` of a button; fields that are None are left out."""
    fields: dict[str, str | int] = {}
    if task_id is not None:
        fields["task"] = task_id
    if status is not None:
        fields["status"] = status.value
    if period is not None:
        fields["period"] = period
    if slack_id is not None:
        fields["user"] = slack_id
    return json.dumps(fields, separators=(",", ":"))


def decode_value(value: str | None) -> ActionValue | None:
    """Read a button ``value``; None when it is not one this app wrote."""
    try:
        fields = json.loads(value or "")
    except ValueError:
        return None
    if not isinstance(fields, dict):
        return None
    task_id = fields.get("task")
    status = fields.get("status")
    period = fields.get("period")
    slack_id = fields.get("user")
    if task_id is not None and (not isinstance(task_id, int) or isinstance(task_id, bool)):
        return None
    if status is not None and status not in {member.value for member in Status}:
        return None
    if not all(item is None or isinstance(item, str) for item in (period, slack_id)):
        return None
    return ActionValue(
        task_id=task_id,
        status=Status(status) if status is not None else None,
        period=period,
        slack_id=slack_id,
    )
