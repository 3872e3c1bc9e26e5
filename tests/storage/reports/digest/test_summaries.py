"""The figures of periods that have ended are kept from the first digest after them."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, select

from storage import crud
from storage.enums import Source, Status
from storage.models import PeriodSummary, ProgressUpdate, Task
from storage.reports import ReportScope
from storage.reports.digest import fetch_digest_facts
from storage.reports.digest.facts import DigestFacts
from storage.reports.digest.summaries import (
    PeriodFigures,
    ended,
    keep_summaries,
    read_summaries,
    scope_key,
)
from tests.storage.reports.seed import Seeded, seed_plan

WORKSPACE = "TKEPT"
TODAY = date(2026, 11, 23)
LATER = datetime(2026, 11, 24, 9, tzinfo=UTC)


@pytest.fixture
def seeded(session: Session) -> Seeded:
    plan = seed_plan(session, workspace_id=WORKSPACE, tasks=40, period="2026-11")
    session.commit()
    return plan


def scope_of(seeded: Seeded) -> ReportScope:
    return ReportScope(workspace_id=WORKSPACE, plan_id=seeded.plan.id or 0)


def digest(session: Session, seeded: Seeded, *, today: date = TODAY) -> DigestFacts:
    facts = fetch_digest_facts(session=session, scope=scope_of(seeded), period="2026-11",
                               today=today)  # fmt: skip
    session.commit()
    return facts


def kept_periods(session: Session) -> list[str]:
    return sorted(session.exec(select(PeriodSummary.period)).all())


def forget_all(session: Session) -> None:
    for row in session.exec(select(PeriodSummary)).all():
        session.delete(row)
    session.commit()


def an_open_task(session: Session, seeded: Seeded) -> Task:
    task = session.get(Task, next(t for t in seeded.tasks if t.state == "open").id)
    assert task is not None
    return task


def report(session: Session, task: Task, status: Status, *, period: str | None = None) -> None:
    crud.record_progress(
        session=session, workspace_id=WORKSPACE, actor=None, task=task, author=None,
        status=status, source=Source.COMMAND, period=period, now=LATER,
    )  # fmt: skip
    session.commit()


def test_periods_count_as_ended_two_days_after_their_last_day() -> None:
    periods = ("2026-09", "2026-10", "2026-11")
    assert ended(periods, today=date(2026, 11, 2)) == ["2026-09"]
    assert ended(periods, today=date(2026, 11, 3)) == ["2026-09", "2026-10"]
    assert ended(periods, today=date(2026, 12, 3)) == list(periods)


def test_the_first_digest_keeps_the_ended_periods_and_the_next_reads_them(
    session: Session, seeded: Seeded
) -> None:
    first = digest(session, seeded)
    assert kept_periods(session) == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    assert digest(session, seeded) == first
    forget_all(session)
    assert digest(session, seeded) == first  # summed afresh: the same facts


def test_a_period_still_settling_is_not_kept(session: Session, seeded: Seeded) -> None:
    digest(session, seeded, today=date(2026, 11, 2))
    assert "2026-10" not in kept_periods(session)


def test_a_late_report_drops_its_period_and_the_next_digest_counts_it(
    session: Session, seeded: Seeded
) -> None:
    before = digest(session, seeded)
    task = an_open_task(session, seeded)
    was = last_status_in(session, task, "2026-10")
    report(session, task, Status.DONE, period="2026-10")
    assert "2026-10" not in kept_periods(session)
    after = dict(digest(session, seeded).status_counts["2026-10"])
    expected = dict(before.status_counts["2026-10"])
    expected[was] -= 1
    expected[Status.DONE] = expected.get(Status.DONE, 0) + 1
    assert after == {status: n for status, n in expected.items() if n}


def last_status_in(session: Session, task: Task, period: str) -> Status:
    query = select(ProgressUpdate.status).where(
        ProgressUpdate.task_id == task.id,
        ProgressUpdate.period == period,
        col(ProgressUpdate.is_last_of_period),
    )
    return session.exec(query).one()


def test_a_report_for_this_month_leaves_the_kept_periods_alone(
    session: Session, seeded: Seeded
) -> None:
    digest(session, seeded)
    report(session, an_open_task(session, seeded), Status.ON_TRACK)
    assert len(kept_periods(session)) == 5


def test_a_task_changing_hands_leaves_a_kept_period_as_it_was(
    session: Session, seeded: Seeded
) -> None:
    before = digest(session, seeded)
    task = an_open_task(session, seeded)
    newcomer = crud.get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="UNEW",
        name="Newcomer", now=LATER,
    )  # fmt: skip
    crud.assign_task(session=session, workspace_id=WORKSPACE, actor=None, task=task,
                     owner=newcomer, now=LATER)  # fmt: skip
    session.commit()
    assert digest(session, seeded).reported["2026-10"] == before.reported["2026-10"]
    assert newcomer.id not in before.reported["2026-10"]
    forget_all(session)
    # Summed afresh, October would credit the task's update to its new owner.
    assert newcomer.id in digest(session, seeded).reported["2026-10"]


def test_keeping_a_period_kept_meanwhile_keeps_the_first(session: Session) -> None:
    scope = ReportScope(workspace_id=WORKSPACE, plan_id=1)
    first = PeriodFigures(status_counts={Status.ON_TRACK: 3}, reporting=frozenset({1}),
                          answered=frozenset(), active=frozenset({1, 2}))  # fmt: skip
    second = PeriodFigures(status_counts={Status.AT_RISK: 1}, reporting=frozenset(),
                           answered=frozenset({2}), active=frozenset({2}))  # fmt: skip
    keep_summaries(session, scope, {"2026-10": first}, today=TODAY)
    keep_summaries(session, scope, {"2026-10": second, "2026-09": second}, today=TODAY)
    assert read_summaries(session, scope, periods=["2026-09", "2026-10", "2026-11"]) == {
        "2026-09": second,
        "2026-10": first,
    }


def test_each_scope_keeps_its_own_figures() -> None:
    plan = ReportScope(workspace_id=WORKSPACE, plan_id=1)
    team = ReportScope(workspace_id=WORKSPACE, plan_id=1, team_ids=frozenset({2}))
    owner = ReportScope(workspace_id=WORKSPACE, plan_id=1, owner_ids=frozenset({2}))
    keys = {scope_key(scope) for scope in (plan, team, owner)}
    assert len(keys) == 3
    assert scope_key(ReportScope(workspace_id="T", plan_id=1, team_ids=frozenset({3, 2}))) == (
        scope_key(ReportScope(workspace_id="T", plan_id=1, team_ids=frozenset({2, 3})))
    )
    assert all(len(key) <= 64 for key in keys)
