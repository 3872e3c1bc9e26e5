"""One round of every sweep: find what is owed, then claim, render and enqueue each item.

Finding reads in a short transaction of its own; each item is then claimed and enqueued
in its own transaction, so the ``CheckIn`` change and its outbox row commit together, a
failure costs one item (tried again next round), and two sweepers at once send each
thing once.
"""

import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.logs import log_context
from bot.settings import Settings
from bot.sweeps.metrics import SWEEP_ENQUEUED, SWEEP_SECONDS
from bot.sweeps.render import render_owed
from schedules.sweeps import Owed, SweepOptions, claim, find_owed
from schedules.sweeps.facts import workspaces
from storage.db import session_scope
from storage.models import Workspace
from storage.outbox import enqueue

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SweepReport:
    """What one round did: items found, messages enqueued by kind, items that failed, and
    whether it was cut short by a stop."""

    found: int = 0
    enqueued: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    stopped: bool = False

    @property
    def total_enqueued(self) -> int:
        return sum(self.enqueued.values())


def sweep_options(settings: Settings) -> SweepOptions:
    return SweepOptions(default_tz=settings.PILLAR_TIMEZONE, admins=settings.PILLAR_ADMINS)


def run_sweeps_once(
    *,
    engine: Engine,
    now: datetime,
    options: SweepOptions,
    should_stop: Callable[[], bool] = lambda: False,
) -> SweepReport:
    """Every sweep, for every workspace, at ``now`` (aware): each thing owed is enqueued once.

    ``should_stop`` is asked between items; what is left is found again next round. The
    round's duration goes to ``pillar_sweep_seconds``, labelled by how it ended.
    """
    round_id = f"sweep-{uuid.uuid4().hex[:8]}"  # ties together the log lines of one round
    started = time.perf_counter()
    outcome = "failed"
    with log_context(workspace=None, request=round_id):
        try:
            report = _sweep_round(
                engine=engine, now=now, options=options, should_stop=should_stop, round_id=round_id
            )
            outcome = "stopped" if report.stopped else "completed"
            return report
        finally:
            SWEEP_SECONDS.labels(outcome).observe(time.perf_counter() - started)


def _sweep_round(
    *,
    engine: Engine,
    now: datetime,
    options: SweepOptions,
    should_stop: Callable[[], bool],
    round_id: str,
) -> SweepReport:
    with Session(engine) as session:
        known = workspaces(session)
    enqueued: Counter[str] = Counter()
    found = failed = 0
    stopped = False
    for workspace in known:
        if stopped := should_stop():
            break
        with log_context(workspace=workspace.id, request=round_id):
            owed = _find(engine, workspace, now=now, options=options, alone=len(known) == 1)
            found += len(owed)
            for item in owed:
                if stopped := should_stop():
                    break
                try:
                    if _send(engine, item, now=now, options=options):
                        enqueued[item.kind] += 1
                        SWEEP_ENQUEUED.labels(item.kind).inc()
                except Exception:
                    failed += 1
                    log.exception(
                        "sweep item %s failed; it is tried again next round", item.dedupe_key
                    )
    if found:
        log.info("sweeps found %d owed, enqueued %s", found, dict(enqueued) or "nothing new")
    return SweepReport(found=found, enqueued=enqueued, failed=failed, stopped=stopped)


def _find(
    engine: Engine, workspace: Workspace, *, now: datetime, options: SweepOptions, alone: bool
) -> list[Owed]:
    with Session(engine, expire_on_commit=False) as session:
        return find_owed(
            session, workspace=workspace, now=now, options=options, only_workspace=alone
        )


def _send(engine: Engine, item: Owed, *, now: datetime, options: SweepOptions) -> bool:
    """Claim ``item`` and enqueue its message in one transaction; True if a row was added."""
    with session_scope(engine) as session:
        claimed = claim(session, item, now=now)
        if claimed is None:
            return False
        outgoing = render_owed(session, claimed, now=now, default_tz=options.default_tz)
        if outgoing is None:
            return False
        rendered = outgoing.message.to_dict()
        return enqueue(
            session=session,
            workspace_id=claimed.workspace_id,
            dedupe_key=claimed.dedupe_key,
            kind=claimed.kind,
            channel=outgoing.channel,
            text=rendered["text"],
            blocks=rendered["blocks"],
            metadata=outgoing.metadata or None,
            chart=outgoing.chart,
            now=now,
        )
