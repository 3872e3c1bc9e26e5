"""Deliver the month's check-in prompts of 5,000 owners through Slack's rate limits.

A fresh database (a temporary SQLite file, or the PostgreSQL database given, whose public
schema is dropped and re-created) gets --owners owners with five open tasks each, as in
``benchmarks/sweeps_2000.py``. The real sweep runs once at the moment every prompt is
owed and enqueues one check-in prompt per owner (timed on its own). Then the real
deliverers (``DeliveryWorkers`` threads, configured with the same limits as the
stand-in) post the outbox to the Slack stand-in, which enforces chat.postMessage and
conversations.open at --post-rate and --open-rate calls a second per workspace, counted
over --window seconds as Slack counts per minute, and one post a second per
conversation, and answers 429 with Retry-After past them. Each deliverer's token bucket
may burst --burst calls and refills at the rate that keeps it within the limit over any
window. The stand-in's record of the calls gives the figures: every dedupe key must be
posted exactly once.

    python benchmarks/fanout.py [--owners 5000] [--post-rate 50] [--open-rate 50]
        [--window 60] [--burst 20] [--deliverers 4]
        [--database postgresql://postgres@127.0.0.1:5432/bench]

Exit status 0 when every prompt was delivered exactly once, 1 otherwise.
"""

import argparse
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sweeps_2000 import fresh_engine, populate  # noqa: E402
from bot.delivery import (  # noqa: E402
    Deliverer,
    DeliveryConfig,
    DeliveryWorkers,
    Rate,
    delivery_client,
    single_workspace,
)
from bot.delivery.config import HISTORY, OPEN_CONVERSATION, POST_MESSAGE  # noqa: E402
from bot.standin import RecordedCall, SlackStandIn  # noqa: E402
from bot.sweeps import run_sweeps_once  # noqa: E402
from schedules.sweeps import SweepOptions  # noqa: E402
from storage import outbox  # noqa: E402
from storage.enums import OutboxStatus  # noqa: E402
from storage.models import Outbox, Person  # noqa: E402

# December 2026 opens on Tuesday the 1st; by 15:00 UTC it is past 09:00 in every zone.
PROMPTS_OWED = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
CHECKIN_KIND = "checkin"
POLL_SECONDS = 0.25
DEFAULT_BURST = DeliveryConfig().rates[POST_MESSAGE].burst


class ShiftedClock:
    """Real time, moved so that it starts at ``start``: the deliverers live in the month
    the sweep ran in, at the speed of the stand-in's limits."""

    def __init__(self, start: datetime) -> None:
        self._offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


@dataclass(frozen=True, slots=True)
class Limits:
    """Slack's limits as the stand-in enforces them: calls a second, counted over a window."""

    post_per_second: int
    open_per_second: int
    window: float
    burst: int

    def stand_in(self, per_second: int) -> int:
        return round(per_second * self.window)

    def client(self, per_second: int, *, share: int) -> Rate:
        """The deliverer's bucket for ``share`` of a limit: within it, whatever it bursts."""
        calls = self.stand_in(per_second) / share
        return Rate.within(calls=calls, per_seconds=self.window, burst=self.burst)


@dataclass(frozen=True, slots=True)
class Tally:
    """What the stand-in saw: posts per dedupe key, calls and 429s per method."""

    expected: int
    delivered: int
    lost: int
    duplicated: int
    calls: Counter[str]
    rate_limited: Counter[str]
    first_post: float
    last_post: float

    @property
    def sustained_rate(self) -> float:
        """Posts a second between the first post and the last."""
        span = self.last_post - self.first_post
        return (self.delivered - 1) / span if span > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds of wall clock (and of this process's CPU while delivering)."""

    sweep: float
    delivery: float
    delivery_cpu: float
    total: float


@dataclass(frozen=True, slots=True)
class Seen:
    """One call as the stand-in recorded it, reduced to what the tally needs."""

    method: str
    status: int
    ok: bool
    dedupe_key: str
    time: float

    @classmethod
    def of(cls, call: RecordedCall) -> "Seen":
        return cls(call.method, call.status, call.ok, _dedupe_key(call), call.time)


def tally_posts(calls: Iterable[Seen], *, keys: Sequence[str]) -> Tally:
    posted: Counter[str] = Counter()
    times: list[float] = []
    every: Counter[str] = Counter()
    limited: Counter[str] = Counter()
    for call in calls:
        every[call.method] += 1
        limited[call.method] += call.status == 429
        if call.method == POST_MESSAGE and call.ok:
            posted[call.dedupe_key] += 1
            times.append(call.time)
    expected = set(keys)
    return Tally(
        expected=len(keys),
        delivered=sum(1 for key in expected if posted[key] == 1),
        lost=sum(1 for key in expected if posted[key] == 0),
        duplicated=sum(count - 1 for count in posted.values() if count > 1)
        + sum(count for key, count in posted.items() if key not in expected),
        calls=every,
        rate_limited=limited,
        first_post=min(times, default=0.0),
        last_post=max(times, default=0.0),
    )


def _dedupe_key(call: RecordedCall) -> str:
    metadata = call.params.get("metadata")
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    return str(payload.get("dedupe_key")) if isinstance(payload, dict) else ""


@dataclass(frozen=True, slots=True)
class FanoutFigures:
    """The figures the suite holds against the target; ``complete`` when every owner's
    prompt ended up sent, none lost and none duplicated."""

    share_of_limit: float
    lost: int
    duplicated: int
    complete: bool


def run(argv: Sequence[str] | None = None) -> FanoutFigures:
    """Parse ``argv``, seed, sweep and deliver, print the figures and return them; a bad
    argument stops the program with a message (exit status 2)."""
    arguments = _parser().parse_args(argv)
    problem = _check(arguments)
    if problem:
        print(f"fanout: {problem}", file=sys.stderr)
        raise SystemExit(2)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    limits = Limits(arguments.post_rate, arguments.open_rate, arguments.window, arguments.burst)
    with tempfile.TemporaryDirectory() as directory:
        url = arguments.database or f"sqlite:///{Path(directory) / 'fanout.db'}"
        return _run(url, owners=arguments.owners, limits=limits, count=arguments.deliverers)


def main(argv: Sequence[str] | None = None) -> int:
    return 0 if run(argv).complete else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fanout.py", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--owners", type=int, default=5000, help="owners (default 5000)")
    parser.add_argument(
        "--post-rate", type=int, default=50,
        help="chat.postMessage calls a second per workspace (default 50)",
    )  # fmt: skip
    parser.add_argument(
        "--open-rate", type=int, default=50,
        help="conversations.open calls a second per workspace (default 50)",
    )  # fmt: skip
    parser.add_argument(
        "--window", type=float, default=60.0,
        help="seconds over which the stand-in counts calls, as Slack counts per minute "
        "(default 60)",
    )  # fmt: skip
    parser.add_argument(
        "--burst", type=int, default=DEFAULT_BURST,
        help="calls a deliverer may make at once; its rate is what keeps it within the "
        f"limit over any window (default {DEFAULT_BURST}, as delivery's own default)",
    )  # fmt: skip
    parser.add_argument(
        "--deliverers", type=int, default=4,
        help="deliverer threads, sharing the limits evenly; one waits for each post and "
        "its record in turn, so several keep the limit busy (default 4)",
    )  # fmt: skip
    parser.add_argument(
        "--database", metavar="URL",
        help="SQLAlchemy URL of a database that may be emptied (default: a temporary SQLite file)",
    )  # fmt: skip
    return parser


def _check(arguments: argparse.Namespace) -> str | None:
    if arguments.owners < 1:
        return f"--owners must be at least 1, got {arguments.owners}"
    if arguments.post_rate < 1 or arguments.open_rate < 1:
        return "--post-rate and --open-rate must be at least 1 call a second"
    if arguments.window <= 0:
        return f"--window must be more than 0 seconds, got {arguments.window}"
    if arguments.deliverers < 1:
        return f"--deliverers must be at least 1, got {arguments.deliverers}"
    smallest = min(arguments.post_rate, arguments.open_rate) * arguments.window
    if not 1 <= arguments.burst < smallest / arguments.deliverers:
        return (
            f"--burst must be at least 1 and below each deliverer's share of a window's "
            f"calls ({smallest / arguments.deliverers:g}), got {arguments.burst}"
        )
    return None


def _run(url: str, *, owners: int, limits: Limits, count: int) -> FanoutFigures:
    started, load_before = time.monotonic(), os.getloadavg()
    engine = fresh_engine(url)
    populate(engine, owners=owners)
    print(f"{owners} owners, {engine.dialect.name}; limits counted over {limits.window:g} s: "
          f"chat.postMessage {limits.post_per_second}/s, conversations.open "
          f"{limits.open_per_second}/s, 1 post/s per conversation; {count} deliverer(s), "
          f"burst {limits.burst}")  # fmt: skip
    sweep_seconds = _sweep(engine, owners=owners)
    slack, process = _start_slack(engine, limits=limits)
    try:
        token, api_url = slack.recv()
        cpu = time.process_time()
        delivery_seconds = _deliver(token, api_url, engine=engine, limits=limits, count=count)
        cpu = time.process_time() - cpu
        slack.send("stop")
        tally = tally_posts(slack.recv(), keys=_dedupe_keys(engine))
    finally:
        process.join(timeout=30)
    statuses = _statuses(engine)
    engine.dispose()
    timings = Timings(sweep_seconds, delivery_seconds, cpu, time.monotonic() - started)
    _report(tally, statuses=statuses, limits=limits, timings=timings,
            load=(load_before, os.getloadavg()))  # fmt: skip
    return FanoutFigures(
        share_of_limit=tally.sustained_rate / limits.post_per_second,
        lost=tally.lost,
        duplicated=tally.duplicated,
        complete=tally.lost == tally.duplicated == 0 and statuses.get(OutboxStatus.SENT) == owners,
    )


def _sweep(engine: sa.Engine, *, owners: int) -> float:
    started = time.perf_counter()
    report = run_sweeps_once(engine=engine, now=PROMPTS_OWED, options=SweepOptions())
    seconds = time.perf_counter() - started
    prompts = report.enqueued[CHECKIN_KIND]
    print(f"sweep: {prompts} check-in prompts enqueued in {seconds:.1f} s "
          f"({seconds / max(prompts, 1) * 1000:.1f} ms each)")  # fmt: skip
    if prompts != owners:
        raise SystemExit(f"fanout: the sweep enqueued {prompts} prompts for {owners} owners")
    return seconds


def serve_slack(connection: Connection, *, user_ids: list[str], limits: Limits) -> None:
    """The Slack stand-in, in a process of its own (its work is not the deliverers'):
    sends its token and URL, serves until told to stop, then sends what it saw."""
    with SlackStandIn() as slack:
        _prepare(slack, user_ids=user_ids, limits=limits)
        connection.send((slack.token, slack.api_url))
        connection.recv()
        connection.send([Seen.of(call) for call in slack.recorder.calls()])


def _prepare(slack: SlackStandIn, *, user_ids: list[str], limits: Limits) -> None:
    """The owners as Slack users, and Slack's limits at the rates asked for."""
    for user_id in user_ids:
        slack.add_user(id=user_id, name=user_id.lower())
    for method, per_second in (
        (POST_MESSAGE, limits.post_per_second),
        (OPEN_CONVERSATION, limits.open_per_second),
    ):
        slack.limits.limit_method(
            method, calls=limits.stand_in(per_second), per_seconds=limits.window
        )
    slack.limits.limit_channel_posts(calls=1, per_seconds=1.0)


def _start_slack(engine: sa.Engine, *, limits: Limits) -> tuple[Connection, BaseProcess]:
    with Session(engine) as session:
        user_ids = [u for u in session.exec(select(Person.slack_user_id)).all() if u]
    ours, theirs = multiprocessing.Pipe()
    # Spawned, not forked: a fork would share the database connections of this process.
    process = multiprocessing.get_context("spawn").Process(
        target=serve_slack,
        args=(theirs,),
        kwargs={"user_ids": user_ids, "limits": limits},
        name="slack-stand-in",
        daemon=True,
    )
    process.start()
    return ours, process


def _deliver(token: str, api_url: str, *, engine: sa.Engine, limits: Limits, count: int) -> float:
    """Run the deliverers until the outbox has nothing left to send; the seconds it took."""
    config = _config(limits, count=count)
    client = delivery_client(token=token, base_url=api_url)
    clock = ShiftedClock(PROMPTS_OWED)

    def make() -> Deliverer:
        return Deliverer(
            engine=engine, clients=single_workspace(client), clock=clock, config=config
        )

    workers = DeliveryWorkers(make=make, count=count)
    started = time.monotonic()
    workers.start()
    try:
        _wait_until_done(engine, deadline=started + _patience(engine, limits))
    finally:
        workers.stop(timeout=30)
    return time.monotonic() - started


def _config(limits: Limits, *, count: int) -> DeliveryConfig:
    """The deliverer told the same limits as the stand-in, shared among ``count`` threads."""
    return DeliveryConfig(
        rates={
            POST_MESSAGE: limits.client(limits.post_per_second, share=count),
            OPEN_CONVERSATION: limits.client(limits.open_per_second, share=count),
            HISTORY: DeliveryConfig().rates[HISTORY],
        }
    )


def _patience(engine: sa.Engine, limits: Limits) -> float:
    """Three times what the limit alone needs, and a minute more: then give up waiting."""
    with Session(engine) as session:
        rows = sum(outbox.count_by_status(session=session).values())
    return 3 * rows / limits.post_per_second + 60


def _wait_until_done(engine: sa.Engine, *, deadline: float) -> None:
    while time.monotonic() < deadline:
        with Session(engine) as session:
            counts = outbox.count_by_status(session=session)
        if counts[OutboxStatus.PENDING] == counts[OutboxStatus.SENDING] == 0:
            return
        time.sleep(POLL_SECONDS)
    print("fanout: gave up waiting; the outbox still has rows to send", file=sys.stderr)


def _dedupe_keys(engine: sa.Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(Outbox.dedupe_key).order_by(col(Outbox.id))).all())


def _statuses(engine: sa.Engine) -> dict[OutboxStatus, int]:
    with Session(engine) as session:
        return {k: v for k, v in outbox.count_by_status(session=session).items() if v}


def _report(
    tally: Tally,
    *,
    statuses: dict[OutboxStatus, int],
    limits: Limits,
    timings: Timings,
    load: Sequence[tuple[float, float, float]],
) -> None:
    limit = limits.post_per_second
    end_to_end = tally.delivered / timings.delivery
    rows = [
        ("prompts enqueued by the sweep", f"{tally.expected:,} in {timings.sweep:.1f} s"),
        ("delivered (posted once)", f"{tally.delivered:,}"),
        ("lost / duplicated", f"{tally.lost} / {tally.duplicated}"),
        ("outbox afterwards", ", ".join(f"{s.value} {n:,}" for s, n in statuses.items())),
        ("429s (chat.postMessage / conversations.open)",
         f"{tally.rate_limited.get(POST_MESSAGE, 0)} / "
         f"{tally.rate_limited.get(OPEN_CONVERSATION, 0)}"),
        ("calls (chat.postMessage / conversations.open)",
         f"{tally.calls.get(POST_MESSAGE, 0):,} / {tally.calls.get(OPEN_CONVERSATION, 0):,}"),
        ("sustained rate, first to last post",
         f"{tally.sustained_rate:.1f}/s = **{tally.sustained_rate / limit:.1%}** of {limit}/s"),
        ("delivery, deliverers started to outbox empty",
         f"{timings.delivery:.1f} s = {end_to_end:.1f}/s = {end_to_end / limit:.1%} of {limit}/s"),
        ("CPU of the deliverers' process, per message",
         f"{timings.delivery_cpu / max(tally.delivered, 1) * 1000:.1f} ms"),
        ("whole run (seeding, sweep, delivery)", f"{timings.total:.0f} s"),
        ("load average (1 min, 5 min) before / after",
         " / ".join(f"{one:.1f}, {five:.1f}" for one, five, _ in load)),
    ]  # fmt: skip
    print("| measure | value |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    sys.exit(main())
