"""Time one round of the sweeps for 2,000 owners at the moments that matter in a month.

2,000 owners in Berlin, New York and Tokyo, five open tasks each (10,000 tasks), one
workspace on a fresh migrated database; each task has one progress update (by its owner)
in each of the --months months before December 2026 (12 give 120,000 updates). Each
round is ``run_sweeps_once`` at one moment: a quiet day (nothing owed), the moment
everyone's prompt is owed, a minute later (nothing new: the cost of a sweep during a
window), the moment every first nudge is owed, and a minute after that.

    python benchmarks/sweeps_2000.py [--owners 2000] [--months 12] [--database-url URL]

Without ``--database-url`` a temporary SQLite file is used; a PostgreSQL URL must name a
database that may be emptied.
"""

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sweeps import run_sweeps_once
from schedules.sweeps import SweepOptions
from storage.crud import mark_latest_updates
from storage.db import is_postgresql, make_engine
from storage.enums import PlanState, Source, Status
from storage.models import Goal, Person, Plan, ProgressUpdate, Task, Workspace
from storage.periods import period_bounds, recent_periods
from storage.schema import upgrade

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo")
TASKS_EACH = 5
CREATED = datetime(2025, 11, 20, tzinfo=UTC)
STATUSES = (Status.ON_TRACK, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.BLOCKED)
# December 2026 opens on Tuesday the 1st at 09:00 local; the last zone (New York) at 14:00
# UTC, and its first nudge is on Thursday the 3rd at 14:00 UTC.
MOMENTS = (
    ("quiet day (nothing owed)", datetime(2026, 12, 15, 12, 0, tzinfo=UTC)),
    ("every prompt owed", datetime(2026, 12, 1, 15, 0, tzinfo=UTC)),
    ("a minute later (window open)", datetime(2026, 12, 1, 15, 1, tzinfo=UTC)),
    ("every first nudge owed", datetime(2026, 12, 3, 15, 0, tzinfo=UTC)),
    ("a minute later", datetime(2026, 12, 3, 15, 1, tzinfo=UTC)),
)


def fresh_engine(url: str) -> sa.Engine:
    engine = make_engine(url)
    if is_postgresql(engine):
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def populate(engine: sa.Engine, *, owners: int, months: int = 0) -> None:
    with Session(engine) as session:
        session.add(Workspace(id="T0BENCH", created_at=CREATED))
        plan = Plan(
            workspace_id="T0BENCH", name="FY2027", starts_on=date(2026, 1, 1),
            ends_on=date(2027, 12, 31), state=PlanState.ACTIVE, created_at=CREATED,
        )  # fmt: skip
        session.add(plan)
        session.flush()
        goal = Goal(
            workspace_id="T0BENCH", number=1, plan_id=plan.id or 0, title="Grow",
            created_at=CREATED,
        )  # fmt: skip
        session.add(goal)
        session.flush()
        people = [
            Person(
                workspace_id="T0BENCH",
                slack_user_id=f"U{index:08d}",
                name=f"Owner {index}",
                tz=ZONES[index % len(ZONES)],
                created_at=CREATED,
            )
            for index in range(owners)
        ]
        session.add_all(people)
        session.flush()
        session.add_all(
            Task(
                workspace_id="T0BENCH",
                number=index * TASKS_EACH + each + 1,
                goal_id=goal.id or 0,
                title=f"Task {index}.{each}",
                owner_id=person.id,
                due_on=date(2027, 6, 30),
                created_at=CREATED,
            )
            for index, person in enumerate(people)
            for each in range(TASKS_EACH)
        )
        session.commit()
    if months:
        add_history(engine, months=months)
    if is_postgresql(engine):
        with engine.begin() as connection:
            connection.execute(sa.text("ANALYZE"))


def add_history(engine: sa.Engine, *, months: int) -> None:
    """One update per task and month, by its owner, in the ``months`` before December."""
    with Session(engine) as session:
        tasks = session.execute(sa.select(Task.id, Task.owner_id)).all()  # type: ignore[call-overload]
        for offset, period in enumerate(recent_periods("2026-11", months)):
            start, _ = period_bounds(period)
            rows = [
                {"workspace_id": "T0BENCH", "task_id": task_id, "author_id": owner_id,
                 "created_at": start.replace(day=3), "period": period, "source": Source.IMPORT,
                 "status": STATUSES[(index + offset) % len(STATUSES)],
                 "percent": min(100, 8 * (offset + 1)), "note": ""}
                for index, (task_id, owner_id) in enumerate(tasks)
            ]  # fmt: skip
            session.execute(sa.insert(ProgressUpdate), rows)
        mark_latest_updates(session=session, task_ids=[task_id for task_id, _ in tasks])
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=2000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = arguments.database_url or f"sqlite:///{Path(directory) / 'bench.db'}"
        engine = fresh_engine(url)
        populate(engine, owners=arguments.owners, months=arguments.months)
        print(f"{arguments.owners} owners, {arguments.owners * TASKS_EACH} open tasks, "
              f"{arguments.months} months of updates, {engine.dialect.name}")  # fmt: skip
        for label, moment in MOMENTS:
            started = time.perf_counter()
            report = run_sweeps_once(engine=engine, now=moment, options=SweepOptions())
            elapsed = time.perf_counter() - started
            per_item = f", {elapsed / report.found * 1000:.1f} ms each" if report.found else ""
            print(f"| {label} | {elapsed * 1000:,.0f} ms | {dict(report.enqueued) or '-'}"
                  f"{per_item} |")  # fmt: skip
        engine.dispose()


if __name__ == "__main__":
    main()
