"""Turn what a person typed (T-12, @bob, #growth, G-3) into rows of their workspace."""

from sqlmodel import Session, func, select

from bot.commands import ChannelRef, GoalRef, TaskRef, UserRef
from bot.handlers.context import HandlerContext
from bot.people.roles import TaskParties
from bot.people.sync import ensure_person
from bot.views.models import PersonRef, TaskLine
from storage import crud
from storage.errors import DomainError, NotFound
from storage.models import Goal, Person, ProgressUpdate, Task, Team


def task(context: HandlerContext, ref: TaskRef) -> Task:
    return crud.find_task(**context.reader, ref=ref.number)


def goal(context: HandlerContext, ref: GoalRef) -> Goal:
    return crud.find_goal(**context.reader, ref=ref.number)


def person(context: HandlerContext, ref: UserRef) -> Person:
    """The mentioned person; an escaped mention is created on first sight from Slack."""
    if ref.slack_id:
        return ensure_person(
            session=context.session,
            client=context.client,
            services=context.services,
            workspace_id=context.workspace_id,
            user_id=ref.slack_id,
        )
    return _person_by_name(context.session, context.workspace_id, ref.name or "")


def _person_by_name(session: Session, workspace_id: str, name: str) -> Person:
    wanted = name.strip().lstrip("@").lower()
    matches = session.exec(
        select(Person).where(Person.workspace_id == workspace_id, func.lower(Person.name) == wanted)
    ).all()
    if len(matches) == 1:
        return matches[0]
    problem = "nobody called" if not matches else f"{len(matches)} people are called"
    raise DomainError(
        f"{problem} @{name}; pick them from Slack's @-menu so the mention carries their id",
        field="owner",
    )


def team(context: HandlerContext, ref: ChannelRef) -> Team:
    """The team by its digest channel, or by name for a plain ``#growth``."""
    session, workspace_id = context.session, context.workspace_id
    if ref.slack_id:
        return crud.find_team_by_channel(
            session=session, workspace_id=workspace_id, channel_id=ref.slack_id
        )
    try:
        return crud.find_team_by_name(
            session=session, workspace_id=workspace_id, name=ref.name or ""
        )
    except NotFound:
        raise NotFound(
            f"no team is called {ref.name}; `/pillar team list` shows the teams", field="team"
        ) from None


def parties(session: Session, task_row: Task) -> TaskParties:
    owner = session.get(Person, task_row.owner_id) if task_row.owner_id else None
    team_row = session.get(Team, task_row.team_id) if task_row.team_id else None
    return TaskParties(
        ref=task_row.ref,
        owner_id=task_row.owner_id,
        owner_slack_id=owner.slack_user_id if owner else None,
        team_id=task_row.team_id,
        team_name=f"<#{team_row.channel_id}>"
        if team_row and team_row.channel_id
        else (team_row.name if team_row else None),
    )


def person_ref(row: Person) -> PersonRef:
    return PersonRef(name=row.name or row.email or "someone", slack_id=row.slack_user_id)


def task_line(task_row: Task, *, owner: Person | None, latest: ProgressUpdate | None) -> TaskLine:
    """The view of a task with its latest progress."""
    assert task_row.id is not None
    return TaskLine(
        id=task_row.id,
        ref=task_row.ref,
        title=task_row.title,
        owner_name=owner.name if owner else None,
        owner_slack_id=owner.slack_user_id if owner else None,
        due_on=task_row.due_on,
        state=task_row.state,
        status=latest.status if latest else None,
        percent=latest.percent if latest else None,
        note=latest.note if latest else None,
        updated_at=latest.created_at if latest else None,
        metric_name=task_row.metric_name,
        metric_target=task_row.metric_target,
        metric_unit=task_row.metric_unit,
        metric_value=latest.metric_value if latest else None,
        budget=task_row.budget,
    )


def line_for(session: Session, task_row: Task) -> TaskLine:
    """The view of one task, reading its owner and latest update."""
    assert task_row.id is not None
    owner = session.get(Person, task_row.owner_id) if task_row.owner_id else None
    latest = crud.latest_updates(
        session=session, workspace_id=task_row.workspace_id, task_ids=[task_row.id]
    ).get(task_row.id)
    return task_line(task_row, owner=owner, latest=latest)


def line_after(session: Session, task_row: Task, *, update: ProgressUpdate) -> TaskLine:
    """The view of a task whose latest progress is ``update``, just recorded.

    Saves querying for the latest update again: within this transaction it is ``update``.
    """
    owner = session.get(Person, task_row.owner_id) if task_row.owner_id else None
    return task_line(task_row, owner=owner, latest=update)
