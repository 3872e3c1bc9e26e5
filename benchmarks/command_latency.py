"""Latency of `/pillar update` under concurrent load, against a bare Bolt app as baseline.

A fresh database (a SQLite file, or the PostgreSQL database given, whose public schema is
dropped and re-created) is migrated and loaded with a generated plan through the bulk
importer: --tasks tasks owned by --people people, all known by their Slack ids and
refreshed just now (the steady state: no ``users.info`` on the command path). The whole
bot then runs as in production (Bolt app, waitress, real HTTP, real Slack signatures)
against the local Slack stand-in, beside a bare Bolt app (the same signing secret, one
`/pillar` listener that acks a fixed text) served the same way.

Each task's owner sends ``/pillar update T-n on-track 40% note``; --concurrency clients
with one keep-alive connection each, in a separate process, keep that many requests in
flight (closed loop), then send --rate requests a second (paced). After a warm-up of each
app, measured runs alternate (bare, pillar, bare, pillar, ...) so that both see the same
machine. Every Pillar answer must be HTTP 200 and say "Progress recorded", every bare
answer HTTP 200 with its fixed text, and every update sent must be in the database.

    python benchmarks/command_latency.py [--tasks 10000 --people 2000 --concurrency 50
        --requests 2000 --rate 50] [--database postgresql://postgres@127.0.0.1:5432/bench]
"""

import argparse
import csv
import io
import logging
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

import sqlalchemy as sa  # noqa: E402
from slack_bolt import Ack, App  # noqa: E402
from slack_bolt.adapter.wsgi import SlackRequestHandler  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from benchmarks.http_load import Request, Run, Summary, run_load, summarize  # noqa: E402
from bot.local import SIGNING_SECRET, LocalBot  # noqa: E402
from bot.runtime import settle_startup_objects  # noqa: E402
from bot.standin import SlackStandIn  # noqa: E402
from bot.standin.payloads import Actor, slash_command_form  # noqa: E402
from bot.standin.server import DEFAULT_TEAM_ID  # noqa: E402
from bot.web.serve import WebServer  # noqa: E402
from storage.db import is_postgresql, make_engine  # noqa: E402
from storage.models import Person, ProgressUpdate, Task  # noqa: E402
from storage.schema import upgrade  # noqa: E402
from storage.transfer import import_plan  # noqa: E402
from storage.transfer.scope import PlanChoice  # noqa: E402

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
HOST = "127.0.0.1"
PATH = "/slack/events"
NOTE = "note"
PILLAR_EXPECT = b"Progress recorded"
BARE_TEXT = "Bare Bolt says hello"
FORM = "application/x-www-form-urlencoded"
COLUMNS = ["goal", "task title", "owner", "start", "due"]


# ---- data ------------------------------------------------------------------------------


def user_id(number: int) -> str:
    return f"U{number:08d}"


def plan_csv(*, tasks: int, people: int, goals: int = 50) -> bytes:
    """A plan of ``tasks`` tasks under ``goals`` goals, owned round-robin by ``people``."""
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    for n in range(tasks):
        start = date(2027, 1, 1) + timedelta(days=n % 180)
        writer.writerow(
            [
                f"Goal {n % goals + 1}",
                f"Task {n + 1}",
                user_id(n % people + 1),
                start.isoformat(),
                (start + timedelta(days=90)).isoformat(),
            ]
        )
    return stream.getvalue().encode()


def fresh_database(url: str | None, directory: Path) -> Engine:
    """A migrated, empty database: a new SQLite file, or ``url`` with its schema re-made."""
    if url is None:
        engine = make_engine(f"sqlite:///{directory / 'bench.db'}")
    else:
        engine = make_engine(url)
        if not is_postgresql(engine):
            sys.exit("--database takes a PostgreSQL URL (SQLite is the default)")
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def load_plan(engine: Engine, *, workspace_id: str, tasks: int, people: int) -> float:
    """Import the generated plan and mark everyone refreshed now; the import's seconds."""
    started = time.perf_counter()
    import_plan(
        engine,
        data=plan_csv(tasks=tasks, people=people),
        workspace_id=workspace_id,
        plan=PlanChoice(name="FY2027", starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31)),
        now=NOW,
    )
    elapsed = time.perf_counter() - started
    with engine.begin() as connection:
        connection.execute(sa.update(Person).values(refreshed_at=NOW, name=Person.slack_user_id))
    return elapsed


def owned_tasks(engine: Engine) -> list[tuple[int, str]]:
    """(task number, owner's Slack id) of every task, in number order."""
    query = (
        select(Task.number, Person.slack_user_id)
        .join(Person, col(Task.owner_id) == Person.id)
        .order_by(col(Task.number))
    )
    with Session(engine) as session:
        return [(number, owner) for number, owner in session.exec(query) if owner is not None]


def count_updates(engine: Engine) -> int:
    with Session(engine) as session:
        return len(session.exec(select(ProgressUpdate.id)).all())


# ---- the baseline ------------------------------------------------------------------------


def bare_app(*, slack: SlackStandIn) -> App:
    """Bolt with nothing of Pillar: verify the signature, ack a fixed text."""
    app = App(
        signing_secret=SIGNING_SECRET,
        client=WebClient(token=slack.token, base_url=slack.api_url),
        token_verification_enabled=False,
        request_verification_enabled=True,
    )

    @app.command("/pillar")
    def _pillar(ack: Ack) -> None:
        ack(text=BARE_TEXT, response_type="ephemeral")

    return app


@contextmanager
def serving(app: App) -> Iterator[int]:
    """Serve ``app`` with the bot's own web server; yields the port."""
    handler = SlackRequestHandler(app)

    def application(environ: "WSGIEnvironment", start_response: "StartResponse") -> Iterable[bytes]:
        return handler(environ, start_response)

    server = WebServer(application, host=HOST, port=0)
    thread = threading.Thread(target=server.run, name="bare-bolt", daemon=True)
    thread.start()
    try:
        yield server.port
    finally:
        server.close()
        thread.join(timeout=5)


# ---- requests ------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """One `/pillar` command, its form body built once and signed just before sending."""

    body: bytes


def commands(bot: LocalBot, targets: Sequence[tuple[int, str]]) -> list[Command]:
    """`/pillar update T-n on-track 40% note` by the owner of each target task."""
    slack, workspace = bot.slack, bot.slack.default_workspace
    built = []
    for number, owner in targets:
        with slack.state.lock:
            user = slack.state.users[owner]
        channel_id = slack.dm_channel(owner)
        form = slash_command_form(
            actor=Actor(user=user, workspace=workspace),
            command="/pillar",
            text=f"update T-{number} on-track 40% {NOTE}",
            channel_id=channel_id,
            channel_name="directmessage",
            response_url=slack.new_response_url(channel_id=channel_id, user_id=owner),
            trigger_id=slack.issue_trigger_id(user_id=owner),
        )
        built.append(Command(body=urlencode(form).encode()))
    return built


def signed(bot: LocalBot, batch: Sequence[Command]) -> list[Request]:
    """Sign ``batch`` now, as Slack would (the app refuses signatures older than 5 minutes)."""
    timestamp = str(int(time.time()))
    return [
        (
            command.body,
            {
                "Content-Type": FORM,
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": bot.driver.sign(body=command.body, timestamp=timestamp),
            },
        )
        for command in batch
    ]


# ---- the runs ----------------------------------------------------------------------------


@dataclass
class Bench:
    bot: LocalBot
    pool: ProcessPoolExecutor
    concurrency: int

    def run(
        self, *, port: int, batch: Sequence[Command], expect: bytes, rate: float | None = None
    ) -> "Measured":
        requests = signed(self.bot, batch)
        cpu_before = time.process_time()
        future = self.pool.submit(
            run_load,
            host=HOST,
            port=port,
            path=PATH,
            requests=requests,
            concurrency=self.concurrency,
            expect=expect,
            rate=rate,
        )
        run = future.result()
        return Measured(run=run, cpu_seconds=time.process_time() - cpu_before)


@dataclass(frozen=True)
class Measured:
    """A run and the CPU this process (the servers; the clients run apart) spent meanwhile."""

    run: Run
    cpu_seconds: float

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_seconds / len(self.run.samples)


def chunks(items: Sequence[Command], sizes: Sequence[int]) -> list[Sequence[Command]]:
    result, start = [], 0
    for size in sizes:
        result.append(items[start : start + size])
        start += size
    return result


def report(name: str, summary: Summary) -> None:
    print(
        f"{name:<7} {summary.requests:>6} {summary.failures:>5} {summary.p50_ms:>8.1f} "
        f"{summary.p95_ms:>8.1f} {summary.p99_ms:>8.1f} {summary.max_ms:>8.1f} "
        f"{summary.per_second:>8.0f}"
    )


def first_failures(runs: Sequence[Run], limit: int = 3) -> list[str]:
    return [sample.detail for run in runs for sample in run.failures][:limit]


@dataclass(frozen=True)
class Results:
    bare: list[Measured]
    pillar: list[Measured]


@dataclass(frozen=True)
class LatencyFigures:
    """Bare and Pillar's summaries by kind of run ("closed loop", "paced"); whether every
    answer was right and every update recorded."""

    backend: str
    kinds: dict[str, tuple[Summary, Summary]]
    correct: bool


def alternate(
    bench: Bench,
    *,
    ports: tuple[int, int],
    batches: Iterator[Sequence[Command]],
    rounds: int,
    rate: float | None = None,
) -> Results:
    """Bare, pillar, bare, pillar, ...: ``rounds`` runs of each, each with its own batch."""
    bare_port, pillar_port = ports
    results = Results(bare=[], pillar=[])
    for _ in range(rounds):
        results.bare.append(
            bench.run(port=bare_port, batch=next(batches), expect=BARE_TEXT.encode(), rate=rate)
        )
        results.pillar.append(
            bench.run(port=pillar_port, batch=next(batches), expect=PILLAR_EXPECT, rate=rate)
        )
    return results


def measure(arguments: argparse.Namespace, engine: Engine, *, backend: str) -> LatencyFigures:
    """Warm up, alternate the measured runs, print the figures and return them."""
    url = engine.url.render_as_string(hide_password=False)
    rounds, warmup = arguments.rounds, arguments.warmup
    closed, paced = arguments.requests // rounds, arguments.paced_requests // rounds
    sizes = [warmup] * 2 + [closed] * (2 * rounds) + [paced] * (2 * rounds if arguments.rate else 0)
    with LocalBot(database_url=url, start_at=NOW) as bot:
        settle_startup_objects()  # as `pillar run` does before serving
        for n in range(1, arguments.people + 1):
            bot.slack.add_user(id=user_id(n), name=f"person{n}", real_name=f"Person {n}")
        targets = owned_tasks(engine)
        random.Random(2027).shuffle(targets)
        wanted = [targets[i % len(targets)] for i in range(sum(sizes))]
        batches = chunks(commands(bot, wanted), sizes)
        sent_to_pillar = sum(len(batch) for batch in batches[1::2])
        updates_before = count_updates(engine)
        spawn = multiprocessing.get_context("spawn")
        with (
            ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool,
            serving(bare_app(slack=bot.slack)) as bare_port,
        ):
            bench = Bench(bot=bot, pool=pool, concurrency=arguments.concurrency)
            ports = (bare_port, bot.runtime.server.port)
            remaining = iter(batches)
            alternate(bench, ports=ports, batches=remaining, rounds=1)  # warm-up
            users_info_before = len(bot.slack.calls("users.info"))
            results = [alternate(bench, ports=ports, batches=remaining, rounds=rounds)]
            if arguments.rate:
                results.append(
                    alternate(
                        bench, ports=ports, batches=remaining, rounds=rounds, rate=arguments.rate
                    )
                )
            users_info = len(bot.slack.calls("users.info")) - users_info_before
    recorded = count_updates(engine) - updates_before
    correct = True
    titles = [f"closed loop, {arguments.concurrency} clients always waiting for an answer"]
    titles.append(
        f"paced, {arguments.rate:g} requests a second, up to {arguments.concurrency} open"
    )
    kinds = {}
    for kind, title, result in zip(("closed loop", "paced"), titles, results, strict=False):
        print(f"\n{title}:")
        correct = print_results(bare=result.bare, pillar=result.pillar) and correct
        kinds[kind] = (
            summarize([m.run for m in result.bare]),
            summarize([m.run for m in result.pillar]),
        )
    print(f"\nusers.info calls during measured runs: {users_info}")
    print(f"progress updates recorded: {recorded} of {sent_to_pillar} sent to pillar")
    return LatencyFigures(
        backend=backend, kinds=kinds, correct=correct and recorded == sent_to_pillar
    )


def print_results(*, bare: Sequence[Measured], pillar: Sequence[Measured]) -> bool:
    """Print one kind of run; True when every answer was right."""
    bare_summary = summarize([m.run for m in bare])
    pillar_summary = summarize([m.run for m in pillar])
    print(f"{'app':<7} {'reqs':>6} {'fail':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} ", end="")
    print(f"{'max ms':>8} {'req/s':>8}")
    report("bare", bare_summary)
    report("pillar", pillar_summary)
    for name, measured in (("bare", bare), ("pillar", pillar)):
        p99s = ", ".join(f"{summarize([m.run]).p99_ms:.1f}" for m in measured)
        cpu = ", ".join(f"{m.cpu_ms_per_request:.2f}" for m in measured)
        print(f"{name}: p99 by run {p99s} ms; server CPU per request by run {cpu} ms")
    ratio = pillar_summary.p99_ms / bare_summary.p99_ms
    print(f"p99 ratio pillar/bare: {ratio:.2f} (target <= 1.5, and pillar p99 < 100 ms)")
    runs = [m.run for m in (*bare, *pillar)]
    for detail in first_failures(runs):
        print(f"failure: {detail}")
    return bare_summary.failures == pillar_summary.failures == 0


def loadavg() -> str:
    """The machine's load (other work on it skews the figures)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def run(argv: Sequence[str] | None = None) -> LatencyFigures:
    """Parse ``argv``, load the data, measure, print the figures and return them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2_000, help="measured, per app")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs per app")
    parser.add_argument("--warmup", type=int, default=300, help="requests per app, not measured")
    parser.add_argument(
        "--rate", type=float, default=50, help="requests a second of the paced runs (0: none)"
    )
    parser.add_argument("--paced-requests", type=int, default=600, help="measured, per app")
    parser.add_argument("--database", help="a PostgreSQL URL; its public schema is re-made")
    arguments = parser.parse_args(argv)
    # waitress warns of every queued request: expected when clients outnumber its threads.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as temporary:
        engine = fresh_database(arguments.database, Path(temporary))
        seconds = load_plan(
            engine, workspace_id=DEFAULT_TEAM_ID, tasks=arguments.tasks, people=arguments.people
        )
        backend = "PostgreSQL" if is_postgresql(engine) else "SQLite (file, WAL)"
        print(
            f"data: {arguments.tasks} tasks, {arguments.people} people, imported in "
            f"{seconds:.1f} s; {backend}"
        )
        print(
            f"load: {arguments.concurrency} keep-alive clients; per app {arguments.warmup} "
            f"warm-up, {arguments.requests} closed-loop and {arguments.paced_requests} paced "
            f"requests, in {arguments.rounds} alternating rounds"
        )
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {loadavg()}")
        try:
            figures = measure(arguments, engine, backend=backend)
        finally:
            engine.dispose()
        print(f"afterwards: {loadavg()}")
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    if not run(argv).correct:
        print("some answers were wrong: see the failures above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
