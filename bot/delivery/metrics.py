"""Prometheus metrics for delivery, served on ``/metrics``.

Counters are bumped by the deliverers of this process; :class:`OutboxCollector` reads
the backlog from the database at each scrape, so every replica reports the same totals.
"""

import logging
from collections.abc import Iterable

import sqlalchemy as sa
from prometheus_client import Counter
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.delivery.config import Clock
from storage import outbox

log = logging.getLogger(__name__)

DELIVERIES = Counter(
    "pillar_outbox_deliveries",
    "Outbox rows handled by deliverers, by outcome (sent, retried, dead, deferred, lost) "
    "and kind of message.",
    ["outcome", "kind"],
)
RATE_LIMITED = Counter(
    "pillar_slack_rate_limited",
    "HTTP 429 answers from Slack, by Web API method.",
    ["method"],
)


class OutboxCollector(Collector):
    """Rows by status and the age of the oldest undelivered one, read at scrape time.

    Register once per process: ``REGISTRY.register(OutboxCollector(engine=…, clock=…))``.
    """

    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def collect(self) -> Iterable[Metric]:
        try:
            with Session(self._engine) as session:
                counts = outbox.count_by_status(session=session)
                oldest = outbox.oldest_undelivered_at(session=session)
        except sa.exc.SQLAlchemyError:
            # A scrape must not fail because the database is away; /healthz reports that.
            log.warning("could not read the outbox for metrics")
            return
        rows = GaugeMetricFamily("pillar_outbox_rows", "Outbox rows by status.", labels=["status"])
        for status, count in counts.items():
            rows.add_metric([status.value], count)
        yield rows
        age = (self._clock.now() - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "pillar_outbox_oldest_undelivered_seconds",
            "How long the oldest pending or in-flight message has waited (0 when none).",
            value=max(age, 0.0),
        )
