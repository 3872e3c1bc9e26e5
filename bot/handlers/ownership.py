"""Who owns what and by when: `add`, `assign`, `due`, `drop`, `accept`, `decline`.

Every task should have an owner who said yes: a new owner gets a DM with Accept and
Decline, and a decline goes back, with its reason, to whoever assigned the task.
"""

from bot.commands import (
    AcceptTask,
    AddTask,
    AssignTask,
    DeclineTask,
    DropTask,
    SetDueDate,
    TaskRef,
)
from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.notify import owe
from bot.handlers.replies import Reply, say
from bot.people.roles import TaskParties, require_manage
from bot.views.assignment import render_assignment, render_decline_notice
from bot.views.confirmations import (
    render_task_assigned,
    render_task_created,
    render_task_dropped,
    render_task_redated,
)
from bot.views.text import escape
from storage import crud
from storage.enums import Acceptance
from storage.errors import DomainError
from storage.models import Goal, Person, Task, Team


def _goal_for(context: HandlerContext, command: AddTask) -> Goal:
    if command.goal is not None:
        return lookups.goal(context, command.goal)
    plan = crud.get_active_plan(**context.reader)
    goals = crud.list_goals(**context.reader, plan=plan)
    if len(goals) == 1:
        return goals[0]
    listed = ", ".join(f"{goal.ref} {goal.title}" for goal in goals[:8]) or "none yet"
    raise DomainError(
        f"say which goal the task serves with goal:G-n (goals of {plan.name}: {listed}); "
        'add one with /pillar goal add "title"',
        field="goal",
    )


def add_task(command: AddTask, context: HandlerContext) -> Reply:
    goal = _goal_for(context, command)
    team: Team | None = lookups.team(context, command.team) if command.team else None
    parties = TaskParties(
        ref="a task",
        owner_id=None,
        owner_slack_id=None,
        team_id=(team.id if team else goal.team_id),
        team_name=team.name if team else None,
    )
    require_manage(context.actor, parties, action="add")
    owner = lookups.person(context, command.owner)
    task = crud.create_task(
        **context.writer,
        goal=goal,
        title=command.title,
        owner=owner,
        team=team,
        how=command.how,
        start_on=command.start,
        due_on=command.due,
        metric_target=float(command.target) if command.target is not None else None,
        metric_unit=command.unit,
        budget=command.budget,
    )
    ask_to_accept(context, task=task, owner=owner)
    return render_task_created(task=lookups.line_for(context.session, task), goal_ref=goal.ref)


def ask_to_accept(context: HandlerContext, *, task: Task, owner: Person) -> None:
    """DM the new owner with Accept / Decline, unless they took the task themselves."""
    if task.acceptance != Acceptance.PENDING or not owner.slack_user_id:
        return
    goal = context.session.get(Goal, task.goal_id)
    note = render_assignment(
        task=lookups.line_for(context.session, task),
        today=context.today,
        assigner=lookups.person_ref(context.person),
        how=task.how or None,
        goal_title=goal.title if goal else None,
    )
    stamp = context.now.strftime("%Y%m%dT%H%M%S%f")
    owe(
        context,
        key=f"{task.id}:{owner.slack_user_id}:{stamp}",
        kind="assignment",
        channel=owner.slack_user_id,
        note=note,
    )


def _managed_task(context: HandlerContext, ref: TaskRef, action: str) -> Task:
    task = lookups.task(context, ref)
    require_manage(context.actor, lookups.parties(context.session, task), action=action)
    return task


def assign_task(command: AssignTask, context: HandlerContext) -> Reply:
    task = _managed_task(context, command.ref, "assign")
    previous = context.session.get(Person, task.owner_id) if task.owner_id else None
    owner = lookups.person(context, command.owner)
    crud.assign_task(**context.writer, task=task, owner=owner)
    ask_to_accept(context, task=task, owner=owner)
    return render_task_assigned(
        task=lookups.line_for(context.session, task),
        previous_owner=lookups.person_ref(previous) if previous else None,
    )


def set_due_date(command: SetDueDate, context: HandlerContext) -> Reply:
    task = _managed_task(context, command.ref, "re-date")
    previous = task.due_on
    crud.redate_task(**context.writer, task=task, due_on=command.due)
    return render_task_redated(task=lookups.line_for(context.session, task), previous_due=previous)


def drop_task(command: DropTask, context: HandlerContext) -> Reply:
    task = _managed_task(context, command.ref, "drop")
    crud.drop_task(**context.writer, task=task, reason=command.reason)
    return render_task_dropped(task=lookups.line_for(context.session, task))


def accept_task(command: AcceptTask, context: HandlerContext) -> Reply:
    task = lookups.task(context, command.ref)
    crud.accept_task(**context.writer, task=task)
    return say(f":white_check_mark: You own {task.ref} {escape(task.title)}. Thank you!")


def decline_task(command: DeclineTask, context: HandlerContext) -> Reply:
    task = lookups.task(context, command.ref)
    decline(context, task=task, reason=command.reason)
    return say(f"You declined {task.ref}; whoever assigned it has been told why.")


def decline(context: HandlerContext, *, task: Task, reason: str) -> None:
    """Decline as the actor and tell the assigner, with the reason."""
    assigner = task.assigned_by
    crud.decline_task(**context.writer, task=task, reason=reason)
    if assigner and assigner != context.actor.slack_user_id:
        note = render_decline_notice(
            task=lookups.line_for(context.session, task),
            decliner=lookups.person_ref(context.person),
            reason=reason,
        )
        stamp = context.now.strftime("%Y%m%dT%H%M%S%f")
        owe(context, key=f"{task.id}:{stamp}", kind="decline", channel=assigner, note=note)
