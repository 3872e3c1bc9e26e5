"""A plan of any size, written straight to the tables, for report tests and benchmarks."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from storage import crud
from storage.enums import Acceptance, PlanState, Role, Source, Status, TaskState
from storage.models import (
    CheckIn,
    Goal,
    Person,
    Plan,
    ProgressUpdate,
    ReviewDate,
    Task,
    Team,
    TeamManager,
    Workspace,
)
from storage.reports import period_bounds, recent_periods

STATUS_CYCLE = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.BLOCKED)


@dataclass(frozen=True)
class Seeded:
    workspace_id: str
    plan: Plan
    teams: list[Team]
    goals: list[Goal]
    owners: list[Person]
    manager: Person
    tasks: list[Task]


def seed_plan(
    session: Session,
    *,
    workspace_id: str,
    tasks: int,
    period: str,
    owners: int = 10,
    manager_slack_id: str = "UMANAGER",
) -> Seeded:
    """``tasks`` open tasks spread over 2 teams, 3 goals and ``owners`` people, each with
    an update in each of the three periods ending with ``period``; owner 0 has not
    reported in ``period``. Every fifth task closed done during ``period``."""
    start, _ = period_bounds(period)
    created = start - timedelta(days=120)
    if session.get(Workspace, workspace_id) is None:
        session.add(Workspace(id=workspace_id, created_at=created))
    manager = Person(
        workspace_id=workspace_id, slack_user_id=manager_slack_id, name="Maya Manager",
        role=Role.MANAGER, created_at=created,
    )  # fmt: skip
    people = [
        Person(workspace_id=workspace_id, slack_user_id=f"UOWNER{index}", name=f"Owner {index}",
               manager_id=None, created_at=created)
        for index in range(owners)
    ]  # fmt: skip
    plan = Plan(
        workspace_id=workspace_id, name="FY", starts_on=date(start.year - 1, 1, 1),
        ends_on=date(start.year + 1, 12, 31), state=PlanState.ACTIVE, created_at=created,
    )  # fmt: skip
    session.add_all([manager, *people, plan])
    session.flush()
    teams = [
        Team(workspace_id=workspace_id, name=name, channel_id=channel, created_at=created)
        for name, channel in (("Growth", "CGROWTH"), ("Ops", "COPS"))
    ]
    session.add_all(teams)
    session.flush()
    session.add(TeamManager(team_id=teams[0].id or 0, person_id=manager.id or 0,
                            workspace_id=workspace_id))  # fmt: skip
    assert plan.id is not None
    goals = [
        Goal(workspace_id=workspace_id, number=index + 1, plan_id=plan.id, title=f"Goal {index}",
             team_id=teams[index % 2].id, owner_id=people[index % owners].id,
             budget=Decimal(10_000) if index < 2 else None, created_at=created)
        for index in range(3)
    ]  # fmt: skip
    session.add_all(goals)
    session.flush()
    rows = [
        _task(workspace_id, index, goals, teams, people, start, created) for index in range(tasks)
    ]
    session.add_all(rows)
    session.flush()
    session.add_all(_updates(workspace_id, rows, period))
    session.flush()
    crud.mark_latest_updates(session=session, task_ids=[task.id or 0 for task in rows])
    session.add_all(_check_ins(workspace_id, people, period))
    review_day = start.date() + timedelta(days=20)
    session.add(ReviewDate(workspace_id=workspace_id, plan_id=plan.id, title="Quarterly",
                           held_on=review_day, created_at=created))  # fmt: skip
    session.flush()
    return Seeded(workspace_id, plan, teams, goals, people, manager, rows)


def _task(
    workspace_id: str,
    index: int,
    goals: list[Goal],
    teams: list[Team],
    people: list[Person],
    start: datetime,
    created: datetime,
) -> Task:
    done = index % 5 == 4
    return Task(
        workspace_id=workspace_id,
        number=index + 1,
        goal_id=goals[index % len(goals)].id or 0,
        title=f"Task number {index + 1}",
        owner_id=people[index % len(people)].id,
        acceptance=Acceptance.ACCEPTED,
        team_id=teams[index % len(teams)].id,
        start_on=created.date(),
        due_on=start.date() + timedelta(days=(index % 90) - 30),
        state=TaskState.DONE if done else TaskState.OPEN,
        closed_at=start + timedelta(days=3) if done else None,
        created_at=created,
    )


def _updates(workspace_id: str, tasks: list[Task], period: str) -> list[ProgressUpdate]:
    updates = []
    for offset, label in enumerate(recent_periods(period, 3)):
        at, _ = period_bounds(label)
        for task in tasks:
            owner_index = (task.number - 1) % 10
            if label == period and owner_index == 0:
                continue  # owner 0 has not reported this period
            status = STATUS_CYCLE[(task.number + offset) % len(STATUS_CYCLE)]
            if label == period and task.state == TaskState.DONE:
                status = Status.DONE
            updates.append(
                ProgressUpdate(
                    workspace_id=workspace_id,
                    task_id=task.id or 0,
                    author_id=task.owner_id,
                    created_at=at + timedelta(days=1, minutes=task.number),
                    period=label,
                    status=status,
                    percent=min(100, 10 * (offset + 1)),
                    spent=Decimal(100),
                    note=f"note {offset} on {task.number}",
                    source=Source.COMMAND,
                )
            )
    return updates


def _check_ins(workspace_id: str, people: list[Person], period: str) -> list[CheckIn]:
    asked, _ = period_bounds(period)
    return [
        CheckIn(
            workspace_id=workspace_id,
            person_id=person.id or 0,
            period=period,
            asked_at=asked + timedelta(hours=9),
            answered_at=None if index == 0 else asked + timedelta(days=1),
        )
        for index, person in enumerate(people)
    ]


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
