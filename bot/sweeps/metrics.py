"""Prometheus metrics of the sweeps: how long a round takes, what it enqueues, who sweeps.

The round and enqueue counters are process-wide like the delivery ones; leadership belongs
to one scheduler, so :class:`LeadershipCollector` is registered with the app's own registry.
"""

from collections.abc import Iterable

from prometheus_client import Counter, Histogram
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from schedules.runner import SweepScheduler

SWEEP_SECONDS = Histogram(
    "pillar_sweep_seconds",
    "Time one round of every sweep took, by how it ended (completed, stopped, failed).",
    ["outcome"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
SWEEP_ENQUEUED = Counter(
    "pillar_sweep_enqueued",
    "Messages the sweeps put in the outbox, by kind.",
    ["kind"],
)


class LeadershipCollector(Collector):
    """``pillar_sweep_leader``: 1 while this process runs the sweeps, else 0.

    As of the last time the scheduler asked: at each sweep and, between sweeps, every
    ``LEADERSHIP_POLL_SECONDS``. A process that does not schedule sweeps never leads.
    """

    def __init__(self, *, scheduler: SweepScheduler | None) -> None:
        self._scheduler = scheduler

    def collect(self) -> Iterable[Metric]:
        leading = self._scheduler is not None and self._scheduler.leading
        yield GaugeMetricFamily(
            "pillar_sweep_leader",
            "1 when this process holds the sweep lock and runs the sweeps, else 0.",
            value=1.0 if leading else 0.0,
        )
