from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.standin import SlackStandIn


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        server.add_user(
            id="U1", name="ana", real_name="Ana Lima", tz="Europe/Lisbon", email="ana@example.org"
        )
        server.add_user(id="U2", name="ben", is_admin=True, email="Ben@Example.org")
        server.add_user(id="U3", name="gone", deleted=True)
        server.add_channel(id="C1", name="eng")
        yield server


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=slack.token, base_url=slack.api_url, timeout=5)
