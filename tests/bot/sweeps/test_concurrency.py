"""Two sweepers at once (as two replicas would be with two leaders): each thing sent once."""

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.sweeps import run_sweeps_once
from storage.db import make_engine
from storage.models import CheckIn
from tests.bot.sweeps.world import OPTIONS, TOKYO, build_world, rows

CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SWEEPERS = 2


@pytest.fixture
def replica_engines(engine: Engine) -> Iterator[list[Engine]]:
    """One engine per sweeper, as separate processes would have."""
    url = engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(SWEEPERS)]
    yield engines
    for each in engines:
        each.dispose()


def _sweep_together(engines: list[Engine], moments: list[datetime]) -> list[int]:
    """Every sweeper runs at each moment, released together; their failure counts."""
    barrier = threading.Barrier(len(engines))
    failures = [0] * len(engines)
    errors: list[BaseException] = []

    def sweeper(index: int) -> None:
        try:
            for moment in moments:
                barrier.wait(timeout=60)
                failures[index] += run_sweeps_once(
                    engine=engines[index], now=moment, options=OPTIONS
                ).failed
        except BaseException as error:  # surfaced below, with the other thread released
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=sweeper, args=(i,)) for i in range(len(engines))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not errors, errors
    return failures


def test_two_sweepers_at_once_send_each_thing_once(
    engine: Engine, replica_engines: list[Engine]
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("replicas share a PostgreSQL database (set PILLAR_TEST_DATABASE_URL)")
    world = build_world(engine, created_at=CREATED)
    world.add_task(TOKYO, "Hire a country lead", due_on=date(2026, 12, 2))
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    moments = [start + timedelta(minutes=30 * step) for step in range(9 * 48)]
    assert _sweep_together(replica_engines, moments) == [0] * SWEEPERS
    by_kind = Counter(row.kind for row in rows(engine))
    assert by_kind == {"checkin": 3, "nudge": 6, "escalation": 1, "overdue": 1}
    with Session(engine) as session:
        check_ins = session.exec(select(CheckIn)).all()
    assert len(check_ins) == 3
    assert {c.nudges_sent for c in check_ins} == {2}
    assert all(c.escalated_at is not None for c in check_ins)
