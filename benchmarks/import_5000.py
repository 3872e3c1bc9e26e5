"""Time `pillar import` of a realistic 5,000-task plan on a fresh SQLite database.

The plan: 40 goals (8 top-level, 32 beneath them), 600 owners (two thirds by Slack user id,
one third by e-mail), 12 teams; every task has a how, dates and a budget, one in three a
metric. Each run starts from an empty, migrated database and runs the real command line in
a new process, so the time includes starting Python and checking the schema. A second
import of the exported file (which must change nothing) and the export are timed too.

    python benchmarks/import_5000.py [--runs 3] [--tasks 5000]
"""

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from storage.transfer import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
CLI = "import sys; from bot.cli import main; sys.exit(main())"
TEAMS = [
    "Sales",
    "Marketing",
    "Engineering",
    "Operations",
    "Finance",
    "People",
    "Legal",
    "Support",
    "Product",
    "Data",
    "Security",
    "Facilities",
]
VERBS = ["Launch", "Hire", "Review", "Migrate", "Train", "Audit", "Design", "Negotiate", "Ship"]
THINGS = ["pricing page", "regional team", "supplier contracts", "onboarding", "data platform"]
METRICS = [("customers signed", "customers"), ("revenue", "EUR"), ("tickets closed", "tickets")]


def plan_rows(*, tasks: int, goals: int, owners: int, seed: int = 2027) -> list[list[str]]:
    randomness = random.Random(seed)
    top = max(1, goals // 5)
    goal_titles = [f"Goal {n + 1}: grow {THINGS[n % len(THINGS)]}" for n in range(goals)]
    parents = {
        title: "" if n < top else goal_titles[n % top] for n, title in enumerate(goal_titles)
    }
    people = [f"U{n:08d}" if n % 3 else f"owner{n}@example.com" for n in range(1, owners + 1)]
    rows = []
    for n in range(tasks):
        goal = goal_titles[n % goals]
        start = date(2027, 1, 1) + timedelta(days=randomness.randrange(0, 180))
        metric, unit = METRICS[n % 3] if n % 3 == 0 else ("", "")
        rows.append(
            [
                goal,
                parents[goal],
                f"{randomness.choice(VERBS)} {randomness.choice(THINGS)} #{n + 1}",
                f"Step one for task {n + 1}, then step two;\nreport monthly.",
                people[n % owners],
                TEAMS[n % len(TEAMS)],
                start.isoformat(),
                (start + timedelta(days=randomness.randrange(14, 180))).isoformat(),
                metric,
                str(randomness.randrange(10, 1000)) if metric else "",
                unit,
                f"{randomness.randrange(0, 500_000) / 100:.2f}",
            ]
        )
    return rows


def pillar(database: Path, *arguments: str, expect: str = "") -> float:
    """Run the command line in a new process; its wall-clock seconds."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-c", CLI, *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if expect not in finished.stdout:
        sys.exit(f"expected {expect!r} from pillar {' '.join(arguments)}, got:\n{finished.stdout}")
    return elapsed


def run_once(directory: Path, plan: Path, *, run: int, tasks: int) -> tuple[float, float, float]:
    database = directory / f"bench-{run}.db"
    pillar(database, "db", "upgrade")
    new_plan = ["--workspace", "T0BENCH", "--plan", "FY2027"]
    new_plan += ["--from", "2027-01-01", "--to", "2027-12-31", "--quiet"]
    first = pillar(database, "import", str(plan), *new_plan, expect="Imported")
    exported = directory / f"exported-{run}.csv"
    export = pillar(database, "export", "--output", str(exported), expect=f"Exported {tasks} tasks")
    again = pillar(database, "import", str(exported), "--quiet", expect="Nothing to change")
    return first, again, export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tasks", type=int, default=5000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        plan = directory / "plan.csv"
        with plan.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(column.value for column in COLUMNS)
            writer.writerows(plan_rows(tasks=arguments.tasks, goals=40, owners=600))
        kilobytes = plan.stat().st_size // 1024
        results = [
            run_once(directory, plan, run=run, tasks=arguments.tasks)
            for run in range(arguments.runs)
        ]
    print(f"plan: {arguments.tasks} tasks, 40 goals, 600 owners, 12 teams ({kilobytes} KiB)")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, SQLite file")
    names = ("first import", "re-import of the export (no-op)", "export")
    for name, times in zip(names, zip(*results, strict=True), strict=True):
        print(
            f"{name}: median {statistics.median(times):.2f} s, best {min(times):.2f} s "
            f"over {len(times)} runs, end to end (new process each)"
        )


if __name__ == "__main__":
    main()
