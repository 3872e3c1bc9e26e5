"""The database itself refuses what the domain forbids, on SQLite and on PostgreSQL: rows are
inserted directly, past every check in Python."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from storage.enums import PlanState, Source, Status
from storage.models import CheckIn, Goal, Outbox, Person, Plan, ProgressUpdate, Task
from tests.conftest import NOW, WORKSPACE


@dataclass
class Rows:
    person: Person
    plan: Plan
    goal: Goal
    task: Task


def _id(row: Any) -> int:
    assert row.id is not None
    return int(row.id)


def _saved(session: Session, row: Any) -> Any:
    session.add(row)
    session.commit()
    return row


@pytest.fixture
def rows(session: Session) -> Rows:
    person = _saved(session, Person(workspace_id=WORKSPACE, slack_user_id="U1", created_at=NOW))
    plan = _saved(
        session,
        Plan(
            workspace_id=WORKSPACE,
            name="FY2027",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 12, 31),
            state=PlanState.ACTIVE,
            created_at=NOW,
        ),
    )
    goal = _saved(
        session,
        Goal(workspace_id=WORKSPACE, number=1, plan_id=_id(plan), title="G", created_at=NOW),
    )
    task = _saved(
        session,
        Task(workspace_id=WORKSPACE, number=1, goal_id=_id(goal), title="T", created_at=NOW),
    )
    return Rows(person=person, plan=plan, goal=goal, task=task)


def _refused(session: Session, row: SQLModel) -> None:
    session.add(row)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def _update(row: SQLModel, **values: Any) -> SQLModel:
    for name, value in values.items():
        setattr(row, name, value)
    return row


def test_a_task_reference_is_unique_per_workspace(session: Session, rows: Rows) -> None:
    twin = Task(workspace_id=WORKSPACE, number=1, goal_id=_id(rows.goal), title="x", created_at=NOW)
    _refused(session, twin)


def test_the_same_task_number_in_another_workspace_is_fine(session: Session, rows: Rows) -> None:
    other = Task(
        workspace_id="T0OTHER", number=1, goal_id=_id(rows.goal), title="x", created_at=NOW
    )
    _saved(session, other)
    assert other.id is not None


def test_a_goal_reference_is_unique_per_workspace(session: Session, rows: Rows) -> None:
    _refused(
        session,
        Goal(workspace_id=WORKSPACE, number=1, plan_id=_id(rows.plan), title="y", created_at=NOW),
    )


def test_a_task_title_is_unique_within_its_goal(session: Session, rows: Rows) -> None:
    twin = Task(workspace_id=WORKSPACE, number=2, goal_id=_id(rows.goal), title="T", created_at=NOW)
    _refused(session, twin)


def test_one_check_in_per_person_per_period(session: Session, rows: Rows) -> None:
    _saved(session, CheckIn(workspace_id=WORKSPACE, person_id=_id(rows.person), period="2026-11"))
    _refused(session, CheckIn(workspace_id=WORKSPACE, person_id=_id(rows.person), period="2026-11"))


def test_an_outbox_dedupe_key_is_used_once(session: Session) -> None:
    def message() -> Outbox:
        return Outbox(
            workspace_id=WORKSPACE,
            dedupe_key="checkin:T0TEST:U1:2026-11",
            kind="checkin",
            channel="U1",
            next_attempt_at=NOW,
            created_at=NOW,
        )

    _saved(session, message())
    _refused(session, message())


def test_one_active_plan_per_workspace(session: Session, rows: Rows) -> None:
    second = Plan(
        workspace_id=WORKSPACE,
        name="FY2028",
        starts_on=date(2028, 1, 1),
        ends_on=date(2028, 12, 31),
        state=PlanState.ACTIVE,
        created_at=NOW,
    )
    _refused(session, second)


def test_many_archived_plans_are_fine(session: Session, rows: Rows) -> None:
    for year in (2025, 2026):
        _saved(
            session,
            Plan(
                workspace_id=WORKSPACE,
                name=f"FY{year}",
                starts_on=date(year, 1, 1),
                ends_on=date(year, 12, 31),
                state=PlanState.ARCHIVED,
                created_at=NOW,
            ),
        )


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_stays_within_0_and_100(session: Session, rows: Rows, percent: int) -> None:
    update = ProgressUpdate(
        workspace_id=WORKSPACE,
        task_id=_id(rows.task),
        created_at=NOW,
        period="2026-11",
        status=Status.ON_TRACK,
        percent=percent,
        source=Source.COMMAND,
    )
    _refused(session, update)


def test_spent_is_not_negative(session: Session, rows: Rows) -> None:
    update = ProgressUpdate(
        workspace_id=WORKSPACE,
        task_id=_id(rows.task),
        created_at=NOW,
        period="2026-11",
        status=Status.ON_TRACK,
        spent=Decimal("-1"),
        source=Source.COMMAND,
    )
    _refused(session, update)


def test_a_task_is_due_on_or_after_its_start(session: Session, rows: Rows) -> None:
    _refused(session, _update(rows.task, start_on=date(2027, 2, 1), due_on=date(2027, 1, 31)))


def test_a_plan_ends_on_or_after_it_starts(session: Session, rows: Rows) -> None:
    _refused(session, _update(rows.plan, starts_on=date(2027, 1, 1), ends_on=date(2026, 12, 31)))


def test_budgets_are_not_negative(session: Session, rows: Rows) -> None:
    _refused(session, _update(rows.goal, budget=Decimal("-0.01")))
    _refused(session, _update(rows.task, budget=Decimal("-5")))


def test_a_person_has_a_slack_id_or_an_email(session: Session) -> None:
    _refused(session, Person(workspace_id=WORKSPACE, name="Nobody", created_at=NOW))


def test_a_status_outside_the_vocabulary_is_refused(session: Session, rows: Rows) -> None:
    insert = sa.text(
        "INSERT INTO progress_update (workspace_id, task_id, created_at, period, status, "
        "note, source) VALUES (:workspace, :task, :at, '2026-11', 'great', '', 'command')"
    )
    with pytest.raises(IntegrityError):
        session.execute(insert, {"workspace": WORKSPACE, "task": rows.task.id, "at": NOW})
    session.rollback()


def test_a_task_needs_an_existing_goal(session: Session) -> None:
    _refused(
        session, Task(workspace_id=WORKSPACE, number=7, goal_id=999, title="x", created_at=NOW)
    )
