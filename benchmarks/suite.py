"""Run the benchmarks and print each result against its target.

    python -m benchmarks [--only p1,p2,p3,p4] [--quick] [--postgres URL]

P1 `/pillar update` latency against bare Bolt (command_latency.py), P2 fan-out against the
rate limit (fanout.py), P3 a team's digest
(digest.py), P4 `pillar run` start-up (startup.py): each generates its own data on a new
SQLite database and, with --postgres, on that PostgreSQL database too (its public schema
is dropped and re-created each time: give it one of its own). Each prints its figures as
it goes; the summary table comes last. --quick runs small data sets and few runs: a smoke
run, not figures to hold against the targets. The exit status is 1 when a benchmark
could not run, whatever the targets.
"""

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.targets import (
    TARGETS,
    Verdict,
    digest_verdict,
    fanout_verdict,
    latency_verdicts,
    startup_verdicts,
    table,
)

SQLITE, POSTGRESQL = "SQLite", "PostgreSQL"


def _latency(argv: list[str], _backend: str) -> list[Verdict]:
    from benchmarks import command_latency

    return latency_verdicts(command_latency.run(argv))


def _fanout(argv: list[str], backend: str) -> list[Verdict]:
    from benchmarks import fanout

    return [fanout_verdict(fanout.run(argv), backend=backend)]


def _digest(argv: list[str], _backend: str) -> list[Verdict]:
    from benchmarks import digest

    return [digest_verdict(digest.run(argv))]


def _startup(argv: list[str], _backend: str) -> list[Verdict]:
    from benchmarks import startup

    return startup_verdicts(startup.run(argv))


@dataclass(frozen=True)
class Benchmark:
    key: str
    title: str
    # The script's own arguments for a smoke run.
    quick: str
    # Runs the script with its arguments on the named database; its verdicts.
    measure: Callable[[list[str], str], list[Verdict]]


BENCHMARKS = (
    Benchmark(
        key="p1",
        title="P1 /pillar update latency",
        quick="--tasks 200 --people 50 --concurrency 5 --requests 100 --rounds 1 --warmup 20 "
        "--paced-requests 50",
        measure=_latency,
    ),
    Benchmark(key="p2", title="P2 fan-out", quick="--owners 300 --window 5", measure=_fanout),
    Benchmark(
        key="p3",
        title="P3 team digest",
        quick="--tasks 500 --months 3 --people 50 --runs 2",
        measure=_digest,
    ),
    Benchmark(key="p4", title="P4 start-up", quick="--runs 1 --warmups 0", measure=_startup),
)
KEYS = tuple(benchmark.key for benchmark in BENCHMARKS)


# ---- arguments --------------------------------------------------------------------------


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--only",
        type=_selection,
        default=KEYS,
        metavar="P1,P2,…",
        help=f"the benchmarks to run, of {', '.join(KEYS)} (default: all)",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument(
        "--postgres",
        type=_postgresql_url,
        metavar="URL",
        help="also run on this PostgreSQL database (its public schema is re-made)",
    )
    return parser.parse_args(argv)


def _selection(text: str) -> tuple[str, ...]:
    wanted = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = ", ".join(sorted(wanted.difference(KEYS)))
    if unknown or not wanted:
        what = f"unknown benchmark {unknown}" if unknown else "no benchmark named"
        raise argparse.ArgumentTypeError(f"{what}: choose from {', '.join(KEYS)}")
    return tuple(key for key in KEYS if key in wanted)


def _postgresql_url(text: str) -> str:
    if not text.startswith(("postgresql://", "postgresql+psycopg://")):
        raise argparse.ArgumentTypeError(
            f"expected a PostgreSQL URL such as postgresql://postgres@127.0.0.1:5432/bench, "
            f"got {text!r}"
        )
    return text


# ---- the run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SuiteResult:
    verdicts: list[Verdict]
    failures: int


def run_suite(arguments: argparse.Namespace) -> SuiteResult:
    """Run the chosen benchmarks on each database; their verdicts, in order."""
    databases: list[tuple[str, list[str]]] = [(SQLITE, [])]
    if arguments.postgres:
        databases.append((POSTGRESQL, ["--database", arguments.postgres]))
    verdicts, failures = [], 0
    for benchmark in BENCHMARKS:
        if benchmark.key not in arguments.only:
            continue
        for backend, database in databases:
            argv = [*(benchmark.quick.split() if arguments.quick else ()), *database]
            print(f"\n== {benchmark.title}, {backend}: {' '.join(argv) or '(defaults)'}")
            outcome = run_one(benchmark, argv=argv, backend=backend)
            if outcome is None:
                failures += 1
                outcome = [_failed(benchmark, backend)]
            verdicts += outcome
    return SuiteResult(verdicts=verdicts, failures=failures)


def run_one(benchmark: Benchmark, *, argv: list[str], backend: str) -> list[Verdict] | None:
    """The benchmark's verdicts; None, once the reason is printed, when it could not run."""
    try:
        return benchmark.measure(argv, backend)
    except SystemExit as stopped:  # a script's own refusal, already explained or in `code`
        if isinstance(stopped.code, str):
            print(stopped.code, file=sys.stderr)
    except Exception:
        traceback.print_exc()
    print(f"{benchmark.title} on {backend} could not run", file=sys.stderr)
    return None


def _failed(benchmark: Benchmark, backend: str) -> Verdict:
    return Verdict(
        benchmark.title, backend, "could not run", TARGETS[benchmark.key], value=None, met=False
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    result = run_suite(arguments)
    one, five, _ = os.getloadavg()
    print(f"\nSummary ({'quick: smoke sizes, ' if arguments.quick else ''}", end="")
    print(f"{os.cpu_count()} cores, load average {one:.2f} / {five:.2f} at the end):\n")
    print(table(result.verdicts))
    return 1 if result.failures else 0
