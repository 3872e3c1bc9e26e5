"""Time from launching `pillar run` to its first HTTP 200 from GET /healthz.

Each run starts the real command line in a new process (the `pillar` console script of
this interpreter's environment) with DATABASE_URL naming a migrated database (a new
SQLite file, or the PostgreSQL database given, whose public schema is dropped and
re-created), SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, SLACK_API_URL pointing at the
local Slack stand-in, a free PORT, and PILLAR_SCHEDULER on or off (the runs alternate).
The clock starts just before the process is launched and stops at the first 200 from
/healthz, polled every 5 ms; the process is then stopped with SIGTERM, and the CPU time
it used in all (start to exit, the figure least skewed by other work on the machine) is
read once it has exited.

An installed package has its modules compiled (bytecode) at install. So that the runs
measure the same here, the process may write bytecode as Python does by default
(PYTHONDONTWRITEBYTECODE is not passed on), and --warmups starts, not measured, come first:
they compile what is not yet compiled and bring the files into the disk cache. For scale,
the bare interpreter (`python -c pass`) is timed as often as each kind of start.

    python benchmarks/startup.py [--runs 10] [--warmups 1]
        [--database postgresql://postgres@127.0.0.1:5432/bench]
"""

import argparse
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from benchmarks.databases import NotPostgreSQL, fresh_database  # noqa: E402
from bot.standin import SlackStandIn  # noqa: E402

HOST = "127.0.0.1"
POLL_SECONDS = 0.005
HEALTH_TIMEOUT_SECONDS = 1.0
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
SIGNING_SECRET = "startup-benchmark-signing-secret"
SCHEDULERS = ("off", "on")
# The process's configuration is the benchmark's own: none of the caller's leaks in.
OWN_VARIABLES = ("DATABASE_URL", "PORT", "LOG_LEVEL", "LOG_FORMAT", "PYTHONDONTWRITEBYTECODE")
OWN_PREFIXES = ("SLACK_", "PILLAR_")
CLI = "import sys; from bot.cli import main; sys.exit(main())"


class StartupFailed(RuntimeError):
    """`pillar run` exited, or did not answer /healthz in time."""


@dataclass(frozen=True)
class Start:
    """One start: seconds to the first 200, and the CPU seconds the process used in all."""

    seconds: float
    cpu_seconds: float


@dataclass(frozen=True)
class Timings:
    """The starts of one kind."""

    name: str
    starts: tuple[Start, ...]

    @property
    def median(self) -> float:
        return statistics.median(start.seconds for start in self.starts)

    @property
    def best(self) -> float:
        return min(start.seconds for start in self.starts)

    @property
    def worst(self) -> float:
        return max(start.seconds for start in self.starts)

    @property
    def cpu_median(self) -> float:
        return statistics.median(start.cpu_seconds for start in self.starts)


@dataclass(frozen=True)
class StartupFigures:
    """One database's starts, scheduler off and on, and the bare interpreter's."""

    backend: str
    kinds: tuple[Timings, ...]
    interpreter: Timings


# ---- one start --------------------------------------------------------------------------


def pillar_command() -> list[str]:
    """`pillar run` as installed beside this interpreter, else the same through ``-c``."""
    script = Path(sys.executable).with_name("pillar")
    if script.is_file():
        return [str(script), "run"]
    return [sys.executable, "-c", CLI, "run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def environment(*, database_url: str, slack: SlackStandIn, scheduler: str) -> dict[str, str]:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in OWN_VARIABLES and not name.startswith(OWN_PREFIXES)
    }
    return {
        **inherited,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": slack.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "PILLAR_SCHEDULER": scheduler,
    }


def healthy(port: int) -> bool:
    """True once GET /healthz answers 200; False while nothing listens or it says 503."""
    connection = HTTPConnection(HOST, port, timeout=HEALTH_TIMEOUT_SECONDS)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except (OSError, HTTPException):
        return False
    finally:
        connection.close()


def time_start(command: Sequence[str], *, env: dict[str, str], log: Path) -> Start:
    """Launch ``command``, wait for its first 200 from /healthz, stop it; what it took."""
    port = free_port()
    cpu_before = _children_cpu()
    with log.open("wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env={**env, "PORT": str(port)}, stdout=output, stderr=output
        )
        try:
            seconds = _until_healthy(process, port=port, started=started, log=log)
        finally:
            _stop(process)
    return Start(seconds=seconds, cpu_seconds=_children_cpu() - cpu_before)


def _until_healthy(
    process: "subprocess.Popen[bytes]", *, port: int, started: float, log: Path
) -> float:
    while not healthy(port):
        if process.poll() is not None or time.perf_counter() - started > START_TIMEOUT_SECONDS:
            raise StartupFailed(_failure(process, log))
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def _failure(process: "subprocess.Popen[bytes]", log: Path) -> str:
    code = process.poll()
    state = f"exited {code}" if code is not None else "did not answer"
    tail = log.read_text(errors="replace").strip().splitlines()[-5:]
    return f"`pillar run` {state} within {START_TIMEOUT_SECONDS:.0f} s: " + " | ".join(tail)


def _stop(process: "subprocess.Popen[bytes]") -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _children_cpu() -> float:
    """CPU seconds of this process's children that have exited (and been waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_interpreter() -> Start:
    cpu_before = _children_cpu()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return Start(seconds=time.perf_counter() - started, cpu_seconds=_children_cpu() - cpu_before)


# ---- the runs ---------------------------------------------------------------------------


def measure_startup(*, database_url: str, runs: int, warmups: int = 1) -> StartupFigures:
    """``warmups`` starts not measured, then ``runs`` starts with the scheduler off and on,
    alternating, against ``database_url``."""
    command = pillar_command()
    starts: dict[str, list[Start]] = {scheduler: [] for scheduler in SCHEDULERS}
    interpreter = []
    with SlackStandIn() as slack, tempfile.TemporaryDirectory() as directory:
        log = Path(directory) / "pillar.log"
        envs = {
            scheduler: environment(database_url=database_url, slack=slack, scheduler=scheduler)
            for scheduler in SCHEDULERS
        }
        for _ in range(warmups):
            time_start(command, env=envs[SCHEDULERS[0]], log=log)
        for _ in range(runs):
            interpreter.append(time_interpreter())
            for scheduler, env in envs.items():
                starts[scheduler].append(time_start(command, env=env, log=log))
    return StartupFigures(
        backend="PostgreSQL" if database_url.startswith("postgresql") else "SQLite",
        kinds=tuple(
            Timings(name=f"PILLAR_SCHEDULER={scheduler}", starts=tuple(each))
            for scheduler, each in starts.items()
        ),
        interpreter=Timings(name="python -c pass", starts=tuple(interpreter)),
    )


def report(figures: StartupFigures) -> None:
    print(f"\n{figures.backend}: launch to first 200 from /healthz")
    print(f"{'start':<24} {'median':>8} {'best':>8} {'worst':>8} {'CPU':>8} {'runs':>5}")
    for timings in (*figures.kinds, figures.interpreter):
        print(
            f"{timings.name:<24} {timings.median:>7.2f}s {timings.best:>7.2f}s "
            f"{timings.worst:>7.2f}s {timings.cpu_median:>7.2f}s {len(timings.starts):>5}"
        )


def loadavg() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=_whole(least=1), default=10, help="starts of each kind")
    parser.add_argument("--warmups", type=_whole(least=0), default=1, help="starts not measured")
    parser.add_argument("--database", help="a PostgreSQL URL; its public schema is re-made")
    return parser.parse_args(argv)


def _whole(*, least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or int(text) < least:
            raise argparse.ArgumentTypeError(f"expected a whole number from {least}, got {text!r}")
        return int(text)

    return parse


def run(argv: Sequence[str] | None = None) -> StartupFigures:
    """Parse ``argv``, measure, print the figures and return them."""
    arguments = parse(argv)
    print(f"command: {' '.join(pillar_command())}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {loadavg()}")
    with fresh_database(arguments.database) as url:
        figures = measure_startup(database_url=url, runs=arguments.runs, warmups=arguments.warmups)
    report(figures)
    print(f"afterwards: {loadavg()}")
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    try:
        run(argv)
    except (StartupFailed, NotPostgreSQL) as error:
        print(f"startup: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
