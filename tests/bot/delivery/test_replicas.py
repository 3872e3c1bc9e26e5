"""Several deliverers on one database, in real time, against a Slack that misbehaves:
every message arrives exactly once."""

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import Deliverer, delivery_client, single_workspace
from bot.delivery.config import HISTORY, POST_MESSAGE
from bot.standin import Fault, SlackStandIn
from storage.enums import OutboxStatus
from storage.models import Outbox
from tests.bot.delivery import deliver_process
from tests.bot.delivery.live import (
    WallClock,
    all_settled,
    assert_each_sent_once,
    fast_config,
    fill,
    live_standin,
    wait_until,
)

CHANNELS = ["C1", "C2", "C3", "C4", "U1", "U2"]


@pytest.fixture
def live_slack() -> Iterator[SlackStandIn]:
    server = live_standin(users=["U1", "U2"], channels=["C1", "C2", "C3", "C4"])
    try:
        yield server
    finally:
        server.stop()


def _fill(engine: Engine, count: int) -> list[str]:
    return fill(engine, targets=CHANNELS, count=count, prefix="replica")


def _misbehave(slack: SlackStandIn) -> None:
    slack.faults.reseed(7)
    # Posts that fail after they took effect are the ones that tempt a second post.
    slack.faults.randomly(POST_MESSAGE, Fault.server_error(applied=True), fraction=0.15)
    slack.faults.randomly(POST_MESSAGE, Fault.server_error(status=503), fraction=0.10)
    slack.faults.randomly(POST_MESSAGE, Fault.rate_limited(retry_after=1), fraction=0.03)
    slack.faults.randomly(HISTORY, Fault.server_error(), fraction=0.10)


@pytest.mark.slow
def test_deliverers_in_threads_post_every_row_exactly_once(
    engine: Engine, live_slack: SlackStandIn
) -> None:
    keys = _fill(engine, 150)
    _misbehave(live_slack)
    stop = threading.Event()
    threads = []
    for number in range(4):
        client = delivery_client(token=live_slack.token, base_url=live_slack.api_url, timeout=5)
        deliverer = Deliverer(
            engine=engine,
            clients=single_workspace(client),
            clock=WallClock(),
            config=fast_config(),
        )
        thread = threading.Thread(target=deliverer.run_forever, args=(stop,), name=f"d{number}")
        threads.append(thread)
        thread.start()
    try:
        wait_until(lambda: all_settled(engine), timeout=60)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)

    assert not any(thread.is_alive() for thread in threads)
    assert_each_sent_once(engine, live_slack, keys=keys, targets=CHANNELS)
    faults = Counter(call.fault for call in live_slack.calls(POST_MESSAGE) if call.fault)
    assert faults["http_error:fatal_error"] > 0  # the run did meet failing posts


@pytest.mark.slow
def test_deliverers_in_separate_processes_post_every_row_exactly_once(
    engine: Engine, live_slack: SlackStandIn, tmp_path: Path
) -> None:
    keys = _fill(engine, 120)
    _misbehave(live_slack)
    logs = [tmp_path / f"deliverer-{number}.log" for number in range(3)]
    children = [
        deliver_process.start(
            database_url=engine.url.render_as_string(hide_password=False),
            api_url=live_slack.api_url,
            token=live_slack.token,
            log=log,
            deadline=60,
        )
        for log in logs
    ]
    try:
        for child in children:
            child.wait(timeout=90)
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()

    failed = [
        deliver_process.tail(log)
        for child, log in zip(children, logs, strict=True)
        if child.returncode != 0
    ]
    assert failed == []
    assert_each_sent_once(engine, live_slack, keys=keys, targets=CHANNELS)


def test_a_429_is_waited_out_for_at_least_retry_after(
    engine: Engine, live_slack: SlackStandIn
) -> None:
    live_slack.faults.script(POST_MESSAGE, [Fault.rate_limited(retry_after=1)])
    [key] = _fill(engine, 1)
    client = delivery_client(token=live_slack.token, base_url=live_slack.api_url)
    deliverer = Deliverer(
        engine=engine, clients=single_workspace(client), clock=WallClock(), config=fast_config()
    )
    stop = threading.Event()
    thread = threading.Thread(target=deliverer.run_forever, args=(stop,))
    thread.start()
    try:
        live_slack.wait_for_calls(POST_MESSAGE, count=2, timeout=10)
        wait_until(lambda: all_settled(engine), timeout=10)
    finally:
        stop.set()
        thread.join(5)

    limited, posted = live_slack.calls(POST_MESSAGE)
    assert limited.status == 429
    assert posted.ok
    assert posted.time - limited.time >= 1.0
    with Session(engine) as session:
        row = session.exec(select(Outbox).where(Outbox.dedupe_key == key)).one()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 0, None)


def test_run_forever_survives_a_failing_round_and_stops_when_asked(
    engine: Engine, live_slack: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    _fill(engine, 1)
    calls = []

    def misconfigured(workspace_id: str) -> Any:
        calls.append(workspace_id)
        raise RuntimeError("the installation store is down")

    deliverer = Deliverer(
        engine=engine,
        clients=misconfigured,
        clock=WallClock(),
        config=fast_config(lease=timedelta(seconds=6), lease_margin=timedelta(seconds=1)),
    )
    stop = threading.Event()
    thread = threading.Thread(target=deliverer.run_forever, args=(stop,))
    thread.start()
    time.sleep(0.3)
    stop.set()
    thread.join(2)

    assert not thread.is_alive()
    assert calls == ["T0TEST"]
    assert "a delivery round failed" in caplog.text
