"""Sweep metrics after real rounds: their duration by outcome, what they enqueued by kind,
and whether this process leads."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY, CollectorRegistry
from sqlalchemy.engine import Engine

from bot.sweeps import run_sweeps_once
from bot.sweeps.metrics import LeadershipCollector
from schedules.leader import AdvisoryLockLeader
from schedules.runner import SweepScheduler
from storage.db import is_postgresql, make_engine
from tests.bot.sweeps.world import OPTIONS, build_world

CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# 09:00 in Tokyo on the first business day of December: Tokyo's check-in opens.
TOKYO_OPENS = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)


def _rounds(outcome: str) -> float:
    return REGISTRY.get_sample_value("pillar_sweep_seconds_count", {"outcome": outcome}) or 0.0


def _seconds(outcome: str) -> float:
    return REGISTRY.get_sample_value("pillar_sweep_seconds_sum", {"outcome": outcome}) or 0.0


def _enqueued(kind: str) -> float:
    return REGISTRY.get_sample_value("pillar_sweep_enqueued_total", {"kind": kind}) or 0.0


def _leader(collector: LeadershipCollector) -> float | None:
    registry = CollectorRegistry()
    registry.register(collector)
    return registry.get_sample_value("pillar_sweep_leader")


def test_a_round_is_timed_and_what_it_enqueued_is_counted_by_kind(engine: Engine) -> None:
    build_world(engine, created_at=CREATED)
    rounds, seconds, checkins = _rounds("completed"), _seconds("completed"), _enqueued("checkin")
    report = run_sweeps_once(engine=engine, now=TOKYO_OPENS, options=OPTIONS)
    assert report.enqueued == {"checkin": 1}
    assert _rounds("completed") == rounds + 1
    assert _seconds("completed") > seconds
    assert _enqueued("checkin") == checkins + 1
    # Nothing more is owed a moment later: a round that enqueues nothing is still timed.
    run_sweeps_once(engine=engine, now=TOKYO_OPENS, options=OPTIONS)
    assert _rounds("completed") == rounds + 2
    assert _enqueued("checkin") == checkins + 1


def test_a_stopped_round_and_a_failed_round_are_labelled_so(engine: Engine) -> None:
    build_world(engine, created_at=CREATED)
    completed, stopped, failed = _rounds("completed"), _rounds("stopped"), _rounds("failed")
    report = run_sweeps_once(
        engine=engine, now=TOKYO_OPENS, options=OPTIONS, should_stop=lambda: True
    )
    assert report.stopped
    assert report.total_enqueued == 0
    unreachable = make_engine(
        "postgresql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    with pytest.raises(sa.exc.OperationalError):
        run_sweeps_once(engine=unreachable, now=TOKYO_OPENS, options=OPTIONS)
    assert (_rounds("completed"), _rounds("stopped"), _rounds("failed")) == (
        completed,
        stopped + 1,
        failed + 1,
    )


class _Switch:
    """Leadership that is held or not as the test says."""

    def __init__(self) -> None:
        self.leads = False

    def is_leader(self) -> bool:
        return self.leads

    def release(self) -> None:
        self.leads = False


def test_the_leadership_gauge_follows_the_last_tick() -> None:
    switch = _Switch()
    scheduler = SweepScheduler(sweep=lambda: None, leadership=switch)
    gauge = LeadershipCollector(scheduler=scheduler)
    assert _leader(gauge) == 0.0  # not asked yet
    switch.leads = True
    scheduler.run_once()
    assert _leader(gauge) == 1.0
    switch.leads = False
    scheduler.run_once()
    assert _leader(gauge) == 0.0
    switch.leads = True
    scheduler.run_once()
    scheduler.stop()
    assert _leader(gauge) == 0.0
    assert _leader(LeadershipCollector(scheduler=None)) == 0.0


def test_a_leader_that_cannot_tell_does_not_count_as_leading() -> None:
    class Broken:
        def is_leader(self) -> bool:
            raise RuntimeError("lost the database")

        def release(self) -> None:
            return None

    scheduler = SweepScheduler(sweep=lambda: None, leadership=Broken())
    scheduler.leading = True  # as if the tick before had led
    assert scheduler.run_once() is False
    assert _leader(LeadershipCollector(scheduler=scheduler)) == 0.0


@pytest.fixture
def replica_engines(engine: Engine) -> Iterator[Callable[[], Engine]]:
    if not is_postgresql(engine):
        pytest.skip("the sweep lock needs PostgreSQL (set PILLAR_TEST_DATABASE_URL)")
    made: list[Engine] = []

    def make() -> Engine:
        made.append(make_engine(engine.url.render_as_string(hide_password=False)))
        return made[-1]

    yield make
    for each in made:
        each.dispose()


def test_on_postgresql_one_replica_shows_1_and_the_other_takes_over(
    engine: Engine, replica_engines: Callable[[], Engine]
) -> None:
    build_world(engine, created_at=CREATED)
    schedulers = [
        SweepScheduler(
            sweep=lambda: run_sweeps_once(engine=engine, now=TOKYO_OPENS, options=OPTIONS),
            leadership=AdvisoryLockLeader(replica_engines()),
        )
        for _ in range(2)
    ]
    first, second = schedulers
    gauges = [LeadershipCollector(scheduler=scheduler) for scheduler in schedulers]
    rounds = _rounds("completed")
    assert (first.run_once(), second.run_once()) == (True, False)
    assert [_leader(gauge) for gauge in gauges] == [1.0, 0.0]
    assert _rounds("completed") == rounds + 1  # only the leader swept
    first.stop()  # releases the lock
    assert second.run_once() is True
    assert [_leader(gauge) for gauge in gauges] == [0.0, 1.0]
    second.stop()
