"""To admins: someone who left still owns open tasks, which need a new owner."""

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block

from bot.views.alerts import ALERT_MAX_TASKS
from bot.views.format import mention, plural
from bot.views.message import Message, message, more_line, section
from bot.views.models import PersonRef, TaskLine
from bot.views.tasks import by_due_date, task_section
from bot.views.text import escape_within, one_line

_NAME_LIMIT = 80


def render_departed_owner(*, person: PersonRef, tasks: Sequence[TaskLine], today: date) -> Message:
    """One person deactivated with open tasks: list them and say how to hand them on."""
    name = escape_within(one_line(person.name), _NAME_LIMIT) or "Someone"
    who = f"{name} ({mention(person)})" if person.slack_id else name
    count = plural(len(tasks), "open task")
    intro = (
        f":bust_in_silhouette: {who} is no longer active in Slack but still owns {count}. "
        "Nobody will be asked about them until they have a new owner: "
        "`/pillar assign T-12 @someone` (or drop what is no longer needed)."
    )
    ordered = by_due_date(tasks)
    shown = ordered[:ALERT_MAX_TASKS]
    blocks: list[Block] = [section(intro), *(task_section(task, today=today) for task in shown)]
    if len(ordered) > len(shown):
        blocks.append(more_line(len(ordered) - len(shown), hint="`/pillar status` lists them"))
    return message(
        text=f"{one_line(person.name) or 'Someone'} left and still owns {count}", blocks=blocks
    )
