"""A Slack stand-in on the test clock, and deliverers wired to it and to the test database."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import Deliverer, DeliveryConfig, Rate, delivery_client, single_workspace
from bot.delivery.config import HISTORY, OPEN_CONVERSATION, POST_MESSAGE
from bot.standin import SlackStandIn
from storage import outbox
from storage.models import Outbox

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
WS = "T0TEST"


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime = START) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> datetime:
        self.moment += timedelta(seconds=seconds)
        return self.moment


def unlimited_config(**overrides: Any) -> DeliveryConfig:
    """No client-side limit gets in the way unless a test sets one."""
    settings: dict[str, Any] = {
        "rates": {
            POST_MESSAGE: Rate(per_second=10_000, burst=10_000),
            HISTORY: Rate(per_second=10_000, burst=10_000),
            OPEN_CONVERSATION: Rate(per_second=10_000, burst=10_000),
        },
        "channel_interval": timedelta(0),
        "backoff_base": timedelta(seconds=10),
        "backoff_cap": timedelta(minutes=10),
    }
    settings.update(overrides)
    return DeliveryConfig(**settings)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def slack(clock: FakeClock) -> Iterator[SlackStandIn]:
    with SlackStandIn(clock=lambda: clock.now().timestamp()) as server:
        server.add_user(id="U1", name="ana")
        server.add_user(id="U2", name="ben")
        server.add_user(id="U3", name="gone", deleted=True)
        server.add_channel(id="C1", name="eng")
        server.add_channel(id="C2", name="ops")
        server.add_channel(id="C3", name="sales", bot_is_member=False)
        server.add_channel(id="C4", name="old", is_archived=True)
        yield server


MakeDeliverer = Callable[..., Deliverer]


@pytest.fixture
def make_deliverer(engine: Engine, slack: SlackStandIn, clock: FakeClock) -> MakeDeliverer:
    def make(
        *, config: DeliveryConfig | None = None, timeout: int = 5, **overrides: Any
    ) -> Deliverer:
        client = delivery_client(token=slack.token, base_url=slack.api_url, timeout=timeout)
        arguments: dict[str, Any] = {
            "engine": engine,
            "clients": single_workspace(client),
            "clock": clock,
            "config": config or unlimited_config(),
            "draw": lambda: 1.0,
        }
        arguments.update(overrides)
        return Deliverer(**arguments)

    return make


Put = Callable[..., bool]


@pytest.fixture
def put(engine: Engine) -> Put:
    """Enqueue a message (to C1 at START unless told otherwise) and commit."""

    def enqueue(key: str, *, channel: str = "C1", now: datetime = START, **more: Any) -> bool:
        with Session(engine) as session:
            added = outbox.enqueue(
                session=session,
                workspace_id=more.pop("workspace_id", WS),
                dedupe_key=key,
                kind=more.pop("kind", "digest"),
                channel=channel,
                text=more.pop("text", f"message {key}"),
                now=now,
                **more,
            )
            session.commit()
        return added

    return enqueue


@pytest.fixture
def stored(engine: Engine) -> Callable[[str], Outbox]:
    """The row with this dedupe key, as the database has it now."""

    def load(key: str) -> Outbox:
        with Session(engine) as session:
            return session.exec(select(Outbox).where(Outbox.dedupe_key == key)).one()

    return load


@pytest.fixture
def config_with() -> Callable[..., DeliveryConfig]:
    return unlimited_config
