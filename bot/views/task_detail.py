"""One task in full (the "View task" button): what, who, when, how, and recent updates."""

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block, DividerBlock
from slack_sdk.models.views import View

from bot.views.format import (
    format_number,
    mention,
    metric_text,
    progress_bar,
    slack_time,
    status_emoji,
    status_label,
)
from bot.views.message import context, section
from bot.views.models import TaskLine, UpdateLine
from bot.views.tasks import task_text
from bot.views.text import escape_within, one_line

HISTORY_MAX = 20
HOW_LIMIT = 2500
_NOTE_LIMIT = 1000


def render_task_modal(
    *,
    task: TaskLine,
    today: date,
    how: str | None = None,
    goal_title: str | None = None,
    history: Sequence[UpdateLine] = (),
) -> View:
    """A read-only modal; ``history`` newest first, the latest shown at most 20."""
    facts = [f"Owner: {_owner(task)}", f"State: {task.state.value}"]
    if goal_title:
        facts.append(f"Goal: {escape_within(one_line(goal_title), 300)}")
    metric = metric_text(task)
    if metric:
        facts.append(f"Measured by: {metric}")
    if task.budget is not None:
        facts.append(f"Budget: {format_number(task.budget)}")
    blocks: list[Block] = [section(task_text(task, today=today)), context(" · ".join(facts))]
    if how and how.strip():
        blocks.append(section(f"*How*\n{escape_within(how.strip(), HOW_LIMIT)}"))
    blocks.append(DividerBlock())
    if history:
        blocks.append(section("*Recent updates*"))
        blocks.extend(section(_update_text(update)) for update in history[:HISTORY_MAX])
        if len(history) > HISTORY_MAX:
            blocks.append(context(f"The latest {HISTORY_MAX} of {len(history)} updates."))
    else:
        blocks.append(section("No progress has been reported yet."))
    return View(type="modal", title=one_line(task.ref)[:24] or "Task", close="Close", blocks=blocks)


def _owner(task: TaskLine) -> str:
    owner = task.owner
    return "nobody yet" if owner is None else mention(owner)


def _update_text(update: UpdateLine) -> str:
    parts = [f"{status_emoji(update.status)} *{status_label(update.status)}*"]
    if update.percent is not None:
        parts.append(progress_bar(update.percent))
    if update.metric_value is not None:
        parts.append(format_number(update.metric_value))
    by = f" by {mention(update.author)}" if update.author else ""
    lines = [" · ".join(parts), f"_{slack_time(update.at)}{by}_"]
    if update.note and update.note.strip():
        lines.append(f"> {escape_within(one_line(update.note), _NOTE_LIMIT)}")
    return "\n".join(lines)
