import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.standin import Fault, FaultInjector, SlackStandIn


def _draws(seed: int, calls: int = 200) -> list[str | None]:
    faults = FaultInjector(seed=seed)
    faults.randomly("chat.postMessage", Fault.server_error(), fraction=0.25)
    faults.randomly("chat.postMessage", Fault.slack_error("channel_not_found"), fraction=0.25)
    return [
        f.describe() if (f := faults.next_fault("chat.postMessage")) else None for _ in range(calls)
    ]


def test_random_faults_are_repeatable_with_a_seed() -> None:
    assert _draws(7) == _draws(7)
    assert _draws(7) != _draws(8)


def test_random_faults_come_at_about_their_fraction() -> None:
    draws = _draws(1, calls=2000)
    assert 400 < draws.count("http_error:fatal_error") < 600
    assert 400 < draws.count("slack_error:channel_not_found") < 600
    assert 900 < draws.count(None) < 1100


def test_script_comes_first_then_random_faults() -> None:
    faults = FaultInjector()
    faults.randomly("m", Fault.server_error(), fraction=1.0)
    faults.script("m", [None, Fault.slack_error("x")])
    assert faults.next_fault("m") is None
    assert faults.next_fault("m") == Fault.slack_error("x")
    assert faults.next_fault("m") == Fault.server_error()
    faults.clear("m")
    assert faults.next_fault("m") is None


def test_fraction_must_be_a_fraction() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        FaultInjector().randomly("m", Fault.server_error(), fraction=1.5)


def test_scripted_server_error_then_success(slack: SlackStandIn, client: WebClient) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error(status=503)])
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x")
    assert raised.value.response.status_code == 503
    assert slack.messages_to("C1") == []  # not applied
    client.chat_postMessage(channel="C1", text="x")
    assert len(slack.messages_to("C1")) == 1
    assert [c.fault for c in slack.calls("chat.postMessage")] == ["http_error:fatal_error", None]


def test_server_error_retry_handler_gets_through(slack: SlackStandIn) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error(), Fault.server_error()])
    client = WebClient(
        token=slack.token,
        base_url=slack.api_url,
        retry_handlers=[ServerErrorRetryHandler(max_retry_count=2)],
    )
    assert client.chat_postMessage(channel="C1", text="x")["ok"] is True
    assert [c.status for c in slack.calls("chat.postMessage")] == [500, 500, 200]


def test_applied_server_error_posts_anyway(slack: SlackStandIn, client: WebClient) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error(applied=True)])
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", text="maybe")
    assert [m["text"] for m in slack.messages_to("C1")] == ["maybe"]


def test_injected_rate_limit(slack: SlackStandIn) -> None:
    slack.faults.script("users.info", [Fault.rate_limited(retry_after=1)])
    client = WebClient(
        token=slack.token,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    assert client.users_info(user="U1")["user"]["id"] == "U1"
    first = slack.calls("users.info")[0]
    assert first.status == 429
    assert first.fault == "rate_limited:ratelimited"


def test_injected_slack_error(slack: SlackStandIn, client: WebClient) -> None:
    slack.faults.script("chat.postMessage", [Fault.slack_error("account_inactive")])
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x")
    assert raised.value.response.status_code == 200
    assert raised.value.response["error"] == "account_inactive"


def test_timeout_leaves_the_message_posted_for_history_to_find(slack: SlackStandIn) -> None:
    slack.faults.script("chat.postMessage", [Fault.timeout(delay=3.0)])
    impatient = WebClient(token=slack.token, base_url=slack.api_url, timeout=1)
    metadata = {"event_type": "pillar_outbox", "event_payload": {"dedupe_key": "k1"}}
    with pytest.raises(TimeoutError):
        impatient.chat_postMessage(channel="C1", text="late", metadata=metadata)
    history = impatient.conversations_history(channel="C1", include_all_metadata=True)
    keys = [m["metadata"]["event_payload"]["dedupe_key"] for m in history["messages"]]
    assert keys == ["k1"]


def test_unapplied_timeout_posts_nothing(slack: SlackStandIn) -> None:
    slack.faults.script("chat.postMessage", [Fault.timeout(delay=3.0, applied=False)])
    impatient = WebClient(token=slack.token, base_url=slack.api_url, timeout=1)
    with pytest.raises(TimeoutError):
        impatient.chat_postMessage(channel="C1", text="lost")
    assert slack.messages_to("C1") == []


def test_stopping_releases_a_call_waiting_on_a_timeout() -> None:
    slack = SlackStandIn().start()
    slack.faults.script("auth.test", [Fault.timeout(delay=30.0)])
    client = WebClient(token=slack.token, base_url=slack.api_url, timeout=1)
    with pytest.raises(TimeoutError):
        client.auth_test()
    started = time.monotonic()
    slack.stop()
    assert time.monotonic() - started < 2.0


def _no_retries(slack: SlackStandIn) -> WebClient:
    return WebClient(token=slack.token, base_url=slack.api_url, timeout=5, retry_handlers=[])


def test_disconnect_after_posting_leaves_the_message_for_history_to_find(
    slack: SlackStandIn,
) -> None:
    slack.faults.script("chat.postMessage", [Fault.disconnect()])
    client = _no_retries(slack)
    metadata = {"event_type": "pillar_outbox", "event_payload": {"dedupe_key": "k1"}}
    with pytest.raises(ConnectionError):
        client.chat_postMessage(channel="C1", text="dropped", metadata=metadata)
    history = client.conversations_history(channel="C1", include_all_metadata=True)
    keys = [m["metadata"]["event_payload"]["dedupe_key"] for m in history["messages"]]
    assert keys == ["k1"]
    [call] = slack.calls("chat.postMessage")
    assert (call.fault, call.response["ok"]) == ("disconnect:connection_closed", True)


def test_unapplied_disconnect_posts_nothing_and_the_server_goes_on(slack: SlackStandIn) -> None:
    slack.faults.script("chat.postMessage", [Fault.disconnect(applied=False)])
    client = _no_retries(slack)
    with pytest.raises(ConnectionError):
        client.chat_postMessage(channel="C1", text="lost")
    assert slack.messages_to("C1") == []
    client.chat_postMessage(channel="C1", text="next")
    assert [m["text"] for m in slack.messages_to("C1")] == ["next"]
    faults = [c.fault for c in slack.calls("chat.postMessage")]
    assert faults == ["disconnect:connection_closed", None]


def test_a_client_that_retries_dropped_connections_posts_twice(
    slack: SlackStandIn, client: WebClient
) -> None:
    # slack_sdk's default client retries a dropped connection: the trap delivery avoids.
    slack.faults.script("chat.postMessage", [Fault.disconnect()])
    client.chat_postMessage(channel="C1", text="once")
    assert [m["text"] for m in slack.messages_to("C1")] == ["once", "once"]
