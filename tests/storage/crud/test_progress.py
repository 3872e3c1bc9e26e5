from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.crud import close_task, create_task, get_or_create_person, record_progress
from storage.enums import Source, Status, TaskState
from storage.errors import DomainError, NotFound
from storage.models import AuditLog, CheckIn, Goal, Person, ProgressUpdate, Task
from tests.conftest import NOW, WORKSPACE
from tests.storage.crud.conftest import waits_for


@pytest.fixture
def task(session: Session, goal: Goal, alice: Person) -> Task:
    return create_task(
        session=session,
        workspace_id=WORKSPACE,
        actor="UALICE",
        goal=goal,
        title="Call clients",
        owner=alice,
        metric_name="calls",
        metric_target=40,
        now=NOW,
    )


def report(session: Session, task: Task, author: Person | None, **options: Any) -> ProgressUpdate:
    options.setdefault("status", Status.ON_TRACK)
    options.setdefault("source", Source.COMMAND)
    options.setdefault("now", NOW)
    return record_progress(
        session=session,
        workspace_id=WORKSPACE,
        actor=author.slack_user_id if author else None,
        task=task,
        author=author,
        **options,
    )


def test_an_update_is_recorded_and_audited(session: Session, task: Task, alice: Person) -> None:
    update = report(
        session,
        task,
        alice,
        status="at-risk",
        percent=40,
        metric_value=12,
        spent="1200",
        note="  two clients postponed  ",
    )
    session.commit()
    stored = session.get(ProgressUpdate, update.id)
    assert stored is not None
    assert (stored.status, stored.percent, stored.metric_value, stored.spent) == (
        Status.AT_RISK,
        40,
        12.0,
        Decimal("1200.00"),
    )
    assert (stored.note, stored.period, stored.author_id) == (
        "two clients postponed",
        "2026-11",
        alice.id,
    )
    audit = session.exec(select(AuditLog).where(AuditLog.action == "progress.record")).one()
    assert audit.changes["task"] == [None, "T-1"]
    assert audit.changes["status"] == [None, "at-risk"]


def test_the_period_may_be_given(session: Session, task: Task, alice: Person) -> None:
    assert report(session, task, alice, period="2026-10").period == "2026-10"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"spent": -5}, "spent"),
        ({"note": "n" * 3001}, "note"),
        ({"status": "fine"}, "status"),
        ({"source": "carrier pigeon"}, "source"),
        ({"period": "2026-13"}, "period"),
        ({"period": "Nov 2026"}, "period"),
        ({"metric_value": float("nan")}, "value"),
    ],
)
def test_bad_updates_are_refused_naming_the_field(
    session: Session, task: Task, alice: Person, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        report(session, task, alice, **options)
    assert refused.value.field == field
    assert session.exec(select(ProgressUpdate)).all() == []


def test_the_messages_say_what_is_right(session: Session, task: Task, alice: Person) -> None:
    with pytest.raises(DomainError, match="give a whole number from 0 to 100"):
        report(session, task, alice, percent=140)
    with pytest.raises(
        DomainError, match="use one of: on-track, at-risk, off-track, blocked, done"
    ):
        report(session, task, alice, status="green")
    with pytest.raises(DomainError, match="keep it to 3000"):
        report(session, task, alice, note="x" * 3001)


def test_a_note_of_exactly_3000_characters_fits(
    session: Session, task: Task, alice: Person
) -> None:
    assert len(report(session, task, alice, note="x" * 3000).note) == 3000


def test_a_value_needs_a_task_with_a_metric(session: Session, goal: Goal, alice: Person) -> None:
    plain = create_task(
        session=session, workspace_id=WORKSPACE, actor=None, goal=goal, title="Plain", now=NOW
    )
    with pytest.raises(DomainError, match="T-1 has no metric") as refused:
        report(session, plain, alice, metric_value=3)
    assert refused.value.field == "value"


def test_done_closes_the_task(session: Session, task: Task, alice: Person) -> None:
    later = NOW + timedelta(days=3)
    update = report(session, task, alice, status=Status.DONE, now=later)
    assert update.percent == 100
    assert (task.state, task.closed_at) == (TaskState.DONE, later)
    actions = session.exec(select(AuditLog.action).where(AuditLog.entity_id == task.id)).all()
    assert "task.close" in actions
    with pytest.raises(DomainError, match="T-1 is done; reopen it before reporting"):
        report(session, task, alice)


def test_a_dropped_or_closed_task_takes_no_updates(session: Session, task: Task) -> None:
    close_task(session=session, workspace_id=WORKSPACE, actor=None, task=task, now=NOW)
    with pytest.raises(DomainError) as refused:
        report(session, task, None)
    assert refused.value.field == "task"


def test_an_update_answers_the_authors_check_in(
    session: Session, task: Task, alice: Person, bob: Person
) -> None:
    asked = NOW - timedelta(days=1)
    alice_now = CheckIn(
        workspace_id=WORKSPACE, person_id=alice.id or 0, period="2026-11", asked_at=asked
    )
    alice_before = CheckIn(workspace_id=WORKSPACE, person_id=alice.id or 0, period="2026-10")
    bob_now = CheckIn(workspace_id=WORKSPACE, person_id=bob.id or 0, period="2026-11")
    session.add_all([alice_now, alice_before, bob_now])
    session.commit()

    report(session, task, alice)
    report(session, task, alice, now=NOW + timedelta(hours=2))
    session.commit()

    assert alice_now.answered_at == NOW  # the first answer counts
    assert alice_before.answered_at is None
    assert bob_now.answered_at is None
    answers = session.exec(select(AuditLog).where(AuditLog.action == "check_in.answer")).all()
    assert [a.entity_id for a in answers] == [alice_now.id]


def test_an_update_labelled_with_the_next_month_answers_the_check_in_still_open(
    session: Session, task: Task, alice: Person
) -> None:
    asked = NOW - timedelta(days=3)
    older = CheckIn(
        workspace_id=WORKSPACE, person_id=alice.id or 0, period="2026-09", asked_at=asked,
        escalated_at=asked,
    )  # fmt: skip
    open_window = CheckIn(
        workspace_id=WORKSPACE, person_id=alice.id or 0, period="2026-10", asked_at=asked
    )
    session.add_all([older, open_window])
    session.commit()
    report(session, task, alice)  # labelled 2026-11, the month of NOW
    session.commit()
    assert open_window.answered_at == NOW
    assert older.answered_at is None


def test_an_answered_check_in_for_the_period_leaves_an_older_waiting_one_alone(
    session: Session, task: Task, alice: Person
) -> None:
    asked = NOW - timedelta(days=3)
    waiting = CheckIn(
        workspace_id=WORKSPACE, person_id=alice.id or 0, period="2026-10", asked_at=asked
    )
    answered = CheckIn(
        workspace_id=WORKSPACE, person_id=alice.id or 0, period="2026-11", asked_at=asked,
        answered_at=asked,
    )  # fmt: skip
    session.add_all([waiting, answered])
    session.commit()
    report(session, task, alice)  # labelled 2026-11, already answered
    session.commit()
    assert waiting.answered_at is None
    assert answered.answered_at == asked
    assert session.exec(select(AuditLog).where(AuditLog.action == "check_in.answer")).all() == []


def test_an_update_without_a_check_in_is_fine(session: Session, task: Task, alice: Person) -> None:
    report(session, task, alice)
    assert session.exec(select(CheckIn)).all() == []


def test_an_author_from_another_workspace_is_refused(session: Session, task: Task) -> None:
    outsider = get_or_create_person(
        session=session, workspace_id="T0OTHER", actor=None, slack_user_id="UX", now=NOW
    )
    with pytest.raises(NotFound) as refused:
        report(session, task, outsider)
    assert refused.value.field == "author"


def test_an_update_waiting_on_a_done_of_its_task_is_refused(
    engine: Engine, session: Session, task: Task, alice: Person
) -> None:
    session.commit()
    with Session(engine) as other:
        stale_task, other_alice = other.get(Task, task.id), other.get(Person, alice.id)
        assert stale_task is not None
        assert other_alice is not None
        other.commit()  # what it read stays in the session: the task, open
        report(session, task, alice, status=Status.DONE)  # written, not yet committed
        refusals: list[DomainError] = []

        def update_as_other() -> None:
            try:
                report(other, stale_task, other_alice, percent=50)
            except DomainError as refused:
                refusals.append(refused)

        waits_for(session, update_as_other)
        other.rollback()
    assert [str(refused) for refused in refusals] == [
        "T-1 is done; reopen it before reporting progress on it"
    ]
    assert len(session.exec(select(ProgressUpdate)).all()) == 1
