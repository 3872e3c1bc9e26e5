import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.crud import create_task, mark_latest_updates, record_progress
from storage.crud.latest import MARKS
from storage.enums import Source, Status
from storage.models import Goal, Person, ProgressUpdate, Task
from tests.conftest import NOW, WORKSPACE
from tests.storage.crud.conftest import waits_for


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


def test_a_clock_going_back_keeps_the_newer_update_latest(
    session: Session, task: Task, alice: Person
) -> None:
    newer = report(session, task, alice, now=NOW + timedelta(hours=2), spent=1)
    report(session, task, alice, now=NOW + timedelta(hours=1), spent=2)
    assert marked(session, task, "is_latest") == [newer.id]
    assert marked(session, task, "is_last_of_period") == [newer.id]
    assert marked(session, task, "is_latest_spend") == [newer.id]


@pytest.mark.parametrize("seed", range(4))
def test_marks_kept_one_update_at_a_time_match_marks_made_afresh(
    session: Session, task: Task, alice: Person, seed: int
) -> None:
    """Updates recorded out of clock order, across periods, some with a spend: the marks
    kept update by update are the ones a full recount gives."""
    chance = random.Random(seed)
    for _ in range(30):
        report(
            session, task, alice, now=NOW + timedelta(minutes=chance.randrange(0, 600, 30)),
            period=chance.choice(["2026-09", "2026-10", None]),
            spent=chance.choice([None, Decimal(chance.randrange(100))]),
        )  # fmt: skip
    marks = [col(getattr(ProgressUpdate, name)) for name in ("id", *MARKS)]
    kept = session.execute(sa.select(*marks).order_by(col(ProgressUpdate.id))).all()
    mark_latest_updates(session=session, task_ids=[task.id or 0])
    recounted = session.execute(sa.select(*marks).order_by(col(ProgressUpdate.id))).all()
    assert kept == recounted
    assert sum(row.is_latest for row in kept) == 1


def test_an_update_waiting_on_another_of_its_task_takes_the_marks_after_it(
    engine: Engine, session: Session, task: Task, alice: Person
) -> None:
    session.commit()
    first = report(session, task, alice, now=NOW, spent=1)  # written, not yet committed

    def second() -> None:
        with Session(engine) as own:
            own_task, own_alice = own.get(Task, task.id), own.get(Person, alice.id)
            assert own_task is not None
            assert own_alice is not None
            report(own, own_task, own_alice, now=NOW + timedelta(minutes=1), spent=2)
            own.commit()

    waits_for(session, second)
    for mark in MARKS:
        holders = marked(session, task, mark)
        assert len(holders) == 1, mark
        assert holders != [first.id], mark


def test_a_mark_held_twice_is_left_with_one_update(
    session: Session, task: Task, alice: Person
) -> None:
    first = report(session, task, alice, now=NOW)
    report(session, task, alice, now=NOW + timedelta(hours=1))
    # As two updates recorded at once without the task's lock could leave them.
    session.execute(
        sa.update(ProgressUpdate).where(col(ProgressUpdate.id) == first.id).values(is_latest=True)
    )
    third = report(session, task, alice, now=NOW + timedelta(hours=2))
    assert marked(session, task, "is_latest") == [third.id]
