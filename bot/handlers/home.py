"""App Home: my tasks; for managers their teams; for admins the plan's health."""

from collections import Counter

from slack_sdk.models.views import View
from sqlmodel import col, func, select

from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.personal import next_checkin
from bot.views.home import render_home
from bot.views.models import PersonRef, PlanHealth, StatusCounts, TeamOverview
from storage import crud
from storage.enums import OutboxStatus, TaskState
from storage.errors import NotFound
from storage.models import Person, ProgressUpdate, Task, Team
from storage.outbox import count_by_status


def current_period(context: HandlerContext) -> str:
    return context.now.astimezone(context.zone).strftime("%Y-%m")


def home_view(context: HandlerContext) -> View:
    mine = crud.list_open_tasks(**context.reader, owner=context.person)
    lines = [
        lookups.task_line(item.task, owner=context.person, latest=item.latest) for item in mine
    ]
    teams = team_overviews(context) if context.actor.is_manager else None
    return render_home(
        tasks=lines,
        today=context.today,
        next_checkin=next_checkin(context),
        period=current_period(context),
        teams=teams,
        plan_health=plan_health(context) if context.actor.is_admin else None,
    )


def _status_counts(context: HandlerContext, tasks: list[Task]) -> StatusCounts:
    ids = [task.id for task in tasks if task.id is not None]
    latest = crud.latest_updates(**context.reader, task_ids=ids)
    counted = Counter(update.status for update in latest.values())
    return StatusCounts(by_status=dict(counted), no_update=len(ids) - len(latest))


def _managed_teams(context: HandlerContext) -> list[Team]:
    teams = crud.list_teams(**context.reader)
    if context.actor.is_admin:
        return teams
    return [team for team in teams if team.id in context.actor.managed_team_ids]


def team_overviews(context: HandlerContext) -> list[TeamOverview]:
    period = current_period(context)
    overviews = []
    for team in _managed_teams(context):
        tasks = list(
            context.session.exec(
                select(Task).where(Task.team_id == team.id, Task.state == TaskState.OPEN)
            ).all()
        )
        overviews.append(
            TeamOverview(
                name=team.name,
                counts=_status_counts(context, tasks),
                not_reported=tuple(_silent_owners(context, tasks, period)),
                channel_id=team.channel_id,
            )
        )
    return overviews


def _silent_owners(context: HandlerContext, tasks: list[Task], period: str) -> list[PersonRef]:
    owner_ids = {task.owner_id for task in tasks if task.owner_id is not None}
    if not owner_ids:
        return []
    reported = set(
        context.session.exec(
            # by author alone (people are in one workspace): the author index serves it
            select(ProgressUpdate.author_id).where(
                col(ProgressUpdate.author_id).in_(owner_ids), ProgressUpdate.period == period
            )
        ).all()
    )
    silent = context.session.exec(
        select(Person).where(col(Person.id).in_(owner_ids - reported)).order_by(col(Person.name))
    ).all()
    return [lookups.person_ref(person) for person in silent]


def plan_health(context: HandlerContext) -> PlanHealth | None:
    session, workspace_id = context.session, context.workspace_id
    try:
        plan = crud.get_active_plan(session=session, workspace_id=workspace_id)
    except NotFound:
        return None
    by_state = session.exec(
        select(Task.state, func.count())
        .where(Task.workspace_id == workspace_id)
        .group_by(Task.state)
    ).all()
    open_tasks = list(
        session.exec(
            select(Task).where(Task.workspace_id == workspace_id, Task.state == TaskState.OPEN)
        ).all()
    )
    outbox = count_by_status(session=session, workspace_id=workspace_id)
    return PlanHealth(
        plan_name=plan.name,
        tasks_by_state={TaskState(state): count for state, count in by_state},
        open_by_status=_status_counts(context, open_tasks),
        unowned_tasks=sum(1 for task in open_tasks if task.owner_id is None),
        undated_tasks=sum(1 for task in open_tasks if task.due_on is None),
        outbox_pending=outbox.get(OutboxStatus.PENDING, 0) + outbox.get(OutboxStatus.SENDING, 0),
        outbox_dead=outbox.get(OutboxStatus.DEAD, 0),
    )
