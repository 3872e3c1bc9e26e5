"""The App Home tab: my tasks; for managers their teams; for admins the plan's health."""

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, DividerBlock
from slack_sdk.models.views import View

from bot.views.format import format_date, mention, period_label, plural, status_counts_text
from bot.views.message import context, header, more_line, section
from bot.views.models import PlanHealth, TaskLine, TeamOverview
from bot.views.tasks import by_due_date, task_section, update_button
from bot.views.text import escape_within, one_line
from storage.enums import TaskState

# 2 + 40 + 2 (my tasks) + 3 + 30 + 1 (teams) + 3 (plan) stays under Slack's 100 per view.
HOME_MAX_TASKS = 40
HOME_MAX_TEAMS = 30
HOME_MAX_MENTIONS = 30


def render_home(
    *,
    tasks: Sequence[TaskLine],
    today: date,
    next_checkin: date | None = None,
    period: str | None = None,
    teams: Sequence[TeamOverview] | None = None,
    plan_health: PlanHealth | None = None,
) -> View:
    """``teams`` only for managers, ``plan_health`` only for admins: omitted when None."""
    blocks = _my_tasks(tasks, today=today, next_checkin=next_checkin)
    if teams is not None:
        blocks.extend(_teams(teams, period=period))
    if plan_health is not None:
        blocks.extend(_plan_health(plan_health))
    return View(type="home", blocks=blocks)


def _my_tasks(tasks: Sequence[TaskLine], *, today: date, next_checkin: date | None) -> list[Block]:
    blocks: list[Block] = [header(f"Your open tasks ({len(tasks)})")]
    if not tasks:
        blocks.append(section("You have no open tasks. New assignments will show up here."))
    else:
        blocks.append(ActionsBlock(elements=[update_button(None, label="Update a task…")]))
        ordered = by_due_date(tasks)
        shown = ordered[:HOME_MAX_TASKS]
        blocks.extend(task_section(task, today=today) for task in shown)
        if len(ordered) > len(shown):
            blocks.append(more_line(len(ordered) - len(shown), hint="use `/pillar mine`"))
    when = format_date(next_checkin) if next_checkin else "not scheduled"
    blocks.append(context(f":calendar: Next check-in: *{when}*"))
    return blocks


def _teams(teams: Sequence[TeamOverview], *, period: str | None) -> list[Block]:
    title = f"Your teams: {period_label(period)}" if period else "Your teams"
    blocks: list[Block] = [DividerBlock(), header(title)]
    if not teams:
        blocks.append(section('You manage no team yet: `/pillar team add #channel "name"`.'))
        return blocks
    shown = teams[:HOME_MAX_TEAMS]
    blocks.extend(section(_team_text(team)) for team in shown)
    if len(teams) > len(shown):
        blocks.append(more_line(len(teams) - len(shown), hint="use `/pillar status #team`"))
    return blocks


def _team_text(team: TeamOverview) -> str:
    name = escape_within(one_line(team.name), 150)
    channel = f" (<#{team.channel_id}>)" if team.channel_id else ""
    lines = [f"*{name}*{channel}", status_counts_text(team.counts)]
    if team.not_reported:
        people = [mention(person) for person in team.not_reported[:HOME_MAX_MENTIONS]]
        hidden = len(team.not_reported) - len(people)
        more = f" and {hidden} more" if hidden else ""
        lines.append(f"Not reported yet: {', '.join(people)}{more}")
    elif team.counts.total:
        lines.append("Everyone has reported. :tada:")
    return "\n".join(lines)


def _plan_health(health: PlanHealth) -> list[Block]:
    by_state = ", ".join(
        f"{health.tasks_by_state.get(state, 0)} {state.value}" for state in TaskState
    )
    lines = [
        f"*{escape_within(one_line(health.plan_name), 150)}*",
        f"Tasks: {by_state}",
        f"Open by status: {status_counts_text(health.open_by_status)}",
    ]
    gaps = []
    if health.unowned_tasks:
        gaps.append(f"{plural(health.unowned_tasks, 'task')} without an owner")
    if health.undated_tasks:
        gaps.append(f"{plural(health.undated_tasks, 'task')} without a due date")
    complete = "Every open task has an owner and a due date."
    lines.append(f":warning: {' · '.join(gaps)}" if gaps else complete)
    delivery = f"Messages: {health.outbox_pending} waiting to be sent"
    delivery += f", {health.outbox_dead} could not be delivered" if health.outbox_dead else ""
    lines.append(delivery)
    return [
        DividerBlock(),
        header("Plan health"),
        section("\n".join(lines)),
        context("`/pillar lint` lists what to fix."),
    ]
