"""Listeners run in the pool; Slack is answered on their ack, their end, or the deadline."""

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult

from bot.app.handoff import Listen, OnceAck


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=4) as executor:
        yield executor


def an_app() -> App:
    return App(
        signing_secret="secret",
        request_verification_enabled=False,
        process_before_response=True,
        authorize=lambda **_: AuthorizeResult(
            enterprise_id=None, team_id="T1", bot_token="xoxb-1", bot_user_id="UBOT"
        ),
    )


def command(app: App) -> BoltResponse:
    body = urlencode({"command": "/p", "text": "", "team_id": "T1", "user_id": "U1",
                      "response_url": "http://127.0.0.1:9/respond"})  # fmt: skip
    headers = {"content-type": ["application/x-www-form-urlencoded"]}
    return app.dispatch(BoltRequest(body=body, headers=headers))


def event(app: App) -> BoltResponse:
    body = {"type": "event_callback", "team_id": "T1", "event_id": "Ev1",
            "event": {"type": "app_home_opened", "user": "U1", "tab": "home"}}  # fmt: skip
    headers = {"content-type": ["application/json"]}
    return app.dispatch(BoltRequest(body=json.dumps(body), headers=headers))


def test_slack_is_answered_on_the_ack_while_the_listener_goes_on(
    pool: ThreadPoolExecutor,
) -> None:
    app, go_on, finished = an_app(), threading.Event(), threading.Event()

    @Listen(app, pool=pool).command("/p")
    def _listener(ack: OnceAck) -> None:
        ack(text="on it", response_type="ephemeral")
        go_on.wait(5)
        finished.set()

    answer = command(app)
    seen = answer.status, json.loads(answer.body), finished.is_set()
    go_on.set()
    assert seen == (200, {"text": "on it", "response_type": "ephemeral"}, False)
    assert finished.wait(5)


def test_a_listener_that_ends_without_acking_is_acked_empty(pool: ThreadPoolExecutor) -> None:
    app, ran = an_app(), threading.Event()

    @Listen(app, pool=pool).command("/p")
    def _listener(body: dict[str, Any]) -> None:
        ran.set()

    answer = command(app)
    assert (answer.status, answer.body) == (200, "")
    assert ran.is_set()


def test_a_slow_listener_is_acked_empty_at_the_deadline_and_its_ack_refused(
    pool: ThreadPoolExecutor,
) -> None:
    app, go_on, late = an_app(), threading.Event(), []

    @Listen(app, pool=pool, deadline=0.05).command("/p")
    def _listener(ack: OnceAck) -> None:
        go_on.wait(5)
        late.append(ack(text="too late"))

    started = time.monotonic()
    answer = command(app)
    assert time.monotonic() - started < 2
    assert (answer.status, answer.body) == (200, "")
    go_on.set()
    pool.shutdown(wait=True)
    assert late == [False]


def test_an_event_is_acknowledged_before_its_listener_runs(pool: ThreadPoolExecutor) -> None:
    app, go_on, handled = an_app(), threading.Event(), []

    @Listen(app, pool=pool).event("app_home_opened")
    def _listener(event: dict[str, Any]) -> None:
        go_on.wait(5)
        handled.append(event["user"])

    assert event(app).status == 200
    assert handled == []
    go_on.set()
    pool.shutdown(wait=True)
    assert handled == ["U1"]


def test_a_failing_listener_is_acked_and_its_error_logged_with_an_id(
    pool: ThreadPoolExecutor, caplog: pytest.LogCaptureFixture
) -> None:
    app = an_app()

    @Listen(app, pool=pool).event("app_home_opened")
    def _listener(event: dict[str, Any]) -> None:
        raise RuntimeError("boom")

    assert event(app).status == 200
    pool.shutdown(wait=True)
    [record] = [r for r in caplog.records if r.getMessage().startswith("unhandled error")]
    assert "RuntimeError" in record.getMessage()


def test_once_ack_sends_the_first_answer_only() -> None:
    sent: list[dict[str, Any]] = []
    ack = OnceAck(lambda **answer: sent.append(answer))  # type: ignore[arg-type]
    assert ack(text="first") is True
    assert ack(text="second") is False
    assert ack.wait(0) is True
    assert sent == [{"text": "first"}]
