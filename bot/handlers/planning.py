"""The plan's structure: `plan add|list|activate`, `goal add`, `team add|list`,
`review add|list`.

Admins shape the plan and its teams; managers add goals and review dates to the active
plan; everyone can read the lists.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.commands import (
    ActivatePlan,
    AddGoal,
    AddPlan,
    AddReview,
    AddTeam,
    ChannelRef,
    ListPlans,
    ListReviews,
    ListTeams,
)
from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.replies import Reply
from bot.people.roles import require_admin, require_manager
from bot.views.planning import (
    MAX_LISTED,
    ChannelAccess,
    GoalView,
    MetricView,
    PlanView,
    ReviewLine,
    TeamView,
    render_goal_created,
    render_plan_activated,
    render_plan_already_active,
    render_plan_created,
    render_plans,
    render_review_added,
    render_reviews,
    render_team_created,
    render_teams,
)
from storage import crud
from storage.crud.reviews import DEFAULT_REMIND_DAYS
from storage.enums import PlanState, ReviewKind
from storage.errors import DomainError
from storage.models import Goal, Person, Plan, ReviewDate, Team

log = logging.getLogger(__name__)

# Conversation ids that are channels (public C…, private G…), not DMs (D…).
_CHANNEL_PREFIXES = ("C", "G")


# -- plans --------------------------------------------------------------------------------


def plan_view(plan: Plan) -> PlanView:
    return PlanView(
        name=plan.name, starts_on=plan.starts_on, ends_on=plan.ends_on, state=plan.state
    )


def _active_or_none(plans: list[Plan]) -> Plan | None:
    return next((plan for plan in plans if plan.state == PlanState.ACTIVE), None)


def add_plan(command: AddPlan, context: HandlerContext) -> Reply:
    require_admin(context.actor, action="add plans")
    plan = crud.create_plan(
        **context.writer,
        name=command.name,
        starts_on=command.starts_on,
        ends_on=command.ends_on,
    )
    active = _active_or_none(crud.list_plans(**context.reader))
    return render_plan_created(
        plan=plan_view(plan), active=plan_view(active) if active is not None else None
    )


def list_plans(_command: ListPlans, context: HandlerContext) -> Reply:
    plans = crud.list_plans(**context.reader)
    return render_plans(plans=[plan_view(plan) for plan in plans])


def activate_plan(command: ActivatePlan, context: HandlerContext) -> Reply:
    require_admin(context.actor, action="activate a plan")
    session, workspace_id = context.session, context.workspace_id
    plan = crud.find_plan(session=session, workspace_id=workspace_id, name=command.name)
    previous = _active_or_none(crud.list_plans(session=session, workspace_id=workspace_id))
    if previous is not None and previous.id == plan.id:
        return render_plan_already_active(plan=plan_view(plan))
    crud.activate_plan(
        session=session,
        workspace_id=workspace_id,
        actor=context.actor.slack_user_id,
        plan=plan,
        now=context.now,
    )
    # Activation archived the previous plan (the same row, now in its new state).
    archived = plan_view(previous) if previous is not None else None
    return render_plan_activated(plan=plan_view(plan), archived=archived)


# -- goals --------------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def add_goal(command: AddGoal, context: HandlerContext) -> Reply:
    require_manager(context.actor, action="add goals")
    plan = crud.get_active_plan(**context.reader)
    parent = lookups.goal(context, command.parent) if command.parent else None
    owner = lookups.person(context, command.owner) if command.owner else None
    team = lookups.team(context, command.team) if command.team else None
    goal = crud.create_goal(
        **context.writer,
        plan=plan,
        title=command.title,
        parent=parent,
        owner=owner,
        team=team,
        budget=command.budget,
        metric_name=command.metric,
        metric_baseline=_float(command.baseline),
        metric_target=_float(command.target),
        metric_unit=command.unit,
    )
    return render_goal_created(
        goal=_goal_view(goal, plan=plan, parent=parent, team=team, owner=owner)
    )


def _goal_view(
    goal: Goal,
    *,
    plan: Plan,
    parent: Goal | None,
    team: Team | None,
    owner: Person | None,
) -> GoalView:
    metric = None
    if goal.metric_name:
        metric = MetricView(
            name=goal.metric_name,
            baseline=goal.metric_baseline,
            target=goal.metric_target,
            unit=goal.metric_unit,
        )
    return GoalView(
        ref=goal.ref,
        title=goal.title,
        plan_name=plan.name,
        parent=f"{parent.ref} {parent.title}" if parent is not None else None,
        owner=lookups.person_ref(owner) if owner is not None else None,
        team_name=team.name if team is not None else None,
        budget=goal.budget,
        metric=metric,
    )


# -- teams --------------------------------------------------------------------------------


def add_team(command: AddTeam, context: HandlerContext) -> Reply:
    require_admin(context.actor, action="add teams")
    channel_id = _mentioned_channel(command.channel, usage='team add #channel "name" manager:@p')
    facts = _channel_facts(context, channel_id)
    name = command.name or command.channel.name or facts.name
    if not name:
        raise DomainError(
            "Slack did not say the channel's name, so give the team one: /pillar team add "
            '#channel "Growth" manager:@someone',
            field="name",
        )
    managers = [lookups.person(context, ref) for ref in command.managers]
    team = crud.create_team(
        **context.writer,
        name=name,
        channel_id=channel_id,
        managers=managers,
    )
    view = TeamView(
        name=team.name,
        channel_id=team.channel_id,
        managers=tuple(lookups.person_ref(person) for person in managers),
    )
    return render_team_created(team=view, access=facts.access)


def _mentioned_channel(ref: ChannelRef, *, usage: str) -> str:
    """The id of a mentioned channel; a plain ``#name`` carries none, so it is refused."""
    if ref.slack_id is None:
        raise DomainError(
            f"#{ref.name} is not a channel mention Pillar can use; pick the channel from "
            f"Slack's #-menu so it carries its id: /pillar {usage}",
            field="channel",
        )
    if not ref.slack_id.startswith(_CHANNEL_PREFIXES):
        raise DomainError(
            f"that is a direct message, not a channel; give a channel: /pillar {usage}",
            field="channel",
        )
    return ref.slack_id


@dataclass(frozen=True)
class ChannelFacts:
    """What Slack says of a channel; ``name`` is None when Slack could not say."""

    name: str | None
    access: ChannelAccess


def _channel_facts(context: HandlerContext, channel_id: str) -> ChannelFacts:
    """Whether Pillar can post in the channel (public channels need no invitation)."""
    try:
        answer = context.client.conversations_info(channel=channel_id)
    except SlackApiError as error:
        hidden = error.response.get("error") == "channel_not_found"
        return ChannelFacts(name=None, access="not_member" if hidden else "unknown")
    except (SlackClientError, OSError) as error:
        log.warning("conversations.info for %s failed: %s", channel_id, type(error).__name__)
        return ChannelFacts(name=None, access="unknown")
    channel = answer.get("channel") or {}
    name = channel.get("name") if isinstance(channel.get("name"), str) else None
    if channel.get("is_archived"):
        return ChannelFacts(name=name, access="archived")
    if channel.get("is_private") and not channel.get("is_member"):
        return ChannelFacts(name=name, access="not_member")
    return ChannelFacts(name=name, access="ok")


def list_teams(_command: ListTeams, context: HandlerContext) -> Reply:
    session, workspace_id = context.session, context.workspace_id
    # By name as people read it, whatever the database's collation.
    teams = sorted(
        crud.list_teams(session=session, workspace_id=workspace_id),
        key=lambda team: team.name.casefold(),
    )
    views = [
        # Only the teams shown need their managers read.
        _team_view(context, team, with_managers=index < MAX_LISTED)
        for index, team in enumerate(teams)
    ]
    return render_teams(teams=views)


def _team_view(context: HandlerContext, team: Team, *, with_managers: bool) -> TeamView:
    managers = crud.team_managers(**context.reader, team=team) if with_managers else []
    return TeamView(
        name=team.name,
        channel_id=team.channel_id,
        managers=tuple(lookups.person_ref(person) for person in managers),
    )


# -- reviews ------------------------------------------------------------------------------


def add_review(command: AddReview, context: HandlerContext) -> Reply:
    require_manager(context.actor, action="add review dates")
    plan = crud.get_active_plan(**context.reader)
    review = crud.add_review_date(
        **context.writer,
        plan=plan,
        title=command.title,
        held_on=command.held_on,
        kind=command.kind or ReviewKind.MONTHLY,
        channel_id=_review_channel(context, command.channel),
        remind_days=DEFAULT_REMIND_DAYS if command.remind_days is None else command.remind_days,
    )
    return render_review_added(review=review_line(review), plan_name=plan.name, today=context.today)


def _review_channel(context: HandlerContext, ref: ChannelRef | None) -> str | None:
    """The channel named, else the team's channel for a plain ``#team``, else this channel."""
    if ref is None:
        here = context.channel_id
        return here if here.startswith(_CHANNEL_PREFIXES) else None
    if ref.slack_id is None:
        team = lookups.team(context, ref)
        if team.channel_id is None:
            raise DomainError(
                f"the team {team.name} has no channel; mention the channel itself, "
                "like channel:#planning",
                field="channel",
            )
        return team.channel_id
    return _mentioned_channel(ref, usage='review add DATE "title" channel:#channel')


def review_line(review: ReviewDate) -> ReviewLine:
    return ReviewLine(
        title=review.title,
        held_on=review.held_on,
        kind=review.kind,
        channel_id=review.channel_id,
        remind_days=tuple(review.remind_days),
    )


def list_reviews(_command: ListReviews, context: HandlerContext) -> Reply:
    plan = crud.get_active_plan(**context.reader)
    reviews = crud.list_upcoming_reviews(**context.reader, today=context.today, plan=plan)
    return render_reviews(
        reviews=[review_line(review) for review in reviews],
        plan_name=plan.name,
        today=context.today,
    )
