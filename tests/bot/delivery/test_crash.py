"""A deliverer process killed (SIGKILL) in the middle of 2,000 messages, and a new one
started after it: every message reaches Slack exactly once."""

import random
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery.config import POST_MESSAGE
from bot.standin import Fault, RecordedCall, SlackStandIn
from storage.enums import OutboxStatus
from storage.models import Outbox
from tests.bot.delivery import deliver_process
from tests.bot.delivery.live import assert_each_sent_once, fill, live_standin, posted

PEOPLE = [f"U{number:05d}" for number in range(1600)]
CHANNELS = [f"C{number:03d}" for number in range(8)]


def _targets() -> list[str]:
    """Every fifth message goes to a channel, each of the others to one person's DM."""
    people = iter(PEOPLE)
    return [CHANNELS[n // 5 % len(CHANNELS)] if n % 5 == 0 else next(people) for n in range(2000)]


TARGETS = _targets()
# Short leases, so the restarted process soon takes over the rows the killed one held;
# the margin outlasts the client's timeout, so no post is in flight when a lease ends.
LEASE = {"lease": 8.0, "lease_margin": 5.0, "timeout": 4}


@pytest.fixture
def crowd() -> Iterator[SlackStandIn]:
    server = live_standin(users=PEOPLE, channels=CHANNELS)
    try:
        yield server
    finally:
        server.stop()


def _start(engine: Engine, slack: SlackStandIn, log: Path) -> subprocess.Popen[str]:
    return deliver_process.start(
        database_url=engine.url.render_as_string(hide_password=False),
        api_url=slack.api_url,
        token=slack.token,
        log=log,
        threads=2,
        **LEASE,
    )


def _row(engine: Engine, key: str) -> Outbox:
    with Session(engine) as session:
        return session.exec(select(Outbox).where(Outbox.dedupe_key == key)).one()


def _key_of(call: RecordedCall) -> str:
    return str(call.response["message"]["metadata"]["event_payload"]["dedupe_key"])


@pytest.mark.slow
def test_a_deliverer_killed_mid_run_loses_nothing_and_posts_nothing_twice(
    engine: Engine, crowd: SlackStandIn, tmp_path: Path
) -> None:
    keys = fill(engine, targets=TARGETS, count=len(TARGETS), prefix="crash")
    # Post number ``kill_at`` reaches Slack but its answer never comes back: the process
    # is killed between posting a message and recording it.
    kill_at = random.randint(300, 700)
    crowd.faults.script(POST_MESSAGE, [None] * (kill_at - 1) + [Fault.timeout(delay=60.0)])
    first = _start(engine, crowd, tmp_path / "first.log")
    try:
        [hung] = crowd.wait_for_calls(
            POST_MESSAGE, where=lambda call: call.fault is not None, timeout=120
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    context = f"killed at post {kill_at}; log: {deliver_process.tail(tmp_path / 'first.log')}"
    assert first.returncode == -signal.SIGKILL, context
    in_slack = len(posted(crowd, TARGETS))
    assert kill_at <= in_slack < len(keys), context
    assert _row(engine, _key_of(hung)).status is OutboxStatus.SENDING, context

    second = _start(engine, crowd, tmp_path / "second.log")
    try:
        second.wait(timeout=240)
    finally:
        if second.poll() is None:
            second.kill()

    assert second.returncode == 0, deliver_process.tail(tmp_path / "second.log")
    assert_each_sent_once(engine, crowd, keys=keys, targets=TARGETS)
