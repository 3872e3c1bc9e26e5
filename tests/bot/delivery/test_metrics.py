"""Delivery metrics: the backlog read at scrape time, and outcome counters."""

from typing import Any

from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from bot.delivery import OutboxCollector
from bot.delivery.metrics import DELIVERIES
from bot.standin import Fault, SlackStandIn
from storage.db import make_engine


def _scrape(engine: Engine, clock: Any) -> str:
    registry = CollectorRegistry()
    registry.register(OutboxCollector(engine=engine, clock=clock))
    return generate_latest(registry).decode()


def test_the_backlog_by_status_and_its_age(
    engine: Engine, put: Any, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    assert 'pillar_outbox_rows{status="pending"} 0.0' in _scrape(engine, clock)
    assert "pillar_outbox_oldest_undelivered_seconds 0.0" in _scrape(engine, clock)

    put("sent-one")
    make_deliverer().run_once()
    put("waiting", now=clock.now())
    clock.advance(90)

    text = _scrape(engine, clock)
    assert 'pillar_outbox_rows{status="pending"} 1.0' in text
    assert 'pillar_outbox_rows{status="sent"} 1.0' in text
    assert 'pillar_outbox_rows{status="dead"} 0.0' in text
    assert "pillar_outbox_oldest_undelivered_seconds 90.0" in text


def test_outcomes_are_counted(put: Any, make_deliverer: Any, slack: SlackStandIn) -> None:
    before = {o: DELIVERIES.labels(o)._value.get() for o in ("sent", "dead", "retried")}
    slack.faults.script("chat.postMessage", [None, Fault.server_error()])
    put("a", channel="C1")
    put("b", channel="C2")
    put("c", channel="C404")
    make_deliverer().run_once()
    after = {o: DELIVERIES.labels(o)._value.get() for o in ("sent", "dead", "retried")}
    assert {o: after[o] - before[o] for o in after} == {"sent": 1, "dead": 1, "retried": 1}


def test_an_unreachable_database_yields_no_backlog_rather_than_an_error(clock: Any) -> None:
    broken = make_engine(
        "postgresql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    assert "pillar_outbox_rows" not in _scrape(broken, clock)
