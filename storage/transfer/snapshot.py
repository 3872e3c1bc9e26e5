"""What the database already holds for one plan, fetched in a handful of queries."""

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.enums import Acceptance
from storage.models import Goal, Person, Task, Team


@dataclass(frozen=True)
class KnownPerson:
    id: int
    slack_user_id: str | None
    email: str | None


@dataclass(frozen=True)
class KnownTeam:
    id: int
    name: str


@dataclass(frozen=True)
class KnownGoal:
    id: int
    number: int
    title: str
    parent_id: int | None
    budget: Decimal | None


@dataclass(frozen=True)
class KnownTask:
    id: int
    number: int
    goal_id: int
    title: str
    how: str
    owner_id: int | None
    team_id: int | None
    start_on: date | None
    due_on: date | None
    metric_name: str | None
    metric_target: float | None
    metric_unit: str | None
    budget: Decimal | None
    acceptance: Acceptance


@dataclass(frozen=True)
class Snapshot:
    """A workspace's people and teams, one plan's goals and tasks, and the last numbers."""

    people: tuple[KnownPerson, ...] = ()
    teams: tuple[KnownTeam, ...] = ()
    goals: tuple[KnownGoal, ...] = ()
    tasks: tuple[KnownTask, ...] = ()
    last_goal_number: int = 0
    last_task_number: int = 0


def load_snapshot(session: Session, *, workspace_id: str, plan_id: int) -> Snapshot:
    """Fetch everything an import compares against: six queries, whatever the plan's size."""
    return Snapshot(
        people=tuple(_people(session, workspace_id)),
        teams=tuple(_teams(session, workspace_id)),
        goals=tuple(_goals(session, plan_id)),
        tasks=tuple(_tasks(session, plan_id)),
        last_goal_number=_last_goal_number(session, workspace_id),
        last_task_number=_last_task_number(session, workspace_id),
    )


def _people(session: Session, workspace_id: str) -> list[KnownPerson]:
    query = select(Person.id, Person.slack_user_id, Person.email).where(
        Person.workspace_id == workspace_id
    )
    return [
        KnownPerson(id=id_, slack_user_id=slack, email=email)
        for id_, slack, email in session.exec(query)
        if id_ is not None
    ]


def _teams(session: Session, workspace_id: str) -> list[KnownTeam]:
    query = select(Team.id, Team.name).where(Team.workspace_id == workspace_id)
    return [KnownTeam(id=id_, name=name) for id_, name in session.exec(query) if id_ is not None]


def _goals(session: Session, plan_id: int) -> list[KnownGoal]:
    query = select(Goal).where(Goal.plan_id == plan_id).order_by(col(Goal.number))
    return [
        KnownGoal(
            id=goal.id,
            number=goal.number,
            title=goal.title,
            parent_id=goal.parent_id,
            budget=goal.budget,
        )
        for goal in session.exec(query)
        if goal.id is not None
    ]


def _tasks(session: Session, plan_id: int) -> list[KnownTask]:
    # Plain columns, not ORM objects: a large plan loads several times faster.
    query = (
        sa.select(*(col(getattr(Task, field.name)) for field in dataclasses.fields(KnownTask)))
        .join(Goal, col(Goal.id) == col(Task.goal_id))
        .where(col(Goal.plan_id) == plan_id)
        .order_by(col(Task.number))
    )
    return [KnownTask(*row) for row in session.connection().execute(query)]


def _last_goal_number(session: Session, workspace_id: str) -> int:
    query = select(sa.func.max(col(Goal.number))).where(Goal.workspace_id == workspace_id)
    return int(session.exec(query).one() or 0)


def _last_task_number(session: Session, workspace_id: str) -> int:
    query = select(sa.func.max(col(Task.number))).where(Task.workspace_id == workspace_id)
    return int(session.exec(query).one() or 0)
