"""Which failures wait, which retry, which give up; and the backoff between retries."""

from datetime import timedelta
from typing import Any
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.delivery.failures import Failure, FailureKind, backoff_delay, classify


def _slack_error(status: int, data: Any, headers: dict[str, Any] | None = None) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.test/api/chat.postMessage",
        req_args={},
        data=data,
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError("failed", response)


@pytest.mark.parametrize(
    ("headers", "retry_after"),
    [
        ({"Retry-After": "30"}, 30.0),
        ({"retry-after": "2"}, 2.0),
        ({"Retry-After": ["5"]}, 5.0),
        ({}, None),
        ({"Retry-After": "soon"}, None),
    ],
)
def test_http_429_is_a_rate_limit_with_its_retry_after(
    headers: dict[str, Any], retry_after: float | None
) -> None:
    error = _slack_error(429, {"ok": False, "error": "ratelimited"}, headers)
    assert classify(error) == Failure(FailureKind.RATE_LIMITED, "ratelimited", retry_after)


@pytest.mark.parametrize(
    ("status", "data", "reason"),
    [
        (500, {"ok": False, "error": "fatal_error"}, "http 500 fatal_error"),
        (503, {"ok": False}, "http 503"),
        (
            502,
            {"ok": False, "error": "Received a response in a non-JSON format: <html>"},
            "http 502",
        ),
        (200, {"ok": False, "error": "internal_error"}, "internal_error"),
        (200, {"ok": False, "error": "service_unavailable"}, "service_unavailable"),
        (200, {"ok": False, "error": "request_timeout"}, "request_timeout"),
        (200, {"ok": False, "error": "ratelimited"}, "ratelimited"),
    ],
)
def test_server_trouble_is_transient(status: int, data: Any, reason: str) -> None:
    assert classify(_slack_error(status, data)) == Failure(FailureKind.TRANSIENT, reason)


@pytest.mark.parametrize(
    "code",
    [
        "channel_not_found",
        "not_in_channel",
        "user_not_found",
        "account_inactive",
        "is_archived",
        "invalid_blocks",
        "msg_too_long",
        "no_text",
        "invalid_auth",
        "token_revoked",
        "missing_scope",
        "restricted_action",
        "cannot_dm_bot",
        "some_error_slack_adds_next_year",
    ],
)
def test_a_refused_request_is_permanent(code: str) -> None:
    error = _slack_error(200, {"ok": False, "error": code})
    assert classify(error) == Failure(FailureKind.PERMANENT, code)


def test_a_client_error_without_a_code_is_permanent() -> None:
    assert classify(_slack_error(404, {"ok": False})) == Failure(FailureKind.PERMANENT, "http 404")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (TimeoutError("timed out"), "timeout"),
        (URLError(TimeoutError("timed out")), "timeout"),
        (URLError(ConnectionRefusedError(111, "refused")), "connection error (URLError)"),
        (ConnectionResetError(104, "reset"), "connection error (ConnectionResetError)"),
        (KeyError("ts"), "unexpected error (KeyError)"),
    ],
)
def test_network_trouble_and_surprises_are_transient(error: BaseException, reason: str) -> None:
    assert classify(error) == Failure(FailureKind.TRANSIENT, reason)


BASE, CAP = timedelta(seconds=5), timedelta(minutes=2)


@pytest.mark.parametrize(
    ("attempt", "draw", "seconds"),
    [
        (1, 1.0, 5),
        (2, 1.0, 10),
        (3, 1.0, 20),
        (3, 0.0, 10),
        (3, 0.5, 15),
        (6, 1.0, 120),  # 160 s capped at 2 minutes
        (500, 1.0, 120),
    ],
)
def test_backoff_doubles_up_to_the_cap_with_jitter(
    attempt: int, draw: float, seconds: float
) -> None:
    delay = backoff_delay(attempt=attempt, base=BASE, cap=CAP, draw=draw)
    assert delay == timedelta(seconds=seconds)
