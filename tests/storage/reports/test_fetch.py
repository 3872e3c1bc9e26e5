"""The report queries against the real schema (SQLite, or PostgreSQL when configured)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import crud
from storage.enums import Acceptance, Source, Status
from storage.errors import NotFound
from storage.models import CheckIn, Goal, Person, Plan, Task, Team
from storage.reports import ReportFacts, ReportScope, fetch_report_facts
from tests.conftest import WORKSPACE
from tests.storage.reports.seed import seed_plan

PERIOD = "2026-11"
TODAY = date(2026, 11, 23)


def at(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 10, tzinfo=UTC)


@dataclass
class World:
    plan: Plan
    growth: Team
    ops: Team
    grow: Goal
    run: Goal
    alice: Person
    bob: Person
    carol: Person
    t1: Task
    t2: Task
    t3: Task
    t4: Task


def _person(session: Session, slack_id: str, name: str) -> Person:
    return crud.get_or_create_person(
        session=session, workspace_id=WORKSPACE, actor=None, slack_user_id=slack_id, name=name,
        now=at(1, 2),
    )  # fmt: skip


def _progress(session: Session, task: Task, author: Person, when: datetime, **values: Any) -> None:
    crud.record_progress(
        session=session, workspace_id=WORKSPACE, actor=author.slack_user_id, task=task,
        author=author, source=Source.COMMAND, now=when, **values,
    )  # fmt: skip


@pytest.fixture
def world(session: Session) -> World:
    ws = WORKSPACE
    alice, bob, carol = (_person(session, f"U{n.upper()}", n) for n in ("alice", "bob", "carol"))
    plan = crud.create_plan(
        session=session,
        workspace_id=ws,
        actor=None,
        name="FY",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        now=at(1, 2),
    )
    crud.activate_plan(session=session, workspace_id=ws, actor=None, plan=plan, now=at(1, 2))
    growth = crud.create_team(
        session=session,
        workspace_id=ws,
        actor=None,
        name="Growth",
        channel_id="CGROWTH",
        managers=[alice],
        now=at(1, 2),
    )
    ops = crud.create_team(
        session=session, workspace_id=ws, actor=None, name="Ops", channel_id="COPS", now=at(1, 2)
    )
    grow = crud.create_goal(
        session=session,
        workspace_id=ws,
        actor=None,
        plan=plan,
        title="Grow",
        team=growth,
        budget=1000,
        now=at(1, 3),
    )
    run = crud.create_goal(
        session=session,
        workspace_id=ws,
        actor=None,
        plan=plan,
        title="Run",
        team=ops,
        metric_target=10,
        now=at(1, 3),
    )

    def task(goal: Goal, title: str, owner: Person, actor: str | None, **more: Any) -> Task:
        return crud.create_task(
            session=session,
            workspace_id=ws,
            actor=actor,
            goal=goal,
            title=title,
            owner=owner,
            now=at(1, 4),
            **more,
        )

    t1 = task(grow, "Launch", alice, "UALICE", due_on=date(2026, 12, 1))
    t1.team_id = None  # no team of its own: it belongs to its goal's team, Growth
    t2 = task(grow, "Legal", bob, "UBOB", team=ops, budget=400)
    t3 = task(run, "Hire", bob, "UADMIN")
    t4 = task(run, "Old", carol, "UCAROL")
    session.flush()
    _progress(session, t4, carol, at(5, 10), status=Status.DONE, spent=500)
    _progress(session, t3, bob, at(9, 10), status=Status.OFF_TRACK)
    _progress(session, t1, alice, at(10, 3), status=Status.ON_TRACK, percent=20, spent=100)
    _progress(session, t1, alice, at(10, 20), status=Status.AT_RISK, percent=30, spent=250)
    session.add_all([
        CheckIn(workspace_id=ws, person_id=p.id or 0, period=PERIOD, asked_at=at(11, 2))
        for p in (alice, bob)
    ])  # fmt: skip
    session.flush()
    _progress(session, t1, alice, at(11, 4), status=Status.ON_TRACK, percent=40, note="back on")
    _progress(session, t2, bob, at(11, 5), status=Status.BLOCKED, note="legal", spent=50)
    crud.assign_task(
        session=session, workspace_id=ws, actor="UADMIN", task=t3, owner=carol, now=at(11, 10)
    )
    for held_on in (date(2026, 12, 10), date(2027, 1, 30)):
        crud.add_review_date(
            session=session,
            workspace_id=ws,
            actor=None,
            plan=plan,
            title=f"Review {held_on}",
            held_on=held_on,
            now=at(11, 1),
        )
    session.commit()
    return World(plan, growth, ops, grow, run, alice, bob, carol, t1, t2, t3, t4)  # fmt: skip


def fetch(session: Session, world: World, **narrowing: Any) -> ReportFacts:
    scope = ReportScope(workspace_id=WORKSPACE, plan_id=world.plan.id or 0, **narrowing)
    return fetch_report_facts(session=session, scope=scope, period=PERIOD, today=TODAY)


def refs(facts: ReportFacts) -> list[str]:
    return [task.ref for task in facts.tasks]


def test_whole_plan_tasks_with_owners_and_latest_update(session: Session, world: World) -> None:
    facts = fetch(session, world)
    assert facts.plan_name == "FY"
    assert facts.periods == ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
    # T-4 was closed in May, before the six periods: it is not reported on.
    assert refs(facts) == ["T-1", "T-2", "T-3"]
    by_ref = {task.ref: task for task in facts.tasks}
    latest = by_ref["T-1"].latest
    assert latest is not None
    assert (latest.status, latest.percent, latest.note, latest.period) == (
        Status.ON_TRACK, 40, "back on", PERIOD,
    )  # fmt: skip
    assert by_ref["T-1"].owner is not None
    assert by_ref["T-1"].owner.slack_id == "UALICE"
    assert by_ref["T-3"].owner is not None
    assert by_ref["T-3"].owner.name == "carol"


def test_status_counts_take_each_tasks_last_update_of_each_period(
    session: Session, world: World
) -> None:
    facts = fetch(session, world)
    assert facts.status_counts["2026-09"] == {Status.OFF_TRACK: 1}
    assert facts.status_counts["2026-10"] == {Status.AT_RISK: 1}
    assert facts.status_counts[PERIOD] == {Status.ON_TRACK: 1, Status.BLOCKED: 1}
    assert facts.status_counts["2026-06"] == {}


def test_who_reported_and_check_ins(session: Session, world: World) -> None:
    facts = fetch(session, world)
    assert facts.reporting[PERIOD] == {world.alice.id, world.bob.id}
    # T-3 now belongs to carol: its September update counts as hers.
    assert facts.reporting["2026-09"] == {world.carol.id}
    answered = {c.person_id: c.answered_at for c in facts.check_ins if c.period == PERIOD}
    assert answered == {world.alice.id: at(11, 4), world.bob.id: at(11, 5)}


def test_history_keeps_the_last_update_per_task_in_the_last_three_periods(
    session: Session, world: World
) -> None:
    facts = fetch(session, world)
    points = {(p.task_id, p.period): (p.status, p.percent) for p in facts.history}
    assert points == {
        (world.t3.id, "2026-09"): (Status.OFF_TRACK, None),
        (world.t1.id, "2026-10"): (Status.AT_RISK, 30),
        (world.t1.id, PERIOD): (Status.ON_TRACK, 40),
        (world.t2.id, PERIOD): (Status.BLOCKED, None),
    }


def test_reviews_in_the_next_thirty_days_only(session: Session, world: World) -> None:
    facts = fetch(session, world)
    assert [review.held_on for review in facts.reviews] == [date(2026, 12, 10)]


def test_budget_per_goal_sums_each_tasks_latest_spend(session: Session, world: World) -> None:
    goals = {goal.ref: goal for goal in fetch(session, world).goals}
    # T-1 reported 100 then 250 (and later nothing): 250 counts; T-2 spent 50.
    assert goals["G-1"].spent == Decimal("300.00")
    assert goals["G-1"].budget == Decimal(1000)
    assert goals["G-1"].task_budgets == Decimal("400.00")
    # T-4's spend counts although it closed long ago.
    assert goals["G-2"].spent == Decimal("500.00")
    assert goals["G-2"].allocated is None
    assert goals["G-2"].metric_target == 10


def test_a_team_holds_its_tasks_and_the_teamless_tasks_of_its_goals(
    session: Session, world: World
) -> None:
    facts = fetch(session, world, team_ids=frozenset({world.growth.id}))
    assert refs(facts) == ["T-1"]
    assert [goal.ref for goal in facts.goals] == ["G-1"]
    assert facts.goals[0].spent == Decimal("250.00")
    assert facts.status_counts[PERIOD] == {Status.ON_TRACK: 1}
    ops = fetch(session, world, team_ids=frozenset({world.ops.id}))
    assert refs(ops) == ["T-2", "T-3"]
    assert [goal.ref for goal in ops.goals] == ["G-1", "G-2"]


def test_narrowed_to_an_owner_a_goal_or_a_task(session: Session, world: World) -> None:
    assert refs(fetch(session, world, owner_ids=frozenset({world.bob.id}))) == ["T-2"]
    assert refs(fetch(session, world, goal_ids=frozenset({world.run.id}))) == ["T-3"]
    only = fetch(session, world, task_ids=frozenset({world.t2.id}))
    assert refs(only) == ["T-2"]
    assert [goal.ref for goal in only.goals] == ["G-1"]


def test_pending_acceptance_dates_from_the_last_assignment(session: Session, world: World) -> None:
    by_ref = {task.ref: task for task in fetch(session, world).tasks}
    assert by_ref["T-3"].acceptance == Acceptance.PENDING
    assert by_ref["T-3"].pending_since == at(11, 10)
    assert by_ref["T-1"].pending_since is None


def test_a_plan_of_another_workspace_is_refused(session: Session, world: World) -> None:
    scope = ReportScope(workspace_id="TOTHER", plan_id=world.plan.id or 0)
    with pytest.raises(NotFound, match="not in this workspace"):
        fetch_report_facts(session=session, scope=scope, period=PERIOD, today=TODAY)


# ---- a fixed number of statements -------------------------------------------------------


def _statements_for(engine: Engine, statements: list[str], *, workspace: str, tasks: int) -> int:
    with Session(engine) as session:
        seeded = seed_plan(session, workspace_id=workspace, tasks=tasks, period=PERIOD)
        session.commit()
        plan_id = seeded.plan.id or 0
    with Session(engine) as session:
        statements.clear()
        facts = fetch_report_facts(
            session=session,
            scope=ReportScope(workspace_id=workspace, plan_id=plan_id),
            period=PERIOD,
            today=TODAY,
        )
        assert len(facts.tasks) == tasks
        return len(statements)


def test_the_number_of_statements_does_not_grow_with_the_plan(
    engine: Engine, statements: list[str]
) -> None:
    small = _statements_for(engine, statements, workspace="TSMALL", tasks=10)
    large = _statements_for(engine, statements, workspace="TLARGE", tasks=2000)
    assert small == large == 10
