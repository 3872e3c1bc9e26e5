"""Delivery metrics: the backlog read at scrape time, and outcome counters."""

from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from bot.delivery import OutboxCollector
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


def _deliveries(outcome: str, kind: str) -> float:
    labels = {"outcome": outcome, "kind": kind}
    return REGISTRY.get_sample_value("pillar_outbox_deliveries_total", labels) or 0.0


def test_outcomes_are_counted_by_kind(put: Any, make_deliverer: Any, slack: SlackStandIn) -> None:
    pairs = [(o, k) for o in ("sent", "retried", "dead") for k in ("checkin", "nudge", "digest")]
    before = {pair: _deliveries(*pair) for pair in pairs}
    slack.faults.script("chat.postMessage", [None, Fault.server_error()])
    put("a", channel="C1", kind="checkin")
    put("b", channel="C2", kind="nudge")
    put("c", channel="C404", kind="digest")
    make_deliverer().run_once()
    changed = {pair: _deliveries(*pair) - before[pair] for pair in pairs}
    assert {pair: change for pair, change in changed.items() if change} == {
        ("sent", "checkin"): 1,
        ("retried", "nudge"): 1,
        ("dead", "digest"): 1,
    }


def test_an_unreachable_database_yields_no_backlog_rather_than_an_error(clock: Any) -> None:
    broken = make_engine(
        "postgresql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    assert "pillar_outbox_rows" not in _scrape(broken, clock)
