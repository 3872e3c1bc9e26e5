"""The scheduler is only a clock: it calls the sweeps shortly after start and then every
minute, on the one replica that leads. A replica that does not lead asks for the lead more
often than it sweeps, so that it takes over within seconds of the leader's death (and
sweeps at once) rather than at its next sweep.

APScheduler 3 runs the job in a background thread with an in-memory job store, so no
schedule is shared between processes (sharing is what the advisory lock is for). The job
has a fixed id and is replaced on restart, runs of it coalesce, at most one runs at once,
and a run that is late (the machine slept, the previous run was long) still happens
within ``misfire_grace_time``; the sweeps themselves catch up on whatever was missed.

A second, hourly job tidies (deletes rows that have served their purpose), also only on
the leader, in the same one-thread executor so that it never runs beside a sweep.
"""

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from schedules.leader import AlwaysLeader, Leadership

log = logging.getLogger(__name__)

SWEEP_JOB_ID = "pillar-sweeps"
LEADERSHIP_JOB_ID = "pillar-leadership"
TIDY_JOB_ID = "pillar-tidy"
DEFAULT_INTERVAL_SECONDS = 60
FIRST_RUN_AFTER_SECONDS = 5
LEADERSHIP_POLL_SECONDS = 10
MISFIRE_GRACE_SECONDS = 3600
TIDY_INTERVAL_SECONDS = 3600


class SweepScheduler:
    """Runs ``sweep`` every ``interval_seconds``, and ``tidy`` (if given) every
    ``tidy_interval_seconds``, while this process leads."""

    def __init__(
        self,
        *,
        sweep: Callable[[], object],
        leadership: Leadership | None = None,
        interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
        first_run_after_seconds: float = FIRST_RUN_AFTER_SECONDS,
        leadership_poll_seconds: float = LEADERSHIP_POLL_SECONDS,
        stopping: threading.Event | None = None,
        tidy: Callable[[], object] | None = None,
        tidy_interval_seconds: float = TIDY_INTERVAL_SECONDS,
    ) -> None:
        """``stopping`` is set when :meth:`stop` is called, so that a long sweep can end
        between two items instead of holding the shutdown up."""
        if interval_seconds <= 0:
            raise ValueError(f"the sweep interval must be positive, got {interval_seconds}s")
        if tidy_interval_seconds <= 0:
            raise ValueError(f"the tidy interval must be positive, got {tidy_interval_seconds}s")
        self._sweep = sweep
        self._leadership = leadership or AlwaysLeader()
        self._interval = interval_seconds
        self._first_run_after = first_run_after_seconds
        self._leadership_poll = leadership_poll_seconds
        self._tidy = tidy
        self._tidy_interval = tidy_interval_seconds
        self._scheduler: BackgroundScheduler | None = None
        self.stopping = stopping or threading.Event()
        self.runs = 0
        self.led = 0
        # Whether this process led when it last asked (for the leadership metric).
        self.leading = False

    def start(self) -> None:
        if self._scheduler is not None:
            return
        self.stopping.clear()
        scheduler = BackgroundScheduler(
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": MISFIRE_GRACE_SECONDS,
            },
            timezone=UTC,
        )
        # Wall-clock time on purpose: the scheduler only says "now is a good moment"; the
        # sweeps ask the injected clock what time it is.
        first_run = datetime.now(UTC) + timedelta(seconds=self._first_run_after)
        _every(scheduler, self.run_once, seconds=self._interval, job_id=SWEEP_JOB_ID,
               name="sweeps", first_run=first_run)  # fmt: skip
        if self._leadership_poll < self._interval:
            _every(scheduler, self.poll_leadership, seconds=self._leadership_poll,
                   job_id=LEADERSHIP_JOB_ID, name="sweep leadership")  # fmt: skip
        if self._tidy is not None:  # first after the first sweep
            after_sweep = first_run + timedelta(seconds=self._first_run_after)
            _every(scheduler, self.tidy_once, seconds=self._tidy_interval, job_id=TIDY_JOB_ID,
                   name="tidy", first_run=after_sweep)  # fmt: skip
        scheduler.start()
        self._scheduler = scheduler
        log.info("sweeps scheduled every %ss", self._interval)

    def run_once(self) -> bool:
        """One tick: sweep if this process leads; True if it did. Never raises."""
        self.runs += 1
        return self._ask() and self._sweep_now()

    def tidy_once(self) -> bool:
        """Tidy if there is a tidy and this process leads; True if it did. Never raises."""
        if self._tidy is None or not self._ask():
            return False
        try:
            self._tidy()
        except Exception:
            log.exception("tidying failed; it is tried again at its next hour")
            return False
        return True

    def poll_leadership(self) -> None:
        """Between sweeps: confirm the lead, or ask for it and sweep at once on taking over."""
        was_leading = self.leading
        if self._ask() and not was_leading:
            self._sweep_now()

    def _ask(self) -> bool:
        """Ask for (or confirm) the lead, and remember the answer. Never raises."""
        try:
            self.leading = self._leadership.is_leader()
        except Exception:
            log.exception("cannot tell whether this process leads; it does not sweep for now")
            self.leading = False
        return self.leading

    def _sweep_now(self) -> bool:
        self.led += 1
        try:
            self._sweep()
        except Exception:
            log.exception("a sweep round failed; the next one tries again")
            return False
        return True

    def stop(self) -> None:
        self.stopping.set()
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        self._leadership.release()
        self.leading = False

    def job(self, job_id: str = SWEEP_JOB_ID) -> Job | None:
        """A scheduled job (the sweeps' by default), for inspection; None when there is none."""
        return self._scheduler.get_job(job_id) if self._scheduler is not None else None

    @property
    def running(self) -> bool:
        return self._scheduler is not None and bool(self._scheduler.running)


def _every(
    scheduler: BackgroundScheduler,
    action: Callable[[], object],
    *,
    seconds: float,
    job_id: str,
    name: str,
    first_run: datetime | None = None,
) -> None:
    """Run ``action`` every ``seconds`` (first at ``first_run``, else one interval from now)."""
    first = {} if first_run is None else {"next_run_time": first_run}
    trigger = IntervalTrigger(seconds=seconds, timezone=UTC)
    scheduler.add_job(action, trigger=trigger, id=job_id, name=name, replace_existing=True,
                      **first)  # fmt: skip
