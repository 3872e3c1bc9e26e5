"""Task lists: the ``/pillar mine`` reply and the task section every list shares."""

from collections.abc import Mapping, Sequence
from datetime import date

from slack_sdk.models.blocks import Block, ButtonElement, PlainTextObject, SectionBlock

from bot.views.actions import OPEN_UPDATE_FORM, encode_value
from bot.views.format import format_date, progress_summary, slack_time, stale_text, task_label
from bot.views.message import Message, context, header, message, more_line, section
from bot.views.models import TaskLine
from bot.views.text import escape_within, one_line
from schedules.digest import StaleSign

NOTE_LIMIT = 300
MINE_MAX_TASKS = 45
_MORE_HINT = "see them all in Pillar's Home tab"


def by_due_date(tasks: Sequence[TaskLine]) -> list[TaskLine]:
    """Soonest due first, undated last, then in creation order."""
    return sorted(tasks, key=lambda task: (task.due_on is None, task.due_on or date.min, task.id))


def update_button(task_id: int | None, *, label: str = "Update…") -> ButtonElement:
    """The button that opens the update form, on one task or with the picker empty."""
    return ButtonElement(
        text=PlainTextObject(text=label),
        action_id=OPEN_UPDATE_FORM,
        value=encode_value(task_id=task_id),
    )


def task_text(
    task: TaskLine, *, today: date, with_note: bool = True, stale: StaleSign | None = None
) -> str:
    """Title line, progress line and, when given, the latest note and when it came; for a
    task reported on track whose numbers say otherwise (``stale``), the question."""
    lines = [task_label(task), progress_summary(task, today=today)]
    if with_note and task.note and task.note.strip():
        lines.append(f"> {escape_within(one_line(task.note), NOTE_LIMIT)}")
    if task.updated_at is not None:
        lines.append(f"_Updated {slack_time(task.updated_at)}_")
    if stale is not None:
        lines.append(f":eyes: _Reported on track, but {stale_text(stale)}: still on track?_")
    return "\n".join(lines)


def task_section(
    task: TaskLine,
    *,
    today: date,
    with_button: bool = True,
    block_id: str | None = None,
    stale: StaleSign | None = None,
) -> SectionBlock:
    accessory = update_button(task.id) if with_button else None
    text = task_text(task, today=today, stale=stale)
    return section(text, block_id=block_id, accessory=accessory)


def render_mine(
    *,
    tasks: Sequence[TaskLine],
    today: date,
    next_checkin: date | None = None,
    stale: Mapping[int, StaleSign] | None = None,
) -> Message:
    """The reply to ``/pillar mine``: my open tasks, latest status, next check-in, and
    why a task reported on track may not be (``stale``, by task id)."""
    checkin = _next_checkin_line(next_checkin)
    if not tasks:
        text = (
            "You have no open tasks. When a task is assigned to you, it shows up here; "
            "`/pillar help` lists what else you can do."
        )
        return message(text="You have no open tasks.", blocks=[section(text), context(checkin)])
    ordered = by_due_date(tasks)
    shown = ordered[:MINE_MAX_TASKS]
    blocks: list[Block] = [header(f"Your open tasks ({len(tasks)})")]
    signs = stale or {}
    blocks.extend(task_section(task, today=today, stale=signs.get(task.id)) for task in shown)
    if len(ordered) > len(shown):
        blocks.append(more_line(len(ordered) - len(shown), hint=_MORE_HINT))
    blocks.append(context(checkin))
    overdue = sum(1 for task in tasks if task.due_on is not None and task.due_on < today)
    summary = f"You have {len(tasks)} open task{'s' if len(tasks) != 1 else ''}"
    summary += f", {overdue} overdue." if overdue else "."
    return message(text=summary, blocks=blocks)


def _next_checkin_line(next_checkin: date | None) -> str:
    if next_checkin is None:
        return ":calendar: No check-in is scheduled."
    return f":calendar: Next check-in: *{format_date(next_checkin)}*"
