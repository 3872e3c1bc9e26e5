"""The digest's facts, counted in SQL, against the same worked out in Python from the whole
report (tests/storage/reports/reference.py), on SQLite or PostgreSQL."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from schedules.digest import Digest, assemble_digest
from storage.reports import ReportScope, fetch_report_facts
from storage.reports.digest import LIST_HEAD, fetch_digest_facts
from tests.storage.reports.reference import digest_facts_of
from tests.storage.reports.seed import seed_plan
from tests.storage.reports.varied import Varied, seed_varied

DAYS = (
    ("2026-11", date(2026, 11, 9)),
    ("2026-12", date(2026, 12, 3)),
    ("2026-10", date(2026, 11, 2)),
    ("2026-09", date(2026, 9, 30)),
)


def digests(session: Session, scope: ReportScope, period: str, today: date) -> tuple[Digest, ...]:
    """The digest from the SQL facts, and from the reference."""
    fast = fetch_digest_facts(session=session, scope=scope, period=period, today=today)
    whole = fetch_report_facts(session=session, scope=scope, period=period, today=today)
    return tuple(
        assemble_digest(facts, period=period, today=today, scope_name="Scope")
        for facts in (fast, digest_facts_of(whole))
    )


@pytest.fixture
def varied(session: Session) -> Varied:
    seeded = seed_varied(session, workspace_id="TVARIED", seed=7)
    session.commit()
    return seeded


def _scopes(varied: Varied) -> list[dict[str, Any]]:
    teams, goals, people, tasks = (
        varied.team_ids,
        varied.goal_ids,
        varied.person_ids,
        varied.task_ids,
    )
    return [
        {},
        {"team_ids": frozenset(teams[:1])},
        {"team_ids": frozenset(teams[1:])},
        {"owner_ids": frozenset(people[:6])},
        {"goal_ids": frozenset(goals[:2])},
        {"task_ids": frozenset(tasks[:40])},
        {"team_ids": frozenset(teams[:1]), "owner_ids": frozenset(people[:15])},
    ]


def test_every_scope_and_day_gives_the_digest_the_whole_report_gives(
    session: Session, varied: Varied
) -> None:
    compared = 0
    for narrowing in _scopes(varied):
        scope = ReportScope(workspace_id=varied.workspace_id, plan_id=varied.plan_id, **narrowing)
        for period, today in DAYS:
            fast, reference = digests(session, scope, period, today)
            assert fast == reference, (narrowing, period)
            compared += bool(fast.attention.total and fast.unreported.total and fast.stale.total)
    assert compared > 5  # the plan is rich enough for the comparison to mean something


def test_long_lists_keep_their_head_and_count_the_rest(engine: Engine) -> None:
    with Session(engine) as session:
        seeded = seed_plan(session, workspace_id="TLONG", tasks=300, period="2026-11")
        session.commit()
        scope = ReportScope(workspace_id="TLONG", plan_id=seeded.plan.id or 0)
        fast, reference = digests(session, scope, "2026-11", date(2026, 11, 23))
    assert fast == reference
    assert fast.open_tasks.total == 240
    assert len(fast.open_tasks.first) == LIST_HEAD
    assert fast.attention.total > LIST_HEAD


def _statements_for(
    engine: Engine, statements: list[str], *, workspace: str, tasks: int
) -> tuple[int, int]:
    """How many statements the first digest runs (it keeps the past periods' figures),
    and how many the next one does."""
    with Session(engine) as session:
        seeded = seed_plan(session, workspace_id=workspace, tasks=tasks, period="2026-11")
        session.commit()
        plan_id = seeded.plan.id or 0
    counts = []
    with Session(engine) as session:
        for _ in range(2):
            statements.clear()
            facts = fetch_digest_facts(
                session=session,
                scope=ReportScope(workspace_id=workspace, plan_id=plan_id),
                period="2026-11",
                today=date(2026, 11, 23),
            )
            assert facts.tasks == tasks
            counts.append(len(statements))
    return counts[0], counts[1]


def test_the_number_of_statements_does_not_grow_with_the_plan(
    engine: Engine, statements: list[str]
) -> None:
    small = _statements_for(engine, statements, workspace="TSMALL", tasks=10)
    large = _statements_for(engine, statements, workspace="TLARGE", tasks=2000)
    assert small == large == (10, 9)
