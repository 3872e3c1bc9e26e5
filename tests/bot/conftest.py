"""The whole bot over real HTTP against the local Slack stand-in."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine

from bot.local import LocalBot

ADMIN = "UADMIN"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def local_bot(engine: Engine) -> Iterator[LocalBot]:
    url = engine.url.render_as_string(hide_password=False)
    with LocalBot(database_url=url, start_at=START, admins=frozenset({ADMIN})) as bot:
        bot.slack.add_user(id=ADMIN, name="ada", real_name="Ada Admin", tz="Europe/Berlin")
        yield bot
