"""JSON logs of a command and of deliveries, end to end: every line is one JSON object
carrying the workspace and request id, and no secret or message body is in any of them."""

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from bot.local import SIGNING_SECRET, LocalBot
from bot.logs import configure_logging
from bot.standin import Fault
from storage import crud
from storage.models import Workspace
from tests.bot.conftest import ADMIN, OWNER, seed_task

FIELDS = {"time", "level", "logger", "message", "workspace", "request"}
NOTE = "the Zanzibar permit is stuck"
TITLE = "Open Lagos office"  # seed_task's task: in the reply, the alert and the prompt
# Tuesday 1 December 2026, 09:30 in Lagos: the owner's December check-in is open.
LAGOS_CHECK_IN_OPEN = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)


@pytest.fixture
def json_log(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    """`pillar run`'s logging in JSON at DEBUG, the most it ever says; restored after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging(level="DEBUG", fmt="json")
    capsys.readouterr()
    yield capsys
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


def _managed_by_admin(bot: LocalBot) -> None:
    """ADMIN manages OWNER (so a blocker alerts them); the workspace is known to the sweeps."""
    with Session(bot.runtime.services.engine) as session:
        workspace_id = bot.slack.default_workspace.team_id
        if session.get(Workspace, workspace_id) is None:
            session.add(Workspace(id=workspace_id, created_at=bot.clock.now()))
        manager = crud.get_or_create_person(
            session=session, workspace_id=workspace_id, actor=None, slack_user_id=ADMIN,
            name="Ada", tz="Europe/Berlin", now=bot.clock.now(),
        )  # fmt: skip
        owner = crud.get_or_create_person(
            session=session, workspace_id=workspace_id, actor=None, slack_user_id=OWNER,
            now=bot.clock.now(),
        )  # fmt: skip
        owner.manager_id = manager.id
        session.add(owner)
        session.commit()


def _lines(text: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in text.splitlines()]
    for line in lines:
        assert set(line) >= FIELDS, line
        for name in ("workspace", "request"):
            assert isinstance(line[name], str), line
            assert line[name], line
    return lines


def _by(lines: list[dict[str, Any]], logger: str) -> list[dict[str, Any]]:
    found = [line for line in lines if line["logger"] == logger]
    assert found, f"nothing logged by {logger}"
    return found


def test_requests_sweeps_and_deliveries_log_json_with_context_and_no_secrets(
    local_bot: LocalBot, json_log: pytest.CaptureFixture[str]
) -> None:
    bot = local_bot
    task = seed_task(bot)
    _managed_by_admin(bot)
    workspace_id = bot.slack.default_workspace.team_id

    reply = bot.driver.slash_command(user_id=OWNER, text=f"block {task.ref} {NOTE}")
    assert reply.status == 200
    bot.driver.app_home_opened(user_id=OWNER, event_id="Ev0000000042")
    bot.driver.app_home_opened(user_id=OWNER, event_id="Ev0000000042", retry_num=1)
    bot.clock.set(LAGOS_CHECK_IN_OPEN)
    assert bot.runtime.run_sweeps_once().enqueued == {"checkin": 1}
    # The first post (the alert) fails and logs a warning; its retry gets through.
    bot.slack.faults.script("chat.postMessage", [Fault.server_error()])
    first = bot.deliver()
    assert (first.retried, first.sent) == (1, 1)
    bot.clock.advance(timedelta(hours=1))
    assert bot.deliver().sent == 1
    assert NOTE in bot.slack.messages_to(ADMIN)[0]["text"]
    assert TITLE in json.dumps(bot.slack.messages_to(OWNER)[0]["blocks"])

    text = json_log.readouterr().err
    lines = _lines(text)
    for secret in (bot.slack.token, SIGNING_SECRET, NOTE, TITLE):
        assert secret not in text
    command = _by(lines, "bot.listeners.command")
    assert {(line["workspace"], line["request"]) for line in command} == {
        (workspace_id, reply.trigger_id)
    }
    replay = _by(lines, "bot.listeners.dedupe")
    assert {(line["workspace"], line["request"]) for line in replay} == {
        (workspace_id, "Ev0000000042")
    }
    sweep = _by(lines, "bot.sweeps.run")
    assert len({line["request"] for line in sweep}) == 1
    assert sweep[0]["request"].startswith("sweep-")
    delivery = _by(lines, "bot.delivery.deliverer")
    assert {line["level"] for line in delivery} == {"INFO", "WARNING"}
    assert {line["workspace"] for line in delivery} == {workspace_id}
    assert {line["request"] for line in delivery} == {"outbox-1", "outbox-2"}


def test_scheduler_ticks_are_not_logged_but_its_warnings_are(
    json_log: pytest.CaptureFixture[str],
) -> None:
    ticks = logging.getLogger("apscheduler.executors.default")
    assert not ticks.isEnabledFor(logging.INFO)
    assert ticks.isEnabledFor(logging.WARNING)
