"""Shared fixtures for handler tests: a Slack stand-in, services on the test database,
and ``run(user, text)`` which sends one `/pillar` command through the dispatcher."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol

import pytest
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.app.services import Services
from bot.handlers.dispatch import CommandRequest, run_command
from bot.handlers.replies import Reply
from bot.settings import load_settings
from bot.standin import SlackStandIn
from bot.views.message import Message
from schedules.clock import ManualClock

ADMIN = "UADMIN"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DEFAULT_CHANNEL = "C0GENERAL"


class Run(Protocol):
    def __call__(self, user: str, text: str, *, channel: str = DEFAULT_CHANNEL) -> Reply: ...


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """A Slack stand-in knowing the admin ``UADMIN`` and a ``#general`` channel."""
    with SlackStandIn() as server:
        server.add_user(id=ADMIN, name="ada", tz="UTC")
        server.add_channel(id=DEFAULT_CHANNEL, name="general")
        yield server


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=slack.token, base_url=slack.api_url, timeout=5)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def workspace_id(slack: SlackStandIn) -> str:
    return slack.default_workspace.team_id


@pytest.fixture
def services(engine: Engine, clock: ManualClock) -> Services:
    settings = load_settings(
        DATABASE_URL=engine.url.render_as_string(hide_password=False),
        SLACK_SIGNING_SECRET="x",
        PILLAR_ADMINS=ADMIN,
    )
    return Services(settings=settings, engine=engine, clock=clock)


@pytest.fixture
def run(services: Services, client: WebClient, workspace_id: str) -> Run:
    def run(user: str, text: str, *, channel: str = DEFAULT_CHANNEL) -> Reply:
        request = CommandRequest(
            workspace_id=workspace_id, user_id=user, channel_id=channel, text=text
        )
        return run_command(services=services, client=client, request=request)

    return run


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("text"), str):
            yield node["text"]
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


@pytest.fixture
def text_of() -> Callable[[Reply], str]:
    """Every text a person reads in a message reply; serialising checks Slack's limits."""

    def read(reply: Reply) -> str:
        assert isinstance(reply, Message), f"expected a message, got {reply!r}"
        return "\n".join(_texts(reply.to_dict()["blocks"]))

    return read
