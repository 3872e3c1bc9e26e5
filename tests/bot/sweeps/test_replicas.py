"""Replicas in separate processes on one PostgreSQL: one sweeps at a time, another takes
over when it is killed, and every message of the month is owed exactly once."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.bot.sweeps.world import build_world, rows

ROOT = Path(__file__).resolve().parents[3]
CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SIMULATED_START = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
SIMULATED_END = datetime(2026, 12, 9, 0, 0, tzinfo=UTC)
REAL_SECONDS = 12.0
STARTUP_SECONDS = 120.0

# A replica: simulated time runs from START to END in REAL_SECONDS of wall time, from the
# same wall-clock origin in every replica; each tick sweeps only while holding the lock.
# The origin is handed over in a file once every replica has started (starting takes
# seconds on a loaded machine).
_REPLICA = textwrap.dedent(
    """
    import os, sys, time
    from datetime import datetime
    from pathlib import Path
    from bot.sweeps import run_sweeps_once
    from schedules.leader import AdvisoryLockLeader
    from schedules.runner import SweepScheduler
    from schedules.sweeps import SweepOptions
    from storage.db import make_engine

    url, start, end, seconds, flags = sys.argv[1:6]
    seconds = float(seconds)
    start, end = datetime.fromisoformat(start), datetime.fromisoformat(end)
    speed = (end - start) / seconds
    engine = make_engine(url)
    Path(flags, f"ready-{os.getpid()}").touch()
    while not Path(flags, "go").exists():
        time.sleep(0.02)
    origin = float(Path(flags, "go").read_text())

    def simulated_now():
        return start + (time.time() - origin) * speed

    def sweep():
        Path(flags, f"leader-{__import__('os').getpid()}").touch()
        report = run_sweeps_once(engine=engine, now=simulated_now(), options=SweepOptions())
        assert report.failed == 0, report

    scheduler = SweepScheduler(sweep=sweep, leadership=AdvisoryLockLeader(engine))
    while simulated_now() <= end:
        scheduler.run_once()
        time.sleep(0.02)
    scheduler.stop()
    print(scheduler.led)
    """
)


def _go_when_ready(flags: Path, *, replicas: int, timeout: float = STARTUP_SECONDS) -> float:
    """Wait until every replica has started, then hand them the common origin."""
    deadline = time.monotonic() + timeout
    while len(list(flags.glob("ready-*"))) < replicas:
        if time.monotonic() > deadline:
            raise AssertionError(f"the replicas did not start within {timeout}s")
        time.sleep(0.05)
    origin = time.time() + 0.5
    handed = flags / "go.tmp"
    handed.write_text(str(origin))
    handed.rename(flags / "go")  # at once: a replica never reads half of it
    return origin


def test_a_killed_leader_is_replaced_and_nothing_is_owed_twice(
    engine: Engine, tmp_path: Path
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("replicas share a PostgreSQL database (set PILLAR_TEST_DATABASE_URL)")
    build_world(engine, created_at=CREATED)
    url = engine.url.render_as_string(hide_password=False)
    arguments = [
        url, SIMULATED_START.isoformat(), SIMULATED_END.isoformat(), str(REAL_SECONDS),
        str(tmp_path),
    ]  # fmt: skip
    replicas = [
        subprocess.Popen(
            [sys.executable, "-c", _REPLICA, *arguments],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        origin = _go_when_ready(tmp_path, replicas=3)
        # Let the first leader send the prompts, then kill it (around 3 December).
        time.sleep(origin + REAL_SECONDS * 0.3 - time.time())
        leaders = {int(flag.name.split("-")[1]) for flag in tmp_path.glob("leader-*")}
        assert len(leaders) == 1
        first_leader = leaders.pop()
        os.kill(first_leader, signal.SIGKILL)
        outputs = [replica.communicate(timeout=120) for replica in replicas]
    finally:
        for replica in replicas:
            if replica.poll() is None:
                replica.kill()
    survivors = [
        (replica, output) for replica, output in zip(replicas, outputs, strict=True)
        if replica.pid != first_leader
    ]  # fmt: skip
    for replica, (_, stderr) in survivors:
        assert replica.returncode == 0, stderr[-2000:]
    leaders_after = {int(flag.name.split("-")[1]) for flag in tmp_path.glob("leader-*")}
    assert len(leaders_after) == 2  # exactly one survivor took over
    assert Counter(row.kind for row in rows(engine)) == {"checkin": 3, "nudge": 6, "escalation": 1}
