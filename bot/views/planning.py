"""Replies about the plan's structure: plans, goals, teams and review dates.

Pure: the handlers map rows to the small view models below; every name or title a person
typed is escaped here, and every list is cut to fit one message.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal, TypeAlias

from slack_sdk.models.blocks import Block

from bot.views.format import format_date, format_number, mention, plural
from bot.views.message import Message, context, header, message, more_line, section
from bot.views.models import PersonRef
from bot.views.text import escape_within, one_line
from storage.enums import PlanState, ReviewKind

# A header, the listed items, a "…and N more" line and a hint stay within 50 blocks.
MAX_LISTED = 40
NAME_LIMIT = 200
TITLE_LIMIT = 300
# Mentions are never cut in half: past this many, managers are counted instead.
MAX_MANAGERS = 10

PLAN_STATE_LABEL: dict[PlanState, str] = {
    PlanState.DRAFT: ":pencil2: draft",
    PlanState.ACTIVE: ":large_green_circle: *active*",
    PlanState.ARCHIVED: ":file_cabinet: archived",
}
REVIEW_KIND_LABEL: dict[ReviewKind, str] = {
    ReviewKind.MONTHLY: "monthly meeting",
    ReviewKind.QUARTERLY: "quarterly review",
    ReviewKind.ANNUAL: "annual review",
}


ChannelAccess: TypeAlias = Literal["ok", "not_member", "archived", "unknown"]
"""Whether Pillar can post in a channel, as far as Slack told."""


@dataclass(frozen=True, slots=True)
class PlanView:
    name: str
    starts_on: date
    ends_on: date
    state: PlanState = PlanState.DRAFT


@dataclass(frozen=True, slots=True)
class MetricView:
    name: str
    baseline: float | None = None
    target: float | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class GoalView:
    ref: str
    title: str
    plan_name: str
    parent: str | None = None
    """``G-1 Grow revenue``: the parent's reference and title."""
    owner: PersonRef | None = None
    team_name: str | None = None
    budget: Decimal | None = None
    metric: MetricView | None = None


@dataclass(frozen=True, slots=True)
class TeamView:
    name: str
    channel_id: str | None = None
    managers: tuple[PersonRef, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewLine:
    title: str
    held_on: date
    kind: ReviewKind = ReviewKind.MONTHLY
    channel_id: str | None = None
    remind_days: tuple[int, ...] = ()


# -- small pieces -------------------------------------------------------------------------


def _name(text: str) -> str:
    return escape_within(one_line(text), NAME_LIMIT)


def _period(plan: PlanView) -> str:
    return f"{format_date(plan.starts_on)} to {format_date(plan.ends_on)}"


def _channel(channel_id: str | None) -> str:
    return f"<#{channel_id}>" if channel_id else "no channel"


def _days_to_go(day: date, *, today: date) -> str:
    days = (day - today).days
    if days <= 0:
        return "*today*"
    if days == 1:
        return "*tomorrow*"
    return f"in {plural(days, 'day')}"


def _listed(
    lines: Sequence[str], *, title: str, hint: str, footer: str | None = None
) -> list[Block]:
    """A header, one section per line (at most ``MAX_LISTED``), and what was left out."""
    blocks: list[Block] = [header(title)]
    blocks.extend(section(line) for line in lines[:MAX_LISTED])
    if len(lines) > MAX_LISTED:
        blocks.append(more_line(len(lines) - MAX_LISTED, hint=hint))
    if footer:
        blocks.append(context(footer))
    return blocks


# -- plans --------------------------------------------------------------------------------


def render_plan_created(*, plan: PlanView, active: PlanView | None) -> Message:
    """A new plan, in draft; says how to activate it and what that does to the active one."""
    name = _name(plan.name)
    lines = [f":sparkles: Created the plan *{name}* ({_period(plan)}), in draft."]
    activate = f"`/pillar plan activate {name}`"
    if active is None:
        lines.append(f"No plan is active yet: {activate} to start adding goals to it.")
    else:
        lines.append(
            f"*{_name(active.name)}* is still the active plan; {activate} switches to this "
            "one and archives it."
        )
    return message(text=f"Created the plan {plan.name}.", blocks=[section("\n".join(lines))])


def render_plans(*, plans: Sequence[PlanView]) -> Message:
    """``/pillar plan list``: every plan with its period and state, newest first."""
    if not plans:
        text = (
            'There is no plan yet. An admin creates one with `/pillar plan add "FY2027" '
            "from:2027-01-01 to:2027-12-31`, then activates it."
        )
        return message(text="There is no plan yet.", blocks=[section(text)])
    lines = [
        f"*{_name(plan.name)}* · {_period(plan)} · {PLAN_STATE_LABEL[plan.state]}" for plan in plans
    ]
    footer = None
    if all(plan.state != PlanState.ACTIVE for plan in plans):
        footer = "No plan is active: an admin runs `/pillar plan activate NAME`."
    blocks = _listed(
        lines, title=f"Plans ({len(plans)})", hint="the oldest are left out", footer=footer
    )
    return message(text=plural(len(plans), "plan"), blocks=blocks)


def render_plan_activated(*, plan: PlanView, archived: PlanView | None) -> Message:
    """``plan`` is now active; ``archived`` is the plan it replaced, if any."""
    lines = [
        f":large_green_circle: *{_name(plan.name)}* ({_period(plan)}) is now the active plan. "
        "New goals, tasks and reviews belong to it."
    ]
    if archived is not None:
        lines.append(f"*{_name(archived.name)}* was archived; it stays readable.")
    return message(text=f"{plan.name} is now the active plan.", blocks=[section("\n".join(lines))])


def render_plan_already_active(*, plan: PlanView) -> Message:
    text = f"*{_name(plan.name)}* is already the active plan; nothing changed."
    return message(text=f"{plan.name} is already active.", blocks=[section(text)])


# -- goals --------------------------------------------------------------------------------


def metric_text(metric: MetricView) -> str:
    """``activated accounts: 120 → 500 users``; parts not given are left out."""
    unit = f" {escape_within(one_line(metric.unit), 32)}" if metric.unit else ""
    figures = []
    if metric.baseline is not None:
        figures.append(f"from {format_number(metric.baseline)}{unit}")
    if metric.target is not None:
        figures.append(f"to {format_number(metric.target)}{unit}")
    name = escape_within(one_line(metric.name), 100)
    return f"{name}: {' '.join(figures)}" if figures else name


def render_goal_created(*, goal: GoalView) -> Message:
    title = escape_within(one_line(goal.title), TITLE_LIMIT)
    lines = [f":dart: Created *{goal.ref}* {title} in the plan *{_name(goal.plan_name)}*."]
    details = []
    if goal.parent:
        details.append(f"under {escape_within(one_line(goal.parent), TITLE_LIMIT)}")
    details.append(f"owner {mention(goal.owner)}" if goal.owner else "no owner")
    if goal.team_name:
        details.append(f"team {_name(goal.team_name)}")
    if goal.budget is not None:
        details.append(f"budget {format_number(goal.budget)}")
    lines.append(" · ".join(details))
    if goal.metric is not None:
        lines.append(f"Measured by {metric_text(goal.metric)}")
    lines.append(f'Add tasks to it: `/pillar add "title" owner:@someone due:DATE goal:{goal.ref}`')
    return message(text=f"Created {goal.ref}.", blocks=[section("\n".join(lines))])


# -- teams --------------------------------------------------------------------------------


def _managers(managers: Sequence[PersonRef]) -> str:
    shown = ", ".join(mention(person) for person in managers[:MAX_MANAGERS]) or "no manager"
    hidden = len(managers) - MAX_MANAGERS
    return f"{shown} and {hidden} more" if hidden > 0 else shown


def render_team_created(*, team: TeamView, access: ChannelAccess = "ok") -> Message:
    """A new team; warns when Pillar cannot post in its channel."""
    lines = [
        f":busts_in_silhouette: Created the team *{_name(team.name)}*: digests go to "
        f"{_channel(team.channel_id)}, managed by {_managers(team.managers)}.",
        "Its managers hear about blockers and silence, and can add and assign its tasks.",
    ]
    warning = _ACCESS_WARNING.get(access)
    if warning and team.channel_id:
        lines.append(warning.format(channel=f"<#{team.channel_id}>"))
    return message(text=f"Created the team {team.name}.", blocks=[section("\n".join(lines))])


_ACCESS_WARNING: dict[ChannelAccess, str] = {
    "not_member": ":warning: Pillar cannot see {channel}: if it is private, invite Pillar "
    "there (`/invite @Pillar`) so it can post the digest.",
    "archived": ":warning: {channel} is archived, so no digest can be posted there: "
    "unarchive it, or give the team another channel.",
}


def render_teams(*, teams: Sequence[TeamView]) -> Message:
    """``/pillar team list``: name, digest channel and managers of every team."""
    if not teams:
        text = (
            'There is no team yet. An admin adds one: `/pillar team add #channel "name" '
            "manager:@someone`."
        )
        return message(text="There is no team yet.", blocks=[section(text)])
    lines = [
        f"*{_name(team.name)}* · {_channel(team.channel_id)} · {_managers(team.managers)}"
        for team in teams
    ]
    blocks = _listed(lines, title=f"Teams ({len(teams)})", hint="listed by name")
    return message(text=plural(len(teams), "team"), blocks=blocks)


# -- reviews ------------------------------------------------------------------------------


def _review_title(review: ReviewLine) -> str:
    return escape_within(one_line(review.title), NAME_LIMIT)


def reminders_text(days: Sequence[int]) -> str:
    """``14, 3 and 1 days before``."""
    ordered = [str(day) for day in sorted(days, reverse=True)]
    if not ordered:
        return "no reminders"
    joined = ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} and {ordered[-1]}"
    return f"{joined} {'day' if ordered == ['1'] else 'days'} before"


def render_review_added(*, review: ReviewLine, plan_name: str, today: date) -> Message:
    kind = REVIEW_KIND_LABEL[review.kind]
    lines = [
        f":calendar: Added the {kind} *{_review_title(review)}* of *{_name(plan_name)}* on "
        f"{format_date(review.held_on)} ({_days_to_go(review.held_on, today=today)}).",
    ]
    if review.channel_id:
        lines.append(f"Reminders {reminders_text(review.remind_days)}, in <#{review.channel_id}>.")
    else:
        lines.append(
            f"Reminders {reminders_text(review.remind_days)}. No channel was given, so none "
            "will be posted in one: add the review again with `channel:#channel` for that."
        )
    return message(
        text=f"Added {review.title} on {format_date(review.held_on)}.",
        blocks=[section("\n".join(lines))],
    )


def render_reviews(*, reviews: Sequence[ReviewLine], plan_name: str, today: date) -> Message:
    """``/pillar review list``: the active plan's upcoming reviews, soonest first."""
    plan = _name(plan_name)
    if not reviews:
        text = (
            f"*{plan}* has no upcoming review. A manager adds one: "
            '`/pillar review add 2027-03-31 "Q1 review" kind:quarterly`.'
        )
        return message(text="No upcoming review.", blocks=[section(text)])
    lines = [
        f"*{format_date(review.held_on)}* ({_days_to_go(review.held_on, today=today)}) · "
        f"{_review_title(review)} · {REVIEW_KIND_LABEL[review.kind]} · "
        f"{_channel(review.channel_id)}"
        for review in reviews
    ]
    blocks = _listed(
        lines, title=f"Upcoming reviews of {one_line(plan_name)}", hint="the furthest are left out"
    )
    return message(text=plural(len(reviews), "upcoming review"), blocks=blocks)
