"""Claims: the conditional writes that make exactly one transaction send an owed item."""

import threading
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from schedules.sweeps import CheckInNudge, CheckInPrompt, Escalation, SilentCheckIn, claim
from storage import crud
from storage.enums import Source, Status
from storage.models import CheckIn, Goal, PeriodSummary, Person, ProgressUpdate, Task
from tests.conftest import WORKSPACE, QueryPlans
from tests.storage.crud.conftest import make_person

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)


def _prompt(person: Person) -> CheckInPrompt:
    return CheckInPrompt(
        workspace_id=WORKSPACE, person_id=person.id or 0, period="2026-12", today=TODAY,
        respond_by=date(2026, 12, 8),
    )  # fmt: skip


def _asked(engine: Engine, person: Person) -> CheckIn:
    with Session(engine, expire_on_commit=False) as session:
        assert claim(session, _prompt(person), now=NOW) is not None
        session.commit()
        return session.exec(select(CheckIn).where(CheckIn.person_id == person.id)).one()


def _nudge(check_in: CheckIn, level: int) -> CheckInNudge:
    return CheckInNudge(
        workspace_id=WORKSPACE, person_id=check_in.person_id, check_in_id=check_in.id or 0,
        period=check_in.period, level=level, today=TODAY, respond_by=date(2026, 12, 8),
    )  # fmt: skip


def _claim(engine: Engine, item: object) -> object:
    with Session(engine) as session:
        result = claim(session, item, now=NOW + timedelta(days=3))  # type: ignore[arg-type]
        session.commit()
        return result


def _shipping(session: Session, goal: Goal, *, owner: Person) -> Task:
    return crud.create_task(
        session=session, workspace_id=WORKSPACE, actor=None, goal=goal, title="Ship",
        now=NOW - timedelta(days=10), owner=owner,
    )  # fmt: skip


def test_a_prompt_is_claimed_once(engine: Engine, alice: Person, session: Session) -> None:
    session.commit()
    check_in = _asked(engine, alice)
    assert (check_in.period, check_in.asked_at, check_in.nudges_sent) == ("2026-12", NOW, 0)
    assert _claim(engine, _prompt(alice)) is None


def test_nudges_only_go_up_and_stop_once_answered(
    engine: Engine, alice: Person, session: Session
) -> None:
    session.commit()
    check_in = _asked(engine, alice)
    assert _claim(engine, _nudge(check_in, 1)) is not None
    assert _claim(engine, _nudge(check_in, 1)) is None
    assert _claim(engine, _nudge(check_in, 2)) is not None
    with Session(engine) as fresh:
        stored = fresh.get(CheckIn, check_in.id)
        assert stored is not None
        assert stored.nudges_sent == 2
        stored.nudges_sent = 0
        stored.answered_at = NOW + timedelta(days=1)
        fresh.add(stored)
        fresh.commit()
    assert _claim(engine, _nudge(check_in, 1)) is None


def test_progress_reported_any_other_way_counts_as_an_answer(
    engine: Engine, alice: Person, goal: Goal, session: Session
) -> None:
    task = _shipping(session, goal, owner=alice)
    # Reported on 30 November (UTC), labelled November, before the prompt went out…
    crud.record_progress(
        session=session, workspace_id=WORKSPACE, actor=None, task=task, author=alice,
        status=Status.ON_TRACK, source=Source.COMMAND, now=NOW - timedelta(hours=9),
    )  # fmt: skip
    session.commit()
    check_in = _asked(engine, alice)
    assert _claim(engine, _nudge(check_in, 1)) is not None  # …so that one does not count.
    reported_at = NOW + timedelta(days=2)
    crud.record_progress(
        session=session, workspace_id=WORKSPACE, actor=None, task=task, author=alice,
        status=Status.AT_RISK, source=Source.COMMAND, now=reported_at, period="2027-01",
    )  # fmt: skip
    session.commit()
    # Labelled January, but made after the prompt: the check-in is answered.
    assert _claim(engine, _nudge(check_in, 2)) is None
    with Session(engine) as fresh:
        stored = fresh.get(CheckIn, check_in.id)
        assert stored is not None
        assert stored.answered_at == reported_at


def test_whether_the_owner_reported_meanwhile_is_read_from_their_own_updates(
    engine: Engine, alice: Person, session: Session, query_plans: QueryPlans
) -> None:
    """Not from the whole period's updates, which every owner of the workspace adds to."""
    session.commit()
    check_in = _asked(engine, alice)
    query_plans.queries.clear()
    assert _claim(engine, _nudge(check_in, 1)) is not None
    [plan] = query_plans.plans("FROM progress_update")
    assert "ix_progress_update_author_period" in plan


def test_an_escalation_keeps_only_the_owners_still_silent(
    engine: Engine, alice: Person, bob: Person, session: Session
) -> None:
    session.commit()
    silent = [_asked(engine, alice), _asked(engine, bob)]
    with Session(engine) as fresh:
        answered = fresh.get(CheckIn, silent[1].id)
        assert answered is not None
        answered.answered_at = NOW + timedelta(days=1)
        fresh.add(answered)
        fresh.commit()
    escalation = Escalation(
        workspace_id=WORKSPACE, manager_id=99, period="2026-12", today=TODAY,
        silent=tuple(
            SilentCheckIn(person_id=c.person_id, check_in_id=c.id or 0, asked_at=NOW, nudges_sent=0)
            for c in silent
        ),
    )  # fmt: skip
    claimed = _claim(engine, escalation)
    assert isinstance(claimed, Escalation)
    assert [owner.person_id for owner in claimed.silent] == [alice.id]
    assert _claim(engine, escalation) is None


def test_a_second_transaction_waits_for_the_first_and_then_finds_nothing(
    engine: Engine, session: Session
) -> None:
    carol = make_person(session, "UCAROL", "Carol")
    session.commit()
    first = Session(engine)
    assert claim(first, _prompt(carol), now=NOW) is not None  # not committed yet
    outcome: list[object] = []

    def second() -> None:
        with Session(engine) as other:
            outcome.append(claim(other, _prompt(carol), now=NOW))
            other.commit()

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(timeout=0.5)
    assert thread.is_alive()  # blocked by the first transaction's row
    first.commit()
    first.close()
    thread.join(timeout=20)
    assert outcome == [None]


def test_an_answer_found_meanwhile_drops_its_periods_kept_figures(
    engine: Engine, alice: Person, goal: Goal, session: Session
) -> None:
    task = _shipping(session, goal, owner=alice)
    session.commit()
    check_in = _asked(engine, alice)
    # An update the check-in was not told of (written by another path), and figures kept
    # for its period without it.
    session.add(ProgressUpdate(workspace_id=WORKSPACE, task_id=task.id or 0, author_id=alice.id,
                               created_at=NOW + timedelta(days=1), period="2026-12",
                               status=Status.ON_TRACK, source=Source.IMPORT))  # fmt: skip
    session.add(PeriodSummary(workspace_id=WORKSPACE, scope_key="plan", period="2026-12",
                              figures={}, summed_on=TODAY))  # fmt: skip
    session.commit()
    assert _claim(engine, _nudge(check_in, 1)) is None
    with Session(engine) as fresh:
        assert fresh.exec(select(PeriodSummary)).all() == []
