"""Swap one task's buttons for a confirmation in a message Slack sent back.

These work on the plain dicts of a ``block_actions`` payload (``body["message"]["blocks"]``)
and return new lists for ``chat.update``; the input is never modified.
"""

import copy
from collections.abc import Sequence
from typing import Any

from bot.views.actions import (
    assignment_actions_block_id,
    task_actions_block_id,
    task_confirmed_block_id,
)
from bot.views.message import context


def replace_task_actions(
    message_blocks: Sequence[dict[str, Any]], *, task_id: int, confirmation_text: str
) -> list[dict[str, Any]]:
    """Replace the quick status buttons of one task (or its earlier confirmation).

    ``confirmation_text`` is mrkdwn, e.g. from :func:`bot.views.prompts.quick_status_confirmation`.
    Blocks of other tasks are left as they were; without a match, a copy is returned.
    """
    return replace_block(
        message_blocks,
        block_ids={task_actions_block_id(task_id), task_confirmed_block_id(task_id)},
        replacement=context(confirmation_text, block_id=task_confirmed_block_id(task_id)).to_dict(),
    )


def replace_assignment_actions(
    message_blocks: Sequence[dict[str, Any]], *, task_id: int, confirmation_text: str
) -> list[dict[str, Any]]:
    """Replace the Accept / Decline buttons of an assignment with what became of it."""
    block_id = assignment_actions_block_id(task_id)
    return replace_block(
        message_blocks,
        block_ids={block_id},
        replacement=context(confirmation_text, block_id=block_id).to_dict(),
    )


def replace_block(
    message_blocks: Sequence[dict[str, Any]],
    *,
    block_ids: set[str],
    replacement: dict[str, Any],
) -> list[dict[str, Any]]:
    """A copy of ``message_blocks`` with every block whose id is in ``block_ids`` replaced."""
    return [
        copy.deepcopy(replacement) if block.get("block_id") in block_ids else copy.deepcopy(block)
        for block in message_blocks
    ]
