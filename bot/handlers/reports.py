"""Reading the plan: `status` (to the asker), `digest` and `plan post` (to a channel), `lint`.

A status summary and a lint report are replies to the person who asked; a digest and a
plan presentation go to a channel through the outbox, once per dedupe key.
"""

from dataclasses import dataclass

from bot.commands import (
    ChannelRef,
    GoalRef,
    PlanRef,
    PostDigest,
    PostPlan,
    ShowStatus,
    StatusScope,
    TaskRef,
    UserRef,
)
from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.notify import owe
from bot.handlers.replies import Reply, say
from bot.people.roles import Refused, require_manager
from bot.reports.chart_payload import digest_chart
from bot.views.digest import render_digest, render_status
from bot.views.format import period_label
from bot.views.plan import render_plan
from bot.views.text import escape, one_line
from schedules.digest import Digest, assemble_digest
from storage import crud
from storage.errors import DomainError, NotFound
from storage.models import Goal, Plan, Team
from storage.reports import ReportFacts, ReportScope, fetch_report_facts, period_of
from storage.reports.digest import fetch_digest_facts


@dataclass(frozen=True)
class Target:
    """What a report covers: the plan, the narrowed scope, and how to name it."""

    plan: Plan
    scope: ReportScope
    name: str


# ---- status ---------------------------------------------------------------------------


def show_status(command: ShowStatus, context: HandlerContext) -> Reply:
    target = status_target(context, command.scope)
    return render_status(digest_for(context, target))


def status_target(context: HandlerContext, scope: StatusScope | None) -> Target:
    """What ``/pillar status [scope]`` covers; no scope means the asker's own corner."""
    match scope:
        case None:
            return _default_target(context)
        case PlanRef(name=None):
            return _whole(_active_plan(context))
        case PlanRef(name=str(name)):
            plan = crud.find_plan(session=context.session, workspace_id=context.workspace_id,
                                  name=name)  # fmt: skip
            return _whole(plan)
        case ChannelRef():
            team = lookups.team(context, scope)
            return _narrowed(context, _active_plan(context), team.name, team_ids={_id(team)})
        case UserRef():
            person = lookups.person(context, scope)
            name = person.name or person.email or "them"
            return _narrowed(context, _active_plan(context), name, owner_ids={_id(person)})
        case TaskRef():
            task = lookups.task(context, scope)
            plan = _plan_of_goal(context, task.goal_id)
            return _narrowed(context, plan, f"{task.ref} {task.title}", task_ids={_id(task)})
        case GoalRef():
            goal = lookups.goal(context, scope)
            plan = _plan_of_goal(context, goal.id)
            return _narrowed(context, plan, f"{goal.ref} {goal.title}", goal_ids={_id(goal)})
    raise DomainError("that is not something to show a status of")  # pragma: no cover


def _default_target(context: HandlerContext) -> Target:
    """A manager's teams (or people); an admin without teams, the plan; else my tasks."""
    actor = context.actor
    plan = _active_plan(context)
    if actor.managed_team_ids:
        teams = [
            team
            for team in crud.list_teams(session=context.session, workspace_id=actor.workspace_id)
            if team.id in actor.managed_team_ids
        ]
        name = teams[0].name if len(teams) == 1 else "Your teams"
        return _narrowed(context, plan, name, team_ids=set(actor.managed_team_ids))
    if actor.report_ids:
        owners = {*actor.report_ids, actor.person_id}
        return _narrowed(context, plan, "You and your reports", owner_ids=owners)
    if actor.is_admin:
        return _whole(plan)
    return _narrowed(context, plan, "Your tasks", owner_ids={actor.person_id})


def _narrowed(
    context: HandlerContext,
    plan: Plan,
    name: str,
    *,
    team_ids: set[int] | None = None,
    owner_ids: set[int] | None = None,
    goal_ids: set[int] | None = None,
    task_ids: set[int] | None = None,
) -> Target:
    def frozen(ids: set[int] | None) -> frozenset[int] | None:
        return None if ids is None else frozenset(ids)

    scope = ReportScope(
        workspace_id=context.workspace_id,
        plan_id=_id(plan),
        team_ids=frozen(team_ids),
        owner_ids=frozen(owner_ids),
        goal_ids=frozen(goal_ids),
        task_ids=frozen(task_ids),
    )
    return Target(plan=plan, scope=scope, name=name)


def active_plan_target(context: HandlerContext) -> Target:
    """The whole active plan."""
    return _whole(_active_plan(context))


def _whole(plan: Plan) -> Target:
    return Target(
        plan=plan, scope=ReportScope(workspace_id=plan.workspace_id, plan_id=_id(plan)),
        name=plan.name,
    )  # fmt: skip


def _id(row: object) -> int:
    row_id = getattr(row, "id", None)
    if not isinstance(row_id, int):
        raise RuntimeError(f"{type(row).__name__} has no id: it was never saved")
    return row_id


def _active_plan(context: HandlerContext) -> Plan:
    return crud.get_active_plan(session=context.session, workspace_id=context.workspace_id)


def _plan_of_goal(context: HandlerContext, goal_id: int | None) -> Plan:
    goal = context.session.get(Goal, goal_id) if goal_id is not None else None
    plan = context.session.get(Plan, goal.plan_id) if goal is not None else None
    if plan is None:
        raise NotFound("its plan is gone; see /pillar plan list", field="plan")
    return plan


def facts_for(context: HandlerContext, target: Target) -> ReportFacts:
    return fetch_report_facts(
        session=context.session,
        scope=target.scope,
        period=period_of(context.now),
        today=context.today,
    )


def digest_for(context: HandlerContext, target: Target) -> Digest:
    facts = fetch_digest_facts(
        session=context.session,
        scope=target.scope,
        period=period_of(context.now),
        today=context.today,
    )
    return assemble_digest(facts, period=facts.period, today=context.today, scope_name=target.name)


# ---- posting to a channel -------------------------------------------------------------


def destination(context: HandlerContext, ref: ChannelRef | None) -> tuple[str, Team | None]:
    """The channel to post in and the team it belongs to (None for a channel of no team).

    ``#growth`` without an id names a team: its digest channel is used.
    """
    if ref is not None and not ref.slack_id:
        team = lookups.team(context, ref)
        if not team.channel_id:
            raise DomainError(
                f"the team {team.name} has no channel; name the channel itself, e.g. "
                "`/pillar digest #growth` picked from Slack's menu",
                field="channel",
            )
        return team.channel_id, team
    channel_id = ref.slack_id if ref is not None and ref.slack_id else context.channel_id
    if not channel_id:
        raise DomainError("say which channel to post in, e.g. `/pillar digest #growth`")
    try:
        team = crud.find_team_by_channel(
            session=context.session, workspace_id=context.workspace_id, channel_id=channel_id
        )
    except NotFound:
        return channel_id, None
    return channel_id, team


def post_digest(command: PostDigest, context: HandlerContext) -> Reply:
    require_manager(context.actor, action="post a digest")
    channel_id, team = destination(context, command.channel)
    if team is not None:
        _require_team_manager(context, team)
        target = _narrowed(context, _active_plan(context), team.name, team_ids={_id(team)})
    else:
        target = _whole(_active_plan(context))
    digest = digest_for(context, target)
    month = period_label(digest.period)
    note, chart = render_digest(digest), digest_chart(digest, month=month)

    def owe_once(key: str) -> bool:
        return owe(context, key=key, kind="digest", channel=channel_id, note=note, chart=chart)

    # The month's own key first, so that the window's close does not post it again.
    key = f"{channel_id}:{digest.period}"
    added = owe_once(key)
    if not added and command.force:
        added = owe_once(f"{key}:forced:{context.now:%Y%m%dT%H%M%S}")
    if not added:
        return say(
            f"The {month} digest was already posted in <#{channel_id}>; there is one per "
            "month. `/pillar status` shows you the latest picture, and `/pillar digest "
            "force` posts it again for everyone."
        )
    name = escape(one_line(target.name))
    return say(f":outbox_tray: The {month} digest of *{name}* is on its way to <#{channel_id}>.")


def _require_team_manager(context: HandlerContext, team: Team) -> None:
    actor = context.actor
    if actor.is_admin or team.id in actor.managed_team_ids:
        return
    raise Refused(f"Only a manager of {team.name} or a Pillar admin can post its digest.")


def post_plan(command: PostPlan, context: HandlerContext) -> Reply:
    require_manager(context.actor, action="post the plan")
    channel_id, _ = destination(context, command.channel)
    plan = _active_plan(context)
    facts = facts_for(context, _whole(plan))
    presentation = render_plan(
        plan_name=plan.name,
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        goals=facts.goals,
        tasks=facts.tasks,
    )
    added = owe(
        context,
        key=f"{_id(plan)}:{channel_id}:{context.today.isoformat()}",
        kind="plan",
        channel=channel_id,
        note=presentation,
    )
    name = escape(one_line(plan.name))
    if not added:
        return say(f"*{name}* was already posted in <#{channel_id}> today.")
    return say(f":outbox_tray: *{name}* is on its way to <#{channel_id}>.")
