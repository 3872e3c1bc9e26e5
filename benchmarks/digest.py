"""Time a team's monthly digest over a large plan: the report queries, the assembly and
the Block Kit rendering together, and the chart on its own.

A fresh database (a SQLite file, or the PostgreSQL database given, whose public schema is
dropped and re-created) is migrated and loaded with bulk inserts, straight into the
tables: one team of --tasks tasks (a tenth of them done, one in twenty still waiting for
its owner's yes) under 20 goals, owned by --people people, each task with one progress
update in each of the --months months ending with 2026-11 (10,000 tasks and 12 months
give 120,000 updates), the audit trail recording them would leave (a line per task and
per update), a check-in per person and month, and a few review dates. The first digest,
timed on its own, sums the five months before 2026-11 and keeps their figures (as the
first digest after each month would have). Then, --runs times each: fetch the facts,
assemble and render the digest exactly as the window-close sweep does (the chart
excluded); and draw the chart's PNG.
Peak memory is Python's own allocations during one digest (tracemalloc), and the
process's maximum resident size at the end. The time of each SQL statement (until the
driver returns from executing it) is summed per report function that ran it; the
machine's load average is printed before and after.

    python benchmarks/digest.py [--tasks 10000 --months 12 --people 500 --runs 7]
        [--database postgresql://postgres@127.0.0.1:5432/bench]
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.reports.chart import render_status_chart  # noqa: E402
from bot.reports.chart_payload import digest_chart  # noqa: E402
from bot.views.digest import render_digest  # noqa: E402
from schedules.digest import Digest, assemble_digest  # noqa: E402
from storage.crud import mark_latest_updates  # noqa: E402
from storage.db import is_postgresql, make_engine  # noqa: E402
from storage.enums import PlanState, Source, Status, TaskState  # noqa: E402
from storage.models import (  # noqa: E402
    AuditLog,
    CheckIn,
    Goal,
    Person,
    Plan,
    ProgressUpdate,
    ReviewDate,
    Task,
    Team,
    TeamManager,
    Workspace,
)
from storage.periods import period_bounds, recent_periods  # noqa: E402
from storage.reports import ReportScope  # noqa: E402
from storage.reports.digest import fetch_digest_facts  # noqa: E402
from storage.schema import upgrade  # noqa: E402

WORKSPACE = "T0BENCH"
PERIOD = "2026-11"
TODAY = date(2026, 11, 9)
CHUNK = 5000
STATUSES = (Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.BLOCKED)


@dataclass(frozen=True)
class DigestFigures:
    """Seconds of each timed digest (the chart left out) and of each chart, and memory."""

    backend: str
    digest_seconds: tuple[float, ...]
    chart_seconds: tuple[float, ...]
    peak_traced_bytes: int
    max_resident_kib: int


def main(argv: Sequence[str] | None = None) -> int:
    run(argv)
    return 0


def run(argv: Sequence[str] | None = None) -> DigestFigures:
    """Parse ``argv``, seed, measure, print the figures and return them."""
    arguments = _arguments(argv)
    with _database(arguments.database) as engine:
        started = time.perf_counter()
        scope = seed(engine, tasks=arguments.tasks, months=arguments.months,
                     people=arguments.people)  # fmt: skip
        print(f"seeded in {time.perf_counter() - started:.1f} s: {_counts(engine)}")
        started = time.perf_counter()
        digest = team_digest(engine, scope)  # the first: sums the months gone by and keeps them
        first = time.perf_counter() - started
        chart = digest_chart(digest, month="November 2026")
        for phase in PHASES.values():
            phase.clear()  # the warm-up does not count
        print(f"load average before: {_load()}")
        with StatementClock(engine) as statements:
            digest_times = _timed(lambda: team_digest(engine, scope), runs=arguments.runs)
        print(f"load average after: {_load()}")
        phases = {name: list(times) for name, times in PHASES.items()}
        chart_times = _timed(
            lambda: render_status_chart(digest.series, title=chart["title"]), runs=arguments.runs
        )
        png = render_status_chart(digest.series, title=chart["title"])
        peak = _traced_peak(lambda: team_digest(engine, scope))
        backend = "PostgreSQL" if is_postgresql(engine) else "SQLite"
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"digest: {digest.open_tasks.total} open tasks, {len(digest.series)} months charted")
    print(f"first digest (sums and keeps the {len(digest.series) - 1} months before): "
          f"{first * 1000:.0f} ms")  # fmt: skip
    _report("fetch + assemble + render", digest_times)
    for name, times in phases.items():
        _report(f"  of which {name}", times)
    print(f"SQL statements per digest: {statements.per_digest(arguments.runs)}")
    for name, times in statements.by_function(arguments.runs).items():
        _report(f"  {name}", times)
    _report(f"chart ({len(png) / 1024:.0f} KiB PNG)", chart_times)
    print(f"peak traced memory during one digest: {peak / 2**20:.1f} MiB")
    print(f"maximum resident size of the process: {maxrss_kib / 1024:.0f} MiB")
    return DigestFigures(
        backend=backend,
        digest_seconds=tuple(digest_times),
        chart_seconds=tuple(chart_times),
        peak_traced_bytes=peak,
        max_resident_kib=maxrss_kib,
    )


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a new SQLite file)")
    return parser.parse_args(argv)


class _database:
    """A fresh, migrated database, disposed of afterwards."""

    def __init__(self, url: str | None) -> None:
        self._url = url
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._engine: Engine | None = None

    def __enter__(self) -> Engine:
        if self._url is None:
            self._directory = tempfile.TemporaryDirectory(prefix="pillar-bench-")
            url = f"sqlite:///{os.path.join(self._directory.name, 'bench.db')}"
        else:
            url = self._url
        engine = make_engine(url)
        if is_postgresql(engine):
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE"))
                connection.execute(sa.text("CREATE SCHEMA public"))
        upgrade(engine)
        self._engine = engine
        return engine

    def __exit__(self, *_exc: object) -> None:
        if self._engine is not None:
            self._engine.dispose()
        if self._directory is not None:
            self._directory.cleanup()


PHASES: dict[str, list[float]] = {"fetch": [], "assemble": [], "render": []}


def team_digest(engine: Engine, scope: ReportScope) -> Digest:
    """What the window-close sweep does for one team, the chart left out."""
    started = time.perf_counter()
    with Session(engine) as session:
        facts = fetch_digest_facts(session=session, scope=scope, period=PERIOD, today=TODAY)
        session.commit()  # as the sweep does: it keeps the figures of months gone by
    fetched = time.perf_counter()
    digest = assemble_digest(facts, period=PERIOD, today=TODAY, scope_name="Growth")
    assembled = time.perf_counter()
    render_digest(digest).to_dict()
    rendered = time.perf_counter()
    PHASES["fetch"].append(fetched - started)
    PHASES["assemble"].append(assembled - fetched)
    PHASES["render"].append(rendered - assembled)
    return digest


# ---- seeding ----------------------------------------------------------------------------


def seed(engine: Engine, *, tasks: int, months: int, people: int) -> ReportScope:
    periods = recent_periods(PERIOD, months)
    created = period_bounds(periods[0])[0] - timedelta(days=10)
    with engine.begin() as connection:
        workspace = _row(id=WORKSPACE, name="Bench", settings={}, created_at=created)
        connection.execute(sa.insert(Workspace), [workspace])
        person_ids = _insert(connection, Person, [
            _row(workspace_id=WORKSPACE, slack_user_id=f"U{n:08d}", name=f"Person {n}",
                 tz="Europe/Berlin", created_at=created)
            for n in range(people)
        ])  # fmt: skip
        [plan_id] = _insert(connection, Plan, [_row(workspace_id=WORKSPACE, name="FY2026",
            starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), state=PlanState.ACTIVE,
            created_at=created)])  # fmt: skip
        [team_id] = _insert(connection, Team, [_row(workspace_id=WORKSPACE, name="Growth",
            channel_id="CGROWTH", settings={}, created_at=created)])  # fmt: skip
        connection.execute(sa.insert(TeamManager), [
            {"team_id": team_id, "person_id": person_ids[0], "workspace_id": WORKSPACE}
        ])  # fmt: skip
        goal_ids = _insert(connection, Goal, [
            _row(workspace_id=WORKSPACE, number=n + 1, plan_id=plan_id, title=f"Goal {n + 1}",
                 team_id=team_id, owner_id=person_ids[n % people], budget=Decimal(50_000),
                 created_at=created)
            for n in range(20)
        ])  # fmt: skip
        task_ids = _insert(connection, Task, [
            _task(n, goal_ids=goal_ids, person_ids=person_ids, team_id=team_id,
                  created=created)
            for n in range(tasks)
        ])  # fmt: skip
        for chunk in _chunks(_updates(task_ids, person_ids, periods)):
            connection.execute(sa.insert(ProgressUpdate), chunk)
        for chunk in _chunks(_audit_trail(connection, task_ids, created=created)):
            connection.execute(sa.insert(AuditLog), chunk)
        connection.execute(sa.insert(CheckIn), _check_ins(person_ids, periods))
        connection.execute(sa.insert(ReviewDate), [
            _row(workspace_id=WORKSPACE, plan_id=plan_id, title=f"Review {n}",
                 held_on=TODAY + timedelta(days=7 * n), remind_days=[14, 3, 1],
                 created_at=created)
            for n in range(1, 6)
        ])  # fmt: skip
    with Session(engine) as session:
        mark_latest_updates(session=session, task_ids=task_ids)
        session.commit()
    if is_postgresql(engine):  # as autovacuum would have done as the data came in
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
    return ReportScope(workspace_id=WORKSPACE, plan_id=plan_id, team_ids=frozenset({team_id}))


def _row(**values: Any) -> dict[str, Any]:
    return values


def _insert(connection: sa.Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in chunks and return their ids, in order."""
    ids: list[int] = []
    for chunk in _chunks(rows):
        result = connection.execute(
            sa.insert(table).returning(table.id, sort_by_parameter_order=True), chunk
        )
        ids.extend(int(row_id) for row_id in result.scalars())
    return ids


def _chunks(rows: Sequence[dict[str, Any]] | Iterator[dict[str, Any]]) -> Iterator[list[Any]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _task(
    n: int, *, goal_ids: list[int], person_ids: list[int], team_id: int, created: datetime
) -> dict[str, Any]:
    done = n % 10 == 9
    return _row(
        workspace_id=WORKSPACE, number=n + 1, goal_id=goal_ids[n % len(goal_ids)],
        title=f"Task number {n + 1}", how="", owner_id=person_ids[n % len(person_ids)],
        acceptance="pending" if n % 20 == 0 else "accepted", team_id=team_id,
        due_on=TODAY + timedelta(days=(n % 120) - 30),
        state=TaskState.DONE if done else TaskState.OPEN, budget=Decimal(1000),
        closed_at=datetime(2026, 11, 3, tzinfo=UTC) if done else None, created_at=created,
    )  # fmt: skip


def _updates(
    task_ids: list[int], person_ids: list[int], periods: Sequence[str]
) -> Iterator[dict[str, Any]]:
    for offset, period in enumerate(periods):
        start, _ = period_bounds(period)
        for index, task_id in enumerate(task_ids):
            yield _row(
                workspace_id=WORKSPACE, task_id=task_id,
                author_id=person_ids[index % len(person_ids)],
                created_at=start + timedelta(days=1, seconds=index), period=period,
                status=STATUSES[(index + offset) % len(STATUSES)],
                percent=min(100, 8 * (offset + 1)), spent=Decimal(10 * (offset + 1)),
                note=f"note {offset} on task {index + 1}", source=Source.IMPORT,
            )  # fmt: skip


def _audit_trail(
    connection: sa.Connection, task_ids: list[int], *, created: datetime
) -> Iterator[dict[str, Any]]:
    """What recording the plan would have logged: each task's creation, then each update."""
    for task_id in task_ids:
        yield _row(workspace_id=WORKSPACE, actor="U00000000", action="task.create",
                   entity="task", entity_id=task_id, changes={}, at=created)  # fmt: skip
    updates = sa.select(ProgressUpdate.id, ProgressUpdate.created_at)  # type: ignore[call-overload]
    for update_id, at in connection.execute(updates.order_by(ProgressUpdate.id)).all():
        yield _row(workspace_id=WORKSPACE, actor="U00000000", action="progress.record",
                   entity="progress", entity_id=update_id, changes={}, at=at)  # fmt: skip


def _check_ins(person_ids: list[int], periods: Sequence[str]) -> list[dict[str, Any]]:
    rows = []
    for period in periods:
        start, _ = period_bounds(period)
        for index, person_id in enumerate(person_ids):
            answered = None if index % 7 == 0 else start + timedelta(days=2)
            rows.append(_row(workspace_id=WORKSPACE, person_id=person_id, period=period,
                             asked_at=start + timedelta(hours=8), answered_at=answered,
                             nudges_sent=0))  # fmt: skip
    return rows


def _counts(engine: Engine) -> str:
    with engine.connect() as connection:
        tasks = connection.scalar(sa.select(sa.func.count()).select_from(Task))
        updates = connection.scalar(sa.select(sa.func.count()).select_from(ProgressUpdate))
    return f"{tasks:,} tasks, {updates:,} updates"


# ---- measuring --------------------------------------------------------------------------


def _timed(action: Callable[[], object], *, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def _traced_peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class StatementClock:
    """Each statement's execute time, summed per report function and digest."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._times: list[tuple[str, float]] = []
        self._running: tuple[str, float] | None = None

    def __enter__(self) -> "StatementClock":
        sa.event.listen(self._engine, "before_cursor_execute", self._before)
        sa.event.listen(self._engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc: object) -> None:
        sa.event.remove(self._engine, "before_cursor_execute", self._before)
        sa.event.remove(self._engine, "after_cursor_execute", self._after)

    def _before(self, *_args: object) -> None:
        self._running = (_report_function(), time.perf_counter())

    def _after(self, *_args: object) -> None:
        assert self._running is not None
        name, started = self._running
        self._times.append((name, time.perf_counter() - started))

    def per_digest(self, runs: int) -> int:
        return len(self._times) // runs

    def by_function(self, runs: int) -> dict[str, list[float]]:
        """Per function, its statements' total time in each digest (in run order)."""
        per_digest = self.per_digest(runs)
        totals: dict[str, list[float]] = {}
        for run in range(runs):
            seen: dict[str, float] = {}
            for name, seconds in self._times[run * per_digest : (run + 1) * per_digest]:
                seen[name] = seen.get(name, 0.0) + seconds
            for name, seconds in seen.items():
                totals.setdefault(name, []).append(seconds)
        return totals


def _report_function() -> str:
    """The innermost function of the report code (storage/reports) on the stack."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        if f"{os.sep}storage{os.sep}reports{os.sep}" in frame.f_code.co_filename:
            return frame.f_code.co_name
        frame = frame.f_back
    return "elsewhere"


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _report(name: str, times: list[float]) -> None:
    print(
        f"{name}: median {statistics.median(times) * 1000:.0f} ms, "
        f"best {min(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
        f"({len(times)} runs)"
    )


if __name__ == "__main__":
    sys.exit(main())
