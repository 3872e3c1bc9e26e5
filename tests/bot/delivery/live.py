"""Delivery in real time against a live stand-in: the wall clock, a fast configuration,
outbox rows to send, and the count of what reached Slack."""

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import DeliveryConfig, Rate
from bot.delivery.config import HISTORY, OPEN_CONVERSATION, POST_MESSAGE
from bot.standin import SlackStandIn
from storage import outbox
from storage.enums import OutboxStatus
from storage.models import Outbox

ROOT = Path(__file__).resolve().parents[3]
WORKSPACE = "T0TEST"


class WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def fast_config(**overrides: Any) -> DeliveryConfig:
    """Short backoffs and pauses, and client-side limits far above what a test sends."""
    settings: dict[str, Any] = {
        "batch_size": 10,
        "lease": timedelta(seconds=30),
        "lease_margin": timedelta(seconds=5),
        "max_attempts": 40,
        "backoff_base": timedelta(milliseconds=20),
        "backoff_cap": timedelta(milliseconds=200),
        "channel_interval": timedelta(0),
        "rates": {
            POST_MESSAGE: Rate(per_second=500, burst=50),
            HISTORY: Rate(per_second=500),
            OPEN_CONVERSATION: Rate(per_second=500),
        },
        "idle_seconds": 0.02,
        "error_pause_seconds": 0.05,
    }
    settings.update(overrides)
    return DeliveryConfig(**settings)


def live_standin(*, users: Iterable[str], channels: Iterable[str]) -> SlackStandIn:
    """A started stand-in on the wall clock that knows these users and channels."""
    server = SlackStandIn().start()
    for user in users:
        server.add_user(id=user, name=user.lower())
    for channel in channels:
        server.add_channel(id=channel, name=channel.lower())
    return server


def fill(engine: Engine, *, targets: Sequence[str], count: int, prefix: str) -> list[str]:
    """Owe ``count`` messages, going round ``targets``; their dedupe keys, in order."""
    now = datetime.now(UTC)
    keys = [f"{prefix}:{number}" for number in range(count)]
    with Session(engine) as session:
        for number, key in enumerate(keys):
            outbox.enqueue(
                session=session,
                workspace_id=WORKSPACE,
                dedupe_key=key,
                kind=prefix,
                channel=targets[number % len(targets)],
                text=f"message {number}",
                now=now,
            )
        session.commit()
    return keys


def posted(slack: SlackStandIn, targets: Iterable[str]) -> list[tuple[str, str]]:
    """(dedupe key, ts) of every message now in these channels and DMs."""
    return [
        (message["metadata"]["event_payload"]["dedupe_key"], message["ts"])
        for target in sorted(set(targets))
        for message in slack.messages_to(target)
    ]


def wait_until(done: Callable[[], bool], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not done within {timeout}s")
        time.sleep(0.05)


def all_settled(engine: Engine) -> bool:
    """Nothing left to send: no row pending or in flight."""
    with Session(engine) as session:
        counts = outbox.count_by_status(session=session)
    return counts[OutboxStatus.PENDING] == 0 and counts[OutboxStatus.SENDING] == 0


def assert_each_sent_once(
    engine: Engine, slack: SlackStandIn, *, keys: Sequence[str], targets: Iterable[str]
) -> None:
    """Every key is in Slack exactly once, and its row is sent with that message's ts."""
    messages = posted(slack, targets)
    delivered = Counter(key for key, _ in messages)
    twice = sorted(key for key, count in delivered.items() if count > 1)
    missing = sorted(set(keys) - set(delivered))
    assert not twice, f"{len(twice)} posted more than once: {twice[:10]}"
    assert not missing, f"{len(missing)} never posted: {missing[:10]}"
    assert len(delivered) == len(keys), f"{len(delivered)} keys posted, {len(keys)} owed"
    with Session(engine) as session:
        rows = list(session.exec(select(Outbox)))
    statuses = Counter(row.status for row in rows)
    assert statuses == {OutboxStatus.SENT: len(keys)}, f"outbox rows: {dict(statuses)}"
    in_slack = set(messages)
    wrong = [row.dedupe_key for row in rows if (row.dedupe_key, row.slack_ts) not in in_slack]
    assert not wrong, f"{len(wrong)} rows without their message's ts: {wrong[:10]}"
