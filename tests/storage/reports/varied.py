"""A plan with a bit of everything, drawn at random from a seed: teamless tasks, pending
ones, metrics, several updates a month, ties, backdated periods, away and departed
owners, names that sort alike. Written straight to the tables, then marked."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from storage import crud
from storage.enums import Acceptance, PlanState, Source, Status, TaskState
from storage.models import (
    AuditLog,
    CheckIn,
    Goal,
    Person,
    Plan,
    ProgressUpdate,
    ReviewDate,
    Task,
    Team,
    Workspace,
)
from storage.reports import period_bounds, recent_periods

START = datetime(2026, 1, 10, tzinfo=UTC)
NAMES = ("Ana", "ana", "Émile", "émile", "Zoë", "bob", "Bob", "", "Dave")


@dataclass(frozen=True)
class Varied:
    workspace_id: str
    plan_id: int
    team_ids: list[int]
    goal_ids: list[int]
    person_ids: list[int]
    task_ids: list[int]


def seed_varied(session: Session, *, workspace_id: str, seed: int, tasks: int = 150) -> Varied:
    draw = random.Random(seed)
    session.add(Workspace(id=workspace_id, created_at=START))
    people = [_person(draw, workspace_id, n) for n in range(30)]
    plan = Plan(workspace_id=workspace_id, name="FY", starts_on=date(2026, 1, 1),
                ends_on=date(2027, 12, 31), state=PlanState.ACTIVE, created_at=START)  # fmt: skip
    teams = [Team(workspace_id=workspace_id, name=f"Team {n}", channel_id=f"C{n}",
                  created_at=START) for n in range(3)]  # fmt: skip
    session.add_all([*people, plan, *teams])
    session.flush()
    goals = [
        Goal(workspace_id=workspace_id, number=n + 1, plan_id=_id(plan), title=f"Goal {n}",
             team_id=draw.choice([None, *(t.id for t in teams)]),
             owner_id=draw.choice([None, *(p.id for p in people)]),
             budget=draw.choice([None, Decimal(5000)]), created_at=START)
        for n in range(6)
    ]  # fmt: skip
    session.add_all(goals)
    session.flush()
    rows = [_task(draw, workspace_id, n, goals, teams, people) for n in range(tasks)]
    session.add_all(rows)
    session.flush()
    for task in rows:
        session.add_all(_assignments(draw, workspace_id, task))
        session.add_all(_updates(draw, workspace_id, task))
    session.flush()
    crud.mark_latest_updates(session=session, task_ids=[_id(task) for task in rows])
    session.add_all(_check_ins(draw, workspace_id, people))
    session.add_all(
        ReviewDate(workspace_id=workspace_id, plan_id=_id(plan), title=f"Review {n}",
                   held_on=date(2026, 11, 1) + timedelta(days=12 * n), created_at=START)
        for n in range(6)
    )  # fmt: skip
    session.flush()
    return Varied(workspace_id, _id(plan), [_id(t) for t in teams], [_id(g) for g in goals],
                  [_id(p) for p in people], [_id(t) for t in rows])  # fmt: skip


def _id(row: Any) -> int:
    assert row.id is not None
    return int(row.id)


def _person(draw: random.Random, workspace_id: str, n: int) -> Person:
    return Person(
        workspace_id=workspace_id, slack_user_id=f"U{n:04d}" if n % 7 else None,
        email=f"p{n}@example.com", name=draw.choice(NAMES), deactivated=draw.random() < 0.1,
        away_until=draw.choice([None, None, date(2026, 11, 15), date(2026, 12, 20)]),
        created_at=START,
    )  # fmt: skip


def _task(
    draw: random.Random,
    workspace_id: str,
    n: int,
    goals: list[Goal],
    teams: list[Team],
    people: list[Person],
) -> Task:
    created = START + timedelta(days=draw.randint(0, 330), hours=draw.randint(0, 23))
    state = draw.choice([TaskState.OPEN] * 6 + [TaskState.DONE] * 2 + [TaskState.DROPPED])
    closed = None if state == TaskState.OPEN else created + timedelta(days=draw.randint(0, 60))
    due = draw.choice([None, date(2026, 12, 1) + timedelta(days=draw.randint(-60, 60))])
    start = draw.choice([None, due - timedelta(days=draw.randint(10, 200)) if due else None])
    metric = draw.random() < 0.3
    return Task(
        workspace_id=workspace_id, number=n + 1, goal_id=_id(draw.choice(goals)),
        title=f"Task {n}", owner_id=draw.choice([None, *(p.id for p in people)]),
        acceptance=draw.choice([Acceptance.ACCEPTED, Acceptance.ACCEPTED, Acceptance.PENDING]),
        team_id=draw.choice([None, None, *(t.id for t in teams)]), start_on=start, due_on=due,
        state=state, metric_name="Users" if metric and draw.random() < 0.5 else None,
        metric_target=draw.choice([0.0, 50.0, None]) if metric else None,
        budget=draw.choice([None, Decimal(1000)]), created_at=created, closed_at=closed,
    )  # fmt: skip


def _assignments(draw: random.Random, workspace_id: str, task: Task) -> list[AuditLog]:
    return [
        AuditLog(workspace_id=workspace_id, action=draw.choice(["task.create", "task.assign"]),
                 entity="task", entity_id=task.id,
                 at=task.created_at + timedelta(days=draw.randint(0, 40)))
        for _ in range(draw.randint(0, 2))
    ]  # fmt: skip


def _updates(draw: random.Random, workspace_id: str, task: Task) -> list[ProgressUpdate]:
    updates = []
    for period in recent_periods("2026-12", 8):
        start, _ = period_bounds(period)
        for _ in range(draw.choice([0, 0, 1, 1, 2, 3])):
            # Some land after their period ends (a window running into the next month),
            # some at the same instant as another.
            at = start + timedelta(days=draw.choice([3, draw.randint(0, 35)]))
            updates.append(
                ProgressUpdate(
                    workspace_id=workspace_id, task_id=_id(task), author_id=task.owner_id,
                    created_at=at, period=period, status=draw.choice(list(Status)),
                    percent=draw.choice([None, 10, 40, 40, 70, 100]),
                    metric_value=draw.choice([None, 5.0, 25.0]) if task.metric_target else None,
                    spent=draw.choice([None, Decimal(10), Decimal("99.99")]),
                    note=draw.choice(["", "waiting on legal"]), source=Source.COMMAND,
                )
            )  # fmt: skip
    return updates


def _check_ins(draw: random.Random, workspace_id: str, people: list[Person]) -> list[CheckIn]:
    check_ins = []
    for person in people:
        for period in recent_periods("2026-12", 8):
            start, _ = period_bounds(period)
            if draw.random() < 0.7:
                check_ins.append(
                    CheckIn(workspace_id=workspace_id, person_id=_id(person), period=period,
                            asked_at=start + timedelta(hours=9),
                            answered_at=draw.choice([None, start + timedelta(days=2)]),
                            nudges_sent=draw.randint(0, 3))
                )  # fmt: skip
    return check_ins
