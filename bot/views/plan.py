"""``/pillar plan post``: the plan presented to everyone — goals, owners, tasks, dates, budget."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block

from bot.views.format import format_date, format_number, mention, plural
from bot.views.message import MAX_MESSAGE_BLOCKS, Message, context, header, message, section
from bot.views.models import PersonRef
from bot.views.text import SECTION_TEXT_LIMIT, ellipsize, escape, escape_within, one_line
from storage.reports import GoalFact, OwnerFact, TaskFact

TASKS_PER_GOAL = 10
TITLE_LIMIT = 90
NAME_LIMIT = 60
# header, intro, footer and a "more goals" line around the goal sections.
MAX_GOALS = MAX_MESSAGE_BLOCKS - 4


def render_plan(
    *,
    plan_name: str,
    starts_on: date,
    ends_on: date,
    goals: Sequence[GoalFact],
    tasks: Sequence[TaskFact],
) -> Message:
    """Each goal with its owner and budget, then its open tasks with owner and due date."""
    name = one_line(plan_name)
    by_goal: dict[int, list[TaskFact]] = defaultdict(list)
    for task in tasks:
        if task.is_open:
            by_goal[task.goal_id].append(task)
    open_count = sum(len(group) for group in by_goal.values())
    intro = (
        f"{format_date(starts_on)} to {format_date(ends_on)} · "
        f"{plural(len(goals), 'goal')} · {plural(open_count, 'open task')}"
    )
    blocks: list[Block] = [header(f"The plan: {name}"), context(intro)]
    if not goals:
        blocks.append(section('The plan has no goals yet: `/pillar goal add "title"`.'))
        return message(text=f"The plan {escape(name)}: no goals yet.", blocks=blocks)
    shown = goals[:MAX_GOALS]
    blocks.extend(_goal_section(goal, by_goal.get(goal.id, [])) for goal in shown)
    if len(goals) > len(shown):
        blocks.append(context(f"…and {len(goals) - len(shown)} more goals"))
    blocks.append(context("Your own tasks: `/pillar mine` · progress: `/pillar status`"))
    return message(text=f"The plan {escape(name)}: {intro}", blocks=blocks)


def _who(owner: OwnerFact | None) -> str:
    if owner is None:
        return "_no owner_"
    return mention(PersonRef(name=ellipsize(one_line(owner.name), NAME_LIMIT),
                             slack_id=owner.slack_id))  # fmt: skip


def _goal_section(goal: GoalFact, tasks: Sequence[TaskFact]) -> Block:
    title = escape_within(one_line(goal.title), TITLE_LIMIT)
    heading = f":dart: *{goal.ref} {title}* — {_who(goal.owner)}"
    allocated = goal.allocated
    if allocated is not None:
        heading += f" · budget {format_number(allocated)}"
    lines = [heading]
    if not tasks:
        lines.append("_no open tasks_")
    reserve = len(f"\n…and {len(tasks)} more tasks")
    used = len(heading)
    for task in sorted(tasks, key=_by_due)[:TASKS_PER_GOAL]:
        line = _task_line(task)
        if used + 1 + len(line) > SECTION_TEXT_LIMIT - reserve:
            break
        lines.append(line)
        used += 1 + len(line)
    hidden = len(tasks) - (len(lines) - 1) if tasks else 0
    if hidden:
        lines.append(f"…and {hidden} more tasks")
    return section("\n".join(lines))


def _by_due(task: TaskFact) -> tuple[bool, date, int]:
    return task.due_on is None, task.due_on or date.min, task.number


def _task_line(task: TaskFact) -> str:
    due = f"due {format_date(task.due_on)}" if task.due_on else "no due date"
    title = escape_within(one_line(task.title), TITLE_LIMIT)
    return f"• *{task.ref}* {title} — {_who(task.owner)} · {due}"
