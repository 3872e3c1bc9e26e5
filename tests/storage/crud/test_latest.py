from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.crud import create_task, mark_latest_updates, record_progress
from storage.enums import Source, Status
from storage.models import Goal, Person, ProgressUpdate, Task
from tests.conftest import NOW, WORKSPACE


@pytest.fixture
def task(session: Session, goal: Goal, alice: Person) -> Task:
    return create_task(
        session=session, workspace_id=WORKSPACE, actor="UALICE", goal=goal, title="Call clients",
        owner=alice, now=NOW,
    )  # fmt: skip


def report(session: Session, task: Task, author: Person, **options: Any) -> ProgressUpdate:
    options.setdefault("status", Status.ON_TRACK)
    return record_progress(
        session=session, workspace_id=WORKSPACE, actor=author.slack_user_id, task=task,
        author=author, source=Source.COMMAND, **options,
    )  # fmt: skip


def marked(session: Session, task: Task, mark: str) -> list[int | None]:
    """The ids of the task's updates that carry ``mark``, read back from the database."""
    session.expire_all()
    query = select(ProgressUpdate.id).where(
        ProgressUpdate.task_id == task.id, getattr(ProgressUpdate, mark)
    )
    return sorted(session.exec(query).all())


def test_each_new_update_becomes_the_latest(session: Session, task: Task, alice: Person) -> None:
    first = report(session, task, alice, now=NOW, spent=100)
    assert marked(session, task, "is_latest") == [first.id]
    second = report(session, task, alice, now=NOW + timedelta(hours=1), percent=20)
    assert marked(session, task, "is_latest") == [second.id]
    # The newest spend stays the first update's: the second gives none.
    assert marked(session, task, "is_latest_spend") == [first.id]


def test_the_last_of_each_period_is_marked(session: Session, task: Task, alice: Person) -> None:
    report(session, task, alice, now=NOW, period="2026-10")
    report(session, task, alice, now=NOW + timedelta(hours=1))
    late = report(session, task, alice, now=NOW + timedelta(hours=2), spent=5)
    # Recorded last, for the month before: the latest, and last of its period.
    backdated = report(session, task, alice, now=NOW + timedelta(hours=3), period="2026-10")
    assert marked(session, task, "is_last_of_period") == sorted([late.id, backdated.id])
    assert marked(session, task, "is_latest") == [backdated.id]
    assert marked(session, task, "is_latest_spend") == [late.id]


def test_a_tie_on_the_clock_goes_to_the_later_id(
    session: Session, task: Task, alice: Person
) -> None:
    updates = [report(session, task, alice, now=NOW, spent=Decimal(n)) for n in range(3)]
    assert marked(session, task, "is_latest") == [updates[-1].id]
    assert marked(session, task, "is_last_of_period") == [updates[-1].id]
    assert marked(session, task, "is_latest_spend") == [updates[-1].id]


def test_marking_written_rows_afresh_gives_the_same_marks(
    session: Session, task: Task, alice: Person, goal: Goal
) -> None:
    other = create_task(session=session, workspace_id=WORKSPACE, actor="UALICE", goal=goal,
                        title="Hire", owner=alice, now=NOW)  # fmt: skip
    for hours, period in ((0, "2026-10"), (1, None), (2, None), (3, "2026-10")):
        report(session, task, alice, now=NOW + timedelta(hours=hours), period=period)
        report(session, other, alice, now=NOW + timedelta(hours=hours), spent=hours)
    marks = [col(getattr(ProgressUpdate, name))
             for name in ("id", "is_latest", "is_last_of_period", "is_latest_spend")]  # fmt: skip
    before = session.execute(sa.select(*marks).order_by(col(ProgressUpdate.id))).all()
    session.execute(sa.update(ProgressUpdate).values(is_latest=True, is_last_of_period=False))
    mark_latest_updates(session=session, task_ids=[task.id or 0, other.id or 0])
    after = session.execute(sa.select(*marks).order_by(col(ProgressUpdate.id))).all()
    assert after == before
    assert sum(row.is_latest for row in after) == 2
