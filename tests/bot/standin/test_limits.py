import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.standin import SlackStandIn
from bot.standin.limits import Limit, RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_method_limit_admits_n_per_window_then_says_how_long_to_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    limiter.limit_method("users.info", calls=2, per_seconds=10)
    assert limiter.admit(method="users.info") is None
    clock.now += 4
    assert limiter.admit(method="users.info") is None
    assert limiter.admit(method="users.info") == 6
    assert limiter.admit(method="auth.test") is None  # other methods are not limited
    clock.now += 6
    assert limiter.admit(method="users.info") is None


def test_refused_calls_do_not_use_up_the_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    limiter.limit_method("m", calls=1, per_seconds=1)
    assert limiter.admit(method="m") is None
    for _ in range(5):
        assert limiter.admit(method="m") == 1
    clock.now += 1
    assert limiter.admit(method="m") is None


def test_channel_limit_is_per_channel_and_only_for_post_message() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock)
    limiter.limit_channel_posts(calls=1, per_seconds=1.0)
    assert limiter.admit(method="chat.postMessage", channel="C1") is None
    assert limiter.admit(method="chat.postMessage", channel="C2") is None
    assert limiter.admit(method="chat.postMessage", channel="C1") == 1
    assert limiter.admit(method="chat.update", channel="C1") is None


def test_slack_tiers_and_clear() -> None:
    limiter = RateLimiter(clock=FakeClock())
    limiter.use_slack_tiers()
    for _ in range(20):
        assert limiter.admit(method="files.getUploadURLExternal") is None
    assert limiter.admit(method="files.getUploadURLExternal") is not None
    limiter.clear()
    assert limiter.admit(method="files.getUploadURLExternal") is None


def test_a_limit_must_make_sense() -> None:
    with pytest.raises(ValueError, match="calls >= 1"):
        Limit(calls=0, per_seconds=1)


def test_server_answers_429_with_retry_after(slack: SlackStandIn, client: WebClient) -> None:
    slack.limits.limit_method("users.info", calls=2, per_seconds=30)
    client.users_info(user="U1")
    client.users_info(user="U1")
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U1")
    response = raised.value.response
    assert response.status_code == 429
    assert response["error"] == "ratelimited"
    assert int(response.headers["Retry-After"]) in range(29, 31)
    refused = slack.calls("users.info")[-1]
    assert (refused.status, refused.fault) == (429, "rate_limit")


def test_per_channel_limit_counts_a_user_and_their_dm_as_one(
    slack: SlackStandIn, client: WebClient
) -> None:
    slack.limits.limit_channel_posts(calls=1, per_seconds=60)
    client.chat_postMessage(channel="U1", text="first")
    client.chat_postMessage(channel="C1", text="other channel")
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=slack.dm_channel("U1"), text="second")
    assert raised.value.response.status_code == 429
    assert [m["text"] for m in slack.messages_to("U1")] == ["first"]


def test_slack_sdk_retry_handler_waits_and_succeeds(slack: SlackStandIn) -> None:
    slack.limits.limit_channel_posts(calls=1, per_seconds=1.0)
    client = WebClient(
        token=slack.token,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)],
    )
    started = time.monotonic()
    client.chat_postMessage(channel="C1", text="one")
    client.chat_postMessage(channel="C1", text="two")
    assert time.monotonic() - started >= 1.0
    assert [m["text"] for m in slack.messages_to("C1")] == ["one", "two"]
    statuses = [c.status for c in slack.calls("chat.postMessage")]
    assert statuses == [200, 429, 200]
