"""Several deliverers on one database, in real time, against a Slack that misbehaves:
every message arrives exactly once."""

import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import Deliverer, DeliveryConfig, Rate, delivery_client, single_workspace
from bot.delivery.config import HISTORY, POST_MESSAGE
from bot.standin import Fault, SlackStandIn
from storage import outbox
from storage.enums import OutboxStatus
from storage.models import Outbox

ROOT = Path(__file__).resolve().parents[3]
CHANNELS = ["C1", "C2", "C3", "C4", "U1", "U2"]


class WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def _fast_config(**overrides: Any) -> DeliveryConfig:
    settings: dict[str, Any] = {
        "batch_size": 10,
        "lease": timedelta(seconds=30),
        "lease_margin": timedelta(seconds=5),
        "max_attempts": 40,
        "backoff_base": timedelta(milliseconds=20),
        "backoff_cap": timedelta(milliseconds=200),
        "channel_interval": timedelta(0),
        "rates": {POST_MESSAGE: Rate(per_second=500, burst=50), HISTORY: Rate(per_second=500)},
        "idle_seconds": 0.02,
        "error_pause_seconds": 0.05,
    }
    settings.update(overrides)
    return DeliveryConfig(**settings)


@pytest.fixture
def live_slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        for user in ("U1", "U2"):
            server.add_user(id=user, name=user.lower())
        for channel in ("C1", "C2", "C3", "C4"):
            server.add_channel(id=channel, name=channel.lower())
        yield server


def _fill(engine: Engine, count: int) -> list[str]:
    now = datetime.now(UTC)
    keys = [f"replica:{number}" for number in range(count)]
    with Session(engine) as session:
        for number, key in enumerate(keys):
            outbox.enqueue(
                session=session,
                workspace_id="T0TEST",
                dedupe_key=key,
                kind="replica",
                channel=CHANNELS[number % len(CHANNELS)],
                text=f"message {number}",
                now=now,
            )
        session.commit()
    return keys


def _misbehave(slack: SlackStandIn) -> None:
    slack.faults.reseed(7)
    # Posts that fail after they took effect are the ones that tempt a second post.
    slack.faults.randomly(POST_MESSAGE, Fault.server_error(applied=True), fraction=0.15)
    slack.faults.randomly(POST_MESSAGE, Fault.server_error(status=503), fraction=0.10)
    slack.faults.randomly(POST_MESSAGE, Fault.rate_limited(retry_after=1), fraction=0.03)
    slack.faults.randomly(HISTORY, Fault.server_error(), fraction=0.10)


def _delivered_keys(slack: SlackStandIn) -> Counter[str]:
    keys: Counter[str] = Counter()
    for channel in CHANNELS:
        for message in slack.messages_to(channel):
            keys[message["metadata"]["event_payload"]["dedupe_key"]] += 1
    return keys


def _wait_until(done: Callable[[], bool], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not done within {timeout}s")
        time.sleep(0.05)


def _all_settled(engine: Engine) -> bool:
    with Session(engine) as session:
        counts = outbox.count_by_status(session=session)
    return counts[OutboxStatus.PENDING] == 0 and counts[OutboxStatus.SENDING] == 0


def _assert_each_sent_once(engine: Engine, slack: SlackStandIn, keys: list[str]) -> None:
    delivered = _delivered_keys(slack)
    assert sorted(delivered) == sorted(keys)
    assert [key for key, count in delivered.items() if count > 1] == []
    with Session(engine) as session:
        rows = list(session.exec(select(Outbox)))
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    posted_ts = {
        message["metadata"]["event_payload"]["dedupe_key"]: message["ts"]
        for channel in CHANNELS
        for message in slack.messages_to(channel)
    }
    assert {row.dedupe_key: row.slack_ts for row in rows} == posted_ts


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
            config=_fast_config(),
        )
        thread = threading.Thread(target=deliverer.run_forever, args=(stop,), name=f"d{number}")
        threads.append(thread)
        thread.start()
    try:
        _wait_until(lambda: _all_settled(engine), timeout=60)
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)

    assert not any(thread.is_alive() for thread in threads)
    _assert_each_sent_once(engine, live_slack, keys)
    faults = Counter(call.fault for call in live_slack.calls(POST_MESSAGE) if call.fault)
    assert faults["http_error:fatal_error"] > 0  # the run did meet failing posts


_CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime, timedelta
    from sqlmodel import Session
    from bot.delivery import Deliverer, DeliveryConfig, Rate, delivery_client, single_workspace
    from storage import outbox
    from storage.db import make_engine
    from storage.enums import OutboxStatus

    class WallClock:
        def now(self):
            return datetime.now(UTC)

    url, api_url, token = sys.argv[1:4]
    engine = make_engine(url)
    config = DeliveryConfig(
        batch_size=10, max_attempts=40, channel_interval=timedelta(0),
        rates={"chat.postMessage": Rate(per_second=500, burst=50)},
        backoff_base=timedelta(milliseconds=20), backoff_cap=timedelta(milliseconds=200),
    )
    client = delivery_client(token=token, base_url=api_url, timeout=5)
    deliverer = Deliverer(
        engine=engine, clients=single_workspace(client), clock=WallClock(), config=config
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        deliverer.run_once()
        with Session(engine) as session:
            counts = outbox.count_by_status(session=session)
        if counts[OutboxStatus.PENDING] + counts[OutboxStatus.SENDING] == 0:
            break
        time.sleep(0.02)
    """
)


@pytest.mark.slow
def test_deliverers_in_separate_processes_post_every_row_exactly_once(
    engine: Engine, live_slack: SlackStandIn
) -> None:
    keys = _fill(engine, 120)
    _misbehave(live_slack)
    url = engine.url.render_as_string(hide_password=False)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, url, live_slack.api_url, live_slack.token],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    errors = []
    for child in children:
        _, stderr = child.communicate(timeout=90)
        if child.returncode != 0:
            errors.append(stderr[-2000:])

    assert errors == []
    _assert_each_sent_once(engine, live_slack, keys)


def test_a_429_is_waited_out_for_at_least_retry_after(
    engine: Engine, live_slack: SlackStandIn
) -> None:
    live_slack.faults.script(POST_MESSAGE, [Fault.rate_limited(retry_after=1)])
    [key] = _fill(engine, 1)
    client = delivery_client(token=live_slack.token, base_url=live_slack.api_url)
    deliverer = Deliverer(
        engine=engine, clients=single_workspace(client), clock=WallClock(), config=_fast_config()
    )
    stop = threading.Event()
    thread = threading.Thread(target=deliverer.run_forever, args=(stop,))
    thread.start()
    try:
        live_slack.wait_for_calls(POST_MESSAGE, count=2, timeout=10)
        _wait_until(lambda: _all_settled(engine), timeout=10)
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
        config=_fast_config(lease=timedelta(seconds=6), lease_margin=timedelta(seconds=1)),
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
