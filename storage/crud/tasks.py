"""Tasks: numbered T-n per workspace, each with an owner who said yes, a team and dates.

Every function flushes and never commits: the caller's transaction decides. A task given
by someone to themselves counts as accepted; given to anyone else it waits for their
Accept or Decline, and ``assigned_by`` says who to tell about a decline.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from storage.crud._checks import (
    active_owner_id,
    dates_in_order,
    finite,
    in_workspace,
    money,
    optional_text,
    person_label,
    team_id_of,
    text,
    utc,
)
from storage.crud._numbering import insert_numbered, parse_ref
from storage.crud._tx import atomic
from storage.crud.audit import Changes, apply_changes, audit_row, audited_update, created
from storage.enums import Acceptance, PlanState, TaskState
from storage.errors import Conflict, DomainError, NotFound
from storage.models import Goal, Person, Plan, ProgressUpdate, Task, Team

_CREATED_FIELDS = (
    "number", "goal_id", "title", "how", "owner_id", "acceptance", "team_id", "start_on",
    "due_on", "metric_name", "metric_target", "metric_unit", "budget",
)  # fmt: skip


@dataclass(frozen=True)
class OpenTask:
    """An open task with its most recent progress update (``None`` before the first)."""

    task: Task
    latest: ProgressUpdate | None


def create_task(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    goal: Goal,
    title: str,
    now: datetime,
    owner: Person | None = None,
    team: Team | None = None,
    how: str = "",
    start_on: date | None = None,
    due_on: date | None = None,
    metric_name: str | None = None,
    metric_target: float | None = None,
    metric_unit: str | None = None,
    budget: Decimal | int | str | None = None,
) -> Task:
    """A new open task T-n under ``goal``; without a team it takes the goal's team."""
    goal_id = _check_goal(session, goal, workspace_id)
    dates_in_order(start_on, due_on)
    task = Task(
        workspace_id=workspace_id,
        number=0,  # given inside the write, see insert_numbered
        goal_id=goal_id,
        title=text(title, field="title", label="task title", max_length=300),
        how=optional_text(how, field="how", label="description of how", max_length=4000) or "",
        owner_id=active_owner_id(owner, workspace_id=workspace_id),
        acceptance=_acceptance_for(owner, actor),
        assigned_by=actor if owner is not None else None,
        team_id=team_id_of(team, workspace_id=workspace_id) if team else goal.team_id,
        start_on=start_on,
        due_on=due_on,
        metric_name=optional_text(metric_name, field="metric", label="metric", max_length=100),
        metric_target=finite(metric_target, field="target", label="target"),
        metric_unit=optional_text(metric_unit, field="unit", label="unit", max_length=32),
        budget=money(budget, field="budget", label="budget"),
        created_at=utc(now),
    )
    conflicts = _title_conflict(goal, task.title)
    with atomic(session, conflicts):
        insert_numbered(session, task, conflicts=conflicts)
        _audit(session, task, actor, "task.create", created(task, _CREATED_FIELDS), now)
    return task


def _check_goal(session: Session, goal: Goal, workspace_id: str) -> int:
    goal_id = in_workspace(goal, workspace_id=workspace_id, field="goal", label="goal")
    plan = session.get(Plan, goal.plan_id)
    if plan is not None and plan.state == PlanState.ARCHIVED:
        raise DomainError(
            f"{goal.ref} belongs to the archived plan {plan.name}; "
            "add the task to a goal of the active plan",
            field="goal",
        )
    return goal_id


def _acceptance_for(owner: Person | None, actor: str | None) -> Acceptance:
    """Taking a task yourself is saying yes to it; anyone else is asked."""
    if owner is not None and actor is not None and owner.slack_user_id == actor:
        return Acceptance.ACCEPTED
    return Acceptance.PENDING


def _title_conflict(goal: Goal, title: str) -> dict[str, Conflict]:
    return {
        "uq_task_goal_id_title": Conflict(
            f"{goal.ref} already has a task titled {title!r}; give this one another title",
            field="title",
        )
    }


def get_task(*, session: Session, workspace_id: str, task_id: int) -> Task:
    """The task with this row id (as carried by a button), or :class:`NotFound`."""
    task = session.get(Task, task_id)
    if task is None or task.workspace_id != workspace_id:
        raise NotFound("that task no longer exists in this workspace", field="task")
    return task


# Built once: most commands name a task.
_BY_NUMBER = select(Task).where(
    Task.workspace_id == bindparam("workspace_id"), Task.number == bindparam("number")
)


def find_task(*, session: Session, workspace_id: str, ref: str | int) -> Task:
    """The task ``T-12`` (or ``t12``, ``12``) of this workspace, or :class:`NotFound`."""
    number = parse_ref(ref, prefix="T", field="task", label="task")
    params = {"workspace_id": workspace_id, "number": number}
    task = session.exec(_BY_NUMBER, params=params).first()
    if task is None:
        raise NotFound(
            f"there is no task T-{number} in this workspace; see /pillar mine or /pillar status",
            field="task",
        )
    return task


def rename_task(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    task: Task,
    title: str,
    now: datetime,
) -> Task:
    """Give the task a new title (unique within its goal)."""
    _check_task(task, workspace_id)
    new_title = text(title, field="title", label="task title", max_length=300)
    goal = session.get(Goal, task.goal_id)
    conflicts = _title_conflict(goal, new_title) if goal is not None else {}
    updates = {"title": new_title}
    return _update(session, task, actor, "task.rename", updates, now, conflicts=conflicts)


def assign_task(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    task: Task,
    owner: Person,
    now: datetime,
) -> Task:
    """Give the open task to ``owner``, who must accept it (unless they assigned it)."""
    _require_open(task, workspace_id, "assign")
    owner_id = active_owner_id(owner, workspace_id=workspace_id)
    if owner_id == task.owner_id:
        return task
    updates = {
        "owner_id": owner_id,
        "acceptance": _acceptance_for(owner, actor),
        "assigned_by": actor,
    }
    return _update(session, task, actor, "task.assign", updates, now)


def accept_task(
    *, session: Session, workspace_id: str, actor: str | None, task: Task, now: datetime
) -> Task:
    """The owner says yes to the task."""
    _require_owner(session, task, workspace_id, actor, "accept")
    updates = {"acceptance": Acceptance.ACCEPTED}
    return _update(session, task, actor, "task.accept", updates, now)


def decline_task(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    task: Task,
    reason: str,
    now: datetime,
) -> Task:
    """The owner says no, with a reason for whoever assigned it (``task.assigned_by``)."""
    _require_owner(session, task, workspace_id, actor, "decline")
    why = text(reason, field="reason", label="reason", max_length=500)
    updates = {"acceptance": Acceptance.DECLINED}
    return _update(session, task, actor, "task.decline", updates, now, context={"reason": why})


def _require_owner(
    session: Session, task: Task, workspace_id: str, actor: str | None, verb: str
) -> Person:
    _require_open(task, workspace_id, verb)
    owner = session.get(Person, task.owner_id) if task.owner_id is not None else None
    if owner is None:
        raise DomainError(f"{task.ref} has no owner yet; assign it first", field="owner")
    if actor is None or owner.slack_user_id != actor:
        raise DomainError(
            f"only {person_label(owner)}, who owns {task.ref}, can {verb} it", field="owner"
        )
    return owner


def redate_task(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    task: Task,
    due_on: date,
    now: datetime,
    start_on: date | None = None,
) -> Task:
    """Move the due date (and the start, when given; otherwise the start stays)."""
    _require_open(task, workspace_id, "re-date")
    start = start_on if start_on is not None else task.start_on
    dates_in_order(start, due_on)
    updates = {"start_on": start, "due_on": due_on}
    return _update(session, task, actor, "task.redate", updates, now)


def close_task(
    *, session: Session, workspace_id: str, actor: str | None, task: Task, now: datetime
) -> Task:
    """Mark the open task done."""
    _require_open(task, workspace_id, "close")
    with atomic(session):
        mark_done(session, task, actor, now)
    return task


def mark_done(session: Session, task: Task, actor: str | None, now: datetime) -> None:
    """Close ``task`` and audit it, inside the caller's write."""
    updates = {"state": TaskState.DONE, "closed_at": utc(now)}
    _audit(session, task, actor, "task.close", apply_changes(task, updates), now)


def drop_task(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    task: Task,
    now: datetime,
    reason: str = "",
) -> Task:
    """Give up on the open task; it leaves prompts and digests but stays on record."""
    _require_open(task, workspace_id, "drop")
    why = optional_text(reason, field="reason", label="reason", max_length=500)
    updates = {"state": TaskState.DROPPED, "closed_at": utc(now)}
    context = {"reason": why} if why else None
    return _update(session, task, actor, "task.drop", updates, now, context=context)


def reopen_task(
    *, session: Session, workspace_id: str, actor: str | None, task: Task, now: datetime
) -> Task:
    """Open a done or dropped task again."""
    _check_task(task, workspace_id)
    if task.state == TaskState.OPEN:
        raise DomainError(f"{task.ref} is already open", field="task")
    updates = {"state": TaskState.OPEN, "closed_at": None}
    return _update(session, task, actor, "task.reopen", updates, now)


def list_open_tasks(*, session: Session, workspace_id: str, owner: Person) -> list[OpenTask]:
    """The owner's open tasks, soonest due first (undated last), each with its latest
    progress update: two queries, however many tasks."""
    query = (
        select(Task)
        .where(
            Task.workspace_id == workspace_id,
            Task.owner_id == owner.id,
            Task.state == TaskState.OPEN,
        )
        .order_by(col(Task.due_on).is_(None), col(Task.due_on), col(Task.number))
    )
    tasks = list(session.exec(query).all())
    latest = latest_updates(
        session=session, workspace_id=workspace_id, task_ids=[task.id for task in tasks if task.id]
    )
    return [OpenTask(task=task, latest=latest.get(task.id or 0)) for task in tasks]


def latest_updates(
    *, session: Session, workspace_id: str, task_ids: Collection[int]
) -> dict[int, ProgressUpdate]:
    """The most recent progress update of each task that has one (as marked), in one query.

    Found by task alone, through the index of latest updates: given the workspace too, a
    planner without statistics (SQLite's) would read every update of the workspace.
    """
    if not task_ids:
        return {}
    query = select(ProgressUpdate).where(
        col(ProgressUpdate.task_id).in_(list(task_ids)), col(ProgressUpdate.is_latest)
    )
    updates = session.exec(query).all()
    return {update.task_id: update for update in updates if update.workspace_id == workspace_id}


def _check_task(task: Task, workspace_id: str) -> None:
    in_workspace(task, workspace_id=workspace_id, field="task", label="task")


def _require_open(task: Task, workspace_id: str, verb: str) -> None:
    _check_task(task, workspace_id)
    if task.state != TaskState.OPEN:
        raise DomainError(
            f"{task.ref} is {task.state.value}; reopen it before you {verb} it", field="task"
        )


def _update(
    session: Session,
    task: Task,
    actor: str | None,
    action: str,
    updates: dict[str, Any],
    now: datetime,
    *,
    context: dict[str, Any] | None = None,
    conflicts: dict[str, Conflict] | None = None,
) -> Task:
    audited_update(
        session, row=task, entity="task", actor=actor, action=action, updates=updates, now=now,
        context=context, conflicts=conflicts,
    )  # fmt: skip
    return task


def _audit(
    session: Session, task: Task, actor: str | None, action: str, changes: Changes, now: datetime
) -> None:
    audit_row(
        session, row=task, entity="task", actor=actor, action=action, changes=changes, now=now
    )
