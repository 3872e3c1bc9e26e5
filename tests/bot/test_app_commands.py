"""The real app over real HTTP with real signatures, against the local Slack stand-in."""

import re
import time
import urllib.request
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.app.handoff import ACK_DEADLINE_SECONDS
from bot.listeners import command as command_listener
from bot.local import LocalBot
from storage.enums import Status
from storage.models import Person, ProgressUpdate
from tests.bot.conftest import OWNER, seed_task


@pytest.fixture
def bot(local_bot: LocalBot) -> LocalBot:
    return local_bot


def test_health_check_answers_when_the_database_does(bot: LocalBot) -> None:
    url = f"http://127.0.0.1:{bot.runtime.server.port}/healthz"
    with urllib.request.urlopen(url, timeout=5) as answer:
        assert answer.status == 200


def test_forged_and_stale_requests_are_refused(bot: LocalBot) -> None:
    forged = bot.driver.slash_command(user_id=OWNER, text="help", signature="v0=" + "0" * 64)
    assert forged.status == 401
    stale = bot.driver.slash_command(user_id=OWNER, text="help", timestamp=int(time.time()) - 600)
    assert stale.status == 401


def test_help_comes_back_in_the_acknowledgement(bot: LocalBot) -> None:
    reply = bot.driver.slash_command(user_id=OWNER, text="help")
    assert reply.status == 200
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    assert "/pillar update" in str(body["blocks"])


def test_update_records_progress_and_confirms(bot: LocalBot) -> None:
    task = seed_task(bot)
    reply = bot.driver.slash_command(
        user_id=OWNER, text=f"update {task.ref} at-risk 40% lease late"
    )
    assert reply.status == 200
    assert "Progress recorded" in reply.json()["text"]
    with Session(bot.runtime.services.engine) as session:
        update = session.exec(select(ProgressUpdate)).one()
        assert (update.status, update.percent, update.note) == (Status.AT_RISK, 40, "lease late")
        author = session.get(Person, update.author_id)
        assert author is not None
        assert author.slack_user_id == OWNER
        assert author.tz == "Africa/Lagos"


def test_a_stranger_may_not_update_someone_elses_task(bot: LocalBot) -> None:
    task = seed_task(bot)
    bot.slack.add_user(id="USTRANGER", name="sam")
    reply = bot.driver.slash_command(user_id="USTRANGER", text=f"update {task.ref} done")
    assert "Only its owner <@UOWNER>" in reply.json()["text"]
    with Session(bot.runtime.services.engine) as session:
        assert session.exec(select(ProgressUpdate)).all() == []


def test_a_usage_error_says_what_is_right(bot: LocalBot) -> None:
    reply = bot.driver.slash_command(user_id=OWNER, text="udpate T-1 done")
    assert "Did you mean `/pillar update`?" in reply.json()["text"]


def test_metrics_count_commands(bot: LocalBot) -> None:
    url = f"http://127.0.0.1:{bot.runtime.server.port}/metrics"

    def handled() -> float:
        with urllib.request.urlopen(url, timeout=5) as answer:
            for line in answer.read().decode().splitlines():
                if line.startswith('pillar_commands_total{command="mine",outcome="answered"}'):
                    return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = handled()
    bot.driver.slash_command(user_id=OWNER, text="mine")
    assert handled() == before + 1


def test_metrics_show_the_outbox_depth_and_leadership(bot: LocalBot) -> None:
    url = f"http://127.0.0.1:{bot.runtime.server.port}/metrics"
    with urllib.request.urlopen(url, timeout=5) as answer:
        text = answer.read().decode()
    assert 'pillar_outbox_rows{status="pending"} 0.0' in text
    assert "pillar_sweep_leader 0.0" in text  # this bot's scheduler is off


def test_a_command_slower_than_the_deadline_is_answered_at_its_response_url(
    bot: LocalBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = command_listener.run_command

    def slow(**arguments: Any) -> Any:
        time.sleep(ACK_DEADLINE_SECONDS + 0.3)
        return quick(**arguments)

    monkeypatch.setattr(command_listener, "run_command", slow)
    started = time.monotonic()
    reply = bot.driver.slash_command(user_id=OWNER, text="help")
    assert (reply.status, reply.body.strip()) == (200, "")
    assert time.monotonic() - started < ACK_DEADLINE_SECONDS + 0.25
    [post] = bot.slack.wait_for_response_posts(reply.response_url)
    assert "/pillar update" in str(post.body["blocks"])


def test_an_unexpected_error_is_acked_and_the_person_shown_its_id(
    bot: LocalBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_arguments: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(command_listener, "run_command", broken)
    reply = bot.driver.slash_command(user_id=OWNER, text="help")
    assert (reply.status, reply.body.strip()) == (200, "")
    [post] = bot.slack.wait_for_response_posts(reply.response_url)
    assert "went wrong on our side" in post.body["text"]
    assert re.search(r"error id `[0-9a-f]{8}`", post.body["text"])
