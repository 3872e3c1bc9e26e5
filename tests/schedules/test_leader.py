"""One sweeper at a time on PostgreSQL; a new one takes over when the holder dies."""

import logging
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from schedules.leader import (
    KEEPALIVES,
    SWEEP_LOCK_KEY,
    AdvisoryLockLeader,
    AlwaysLeader,
    leadership_for,
)
from storage.db import is_postgresql, make_engine


@pytest.fixture
def pg(engine: Engine) -> Engine:
    if not is_postgresql(engine):
        pytest.skip("advisory locks need PostgreSQL (set PILLAR_TEST_DATABASE_URL)")
    return engine


@pytest.fixture
def replicas(pg: Engine) -> Iterator[Callable[[], AdvisoryLockLeader]]:
    """Leaders as other processes would hold them: each with an engine of its own."""
    engines: list[Engine] = []
    leaders: list[AdvisoryLockLeader] = []

    def make() -> AdvisoryLockLeader:
        engines.append(make_engine(pg.url.render_as_string(hide_password=False)))
        leaders.append(AdvisoryLockLeader(engines[-1]))
        return leaders[-1]

    yield make
    for leader in leaders:
        leader.release()
    for engine in engines:
        engine.dispose()


def test_sqlite_has_one_sweeper_always(engine: Engine) -> None:
    if is_postgresql(engine):
        assert isinstance(leadership_for(engine), AdvisoryLockLeader)
    else:
        leader = leadership_for(engine)
        assert isinstance(leader, AlwaysLeader)
        assert leader.is_leader()


def test_only_one_replica_leads_and_the_next_takes_over_on_release(
    replicas: Callable[[], AdvisoryLockLeader],
) -> None:
    first, second = replicas(), replicas()
    assert first.is_leader()
    assert first.is_leader()  # re-checked, still held
    assert not second.is_leader()
    first.release()
    assert second.is_leader()
    assert not first.is_leader()


def test_a_replica_that_never_led_asks_again_without_crying_loss(
    replicas: Callable[[], AdvisoryLockLeader], caplog: pytest.LogCaptureFixture
) -> None:
    first, second = replicas(), replicas()
    assert first.is_leader()
    with caplog.at_level(logging.INFO, logger="schedules.leader"):
        assert [second.is_leader() for _ in range(3)] == [False, False, False]
    assert caplog.records == []
    first.release()
    with caplog.at_level(logging.INFO, logger="schedules.leader"):
        assert second.is_leader()
    assert [record.getMessage() for record in caplog.records] == [
        "this process now runs the sweeps"
    ]


def test_the_lock_connection_has_keepalives_so_a_vanished_holder_frees_it(
    replicas: Callable[[], AdvisoryLockLeader],
) -> None:
    leader = replicas()
    assert leader.is_leader()
    connection = leader._connection  # the lock's own connection, checked out for good
    assert connection is not None
    over_tcp = connection.execute(sa.text("SELECT inet_client_addr() IS NOT NULL")).scalar()
    settings = {name: connection.execute(sa.text(f"SHOW {name}")).scalar() for name in KEEPALIVES}
    connection.rollback()
    if not over_tcp:
        pytest.skip("keepalives apply to TCP connections (the test database is on a socket)")
    assert settings == KEEPALIVES
    assert leader.is_leader()  # the checks above did not disturb the lock


def test_a_dead_holder_is_replaced(pg: Engine, replicas: Callable[[], AdvisoryLockLeader]) -> None:
    first, second = replicas(), replicas()
    assert first.is_leader()
    assert not second.is_leader()
    # The holder's session ends as if its process died; the call returns once it has
    # (without a timeout it returns at once, and the lock may still be held a moment).
    with pg.connect() as admin:
        admin.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "
                "WHERE locktype = 'advisory' "
                "AND objid = :key AND granted"
            ),
            {"key": SWEEP_LOCK_KEY},
        )
        admin.commit()
    assert second.is_leader()
    # The old holder notices that it lost the lock and does not sweep.
    assert not first.is_leader()
