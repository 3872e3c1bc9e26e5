"""The deliverer against the Slack stand-in: posting, failures, rate limits, crashes."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy.engine import Engine

from bot.delivery import (
    EVENT_TYPE,
    Deliverer,
    DeliveryConfig,
    DeliveryReport,
    Rate,
    per_workspace,
)
from bot.delivery.config import HISTORY, POST_MESSAGE
from bot.standin import Fault, SlackStandIn, Workspace
from storage import outbox
from storage.enums import OutboxStatus
from storage.models import Outbox
from tests.bot.delivery.conftest import WS

Stored = Callable[[str], Outbox]


def _posts(slack: SlackStandIn, *, ok: bool | None = None) -> list[Any]:
    calls = slack.calls("chat.postMessage")
    return calls if ok is None else [c for c in calls if c.ok is ok]


# ---- the happy path --------------------------------------------------------------------


def test_a_row_is_posted_with_its_metadata_and_its_ts_recorded(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Digest*"}}]
    put("digest:eng:2026-11", blocks=blocks, metadata={"team": 3})

    report = make_deliverer().run_once()

    assert report == DeliveryReport(sent=1)
    [message] = slack.messages_to("C1")
    assert message["text"] == "message digest:eng:2026-11"
    assert message["blocks"][0]["text"]["text"] == "*Digest*"
    assert message["metadata"] == {
        "event_type": EVENT_TYPE,
        "event_payload": {"team": 3, "dedupe_key": "digest:eng:2026-11"},
    }
    row = stored("digest:eng:2026-11")
    assert row.status is OutboxStatus.SENT
    assert (row.slack_ts, row.slack_channel) == (message["ts"], "C1")
    assert row.sent_at == clock.now()
    assert (row.claimed_by, row.claimed_until, row.last_error) == (None, None, None)


def test_a_message_to_a_user_lands_in_their_dm(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn
) -> None:
    put("checkin:ana:2026-11", channel="U1")

    assert make_deliverer().run_once().sent == 1

    [message] = slack.messages_to("U1")
    assert stored("checkin:ana:2026-11").slack_channel == slack.dm_channel("U1")
    assert stored("checkin:ana:2026-11").slack_ts == message["ts"]


def test_nothing_due_means_an_empty_report(
    put: Any, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    put("later", not_before=clock.now() + timedelta(minutes=1))
    assert make_deliverer().run_once() == DeliveryReport()
    assert _posts(slack) == []


# ---- permanent and transient failures --------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "reason"),
    [
        ("C404", "channel_not_found"),
        ("C3", "not_in_channel"),
        ("C4", "is_archived"),
        ("U3", "user_disabled"),
        ("U404", "channel_not_found"),
    ],
)
def test_a_permanent_error_kills_the_row_at_once_with_the_reason(
    channel: str, reason: str, put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn
) -> None:
    put("doomed", channel=channel)

    assert make_deliverer().run_once() == DeliveryReport(dead=1)

    row = stored("doomed")
    assert (row.status, row.last_error, row.attempts) == (OutboxStatus.DEAD, reason, 1)
    assert len(_posts(slack)) == 1


@pytest.mark.parametrize("error", ["invalid_auth", "msg_too_long", "missing_scope"])
def test_slack_errors_that_retrying_cannot_fix_are_dead(
    error: str, put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn
) -> None:
    slack.faults.script("chat.postMessage", [Fault.slack_error(error)])
    put("refused")
    assert make_deliverer().run_once().dead == 1
    assert stored("refused").last_error == error


def test_a_server_error_is_retried_with_backoff_then_sent_once(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error(status=503)])
    put("flaky")
    deliverer = make_deliverer()

    assert deliverer.run_once() == DeliveryReport(retried=1)
    row = stored("flaky")
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert row.last_error == "http 503 fatal_error"
    # The first backoff is backoff_base (10 s), jittered by a draw of 1.0 to all of it.
    assert row.next_attempt_at == clock.now() + timedelta(seconds=10)
    assert deliverer.run_once(clock.now() + timedelta(seconds=9)) == DeliveryReport()

    clock.advance(10)
    assert deliverer.run_once() == DeliveryReport(sent=1)
    assert len(slack.messages_to("C1")) == 1
    # Before posting again, it looked for the message in case the 503 hid a success.
    assert len(slack.calls(HISTORY)) == 1


def test_a_post_that_succeeded_behind_a_server_error_is_not_posted_again(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error(status=502, applied=True)])
    put("ambiguous", channel="U1")
    deliverer = make_deliverer()
    assert deliverer.run_once().retried == 1

    clock.advance(60)
    assert deliverer.run_once().sent == 1

    [message] = slack.messages_to("U1")
    assert stored("ambiguous").slack_ts == message["ts"]
    assert len(_posts(slack)) == 1


def test_a_timeout_is_transient_and_the_message_found_later(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.timeout(delay=3, applied=True)])
    put("slow")
    deliverer = make_deliverer(timeout=1)

    assert deliverer.run_once().retried == 1
    assert stored("slow").last_error == "timeout"
    clock.advance(60)
    assert deliverer.run_once().sent == 1
    assert len(slack.messages_to("C1")) == 1


def test_after_max_attempts_a_transient_failure_is_dead(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any, config_with: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.slack_error("service_unavailable")] * 3)
    put("hopeless")
    deliverer = make_deliverer(config=config_with(max_attempts=3))

    outcomes = []
    for _ in range(3):
        outcomes.append(deliverer.run_once())
        clock.advance(3600)

    assert outcomes == [
        DeliveryReport(retried=1),
        DeliveryReport(retried=1),
        DeliveryReport(dead=1),
    ]
    row = stored("hopeless")
    assert row.status is OutboxStatus.DEAD
    assert row.last_error == "service_unavailable (gave up after 3 attempts)"


def test_backoff_grows_between_attempts(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error()] * 3)
    put("growing")
    deliverer = make_deliverer()
    waits = []
    for _ in range(3):
        deliverer.run_once()
        row = stored("growing")
        waits.append((row.next_attempt_at - clock.now()).total_seconds())
        clock.moment = row.next_attempt_at
    assert waits == [10, 20, 40]


# ---- rate limits -----------------------------------------------------------------------


def test_a_429_pauses_the_workspace_for_retry_after_without_counting_a_failure(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.rate_limited(retry_after=7)])
    put("first", channel="C1")
    put("second", channel="C2", now=clock.now() + timedelta(milliseconds=1))
    deliverer = make_deliverer()
    start = clock.now()

    assert deliverer.run_once(start + timedelta(milliseconds=1)) == DeliveryReport(deferred=2)
    assert len(_posts(slack)) == 1  # the second row was held back, not sent into the limit
    for key in ("first", "second"):
        row = stored(key)
        assert (row.status, row.attempts, row.last_error) == (OutboxStatus.PENDING, 0, None)
        assert row.next_attempt_at == start + timedelta(seconds=7)

    assert deliverer.run_once(start + timedelta(seconds=6)) == DeliveryReport()
    clock.advance(7)
    assert deliverer.run_once() == DeliveryReport(sent=2)
    assert len(_posts(slack, ok=True)) == 2


def test_posts_to_one_channel_are_spaced_while_other_channels_go_on(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any, config_with: Any
) -> None:
    slack.limits.limit_channel_posts(calls=1, per_seconds=1.0)
    for number in range(3):
        put(f"eng-{number}", channel="C1", now=clock.now() + timedelta(milliseconds=number))
    put("ops-0", channel="C2", now=clock.now() + timedelta(milliseconds=5))
    deliverer = make_deliverer(config=config_with(channel_interval=timedelta(seconds=1)))
    start = clock.advance(0.01)

    assert deliverer.run_once() == DeliveryReport(sent=2, deferred=2)
    assert {stored("eng-0").status, stored("ops-0").status} == {OutboxStatus.SENT}
    assert stored("eng-1").next_attempt_at == start + timedelta(seconds=1)
    assert stored("eng-2").next_attempt_at == start + timedelta(seconds=2)

    clock.advance(1)
    assert deliverer.run_once() == DeliveryReport(sent=1)
    clock.advance(1)
    assert deliverer.run_once() == DeliveryReport(sent=1)
    assert [m["text"] for m in slack.messages_to("C1")] == [f"message eng-{n}" for n in range(3)]
    assert [c for c in slack.calls() if c.status == 429] == []


def test_the_workspace_budget_allows_a_burst_then_spreads_the_rest(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any, config_with: Any
) -> None:
    for number in range(5):
        put(f"m{number}", channel="C2" if number % 2 else "C1", now=clock.now())
    config = config_with(rates={POST_MESSAGE: Rate(per_second=2, burst=2)})
    deliverer = make_deliverer(config=config)

    first = deliverer.run_once()

    assert first == DeliveryReport(sent=2, deferred=3)
    waiting = sorted(
        (stored(f"m{n}").next_attempt_at - clock.now()).total_seconds()
        for n in range(5)
        if stored(f"m{n}").status is OutboxStatus.PENDING
    )
    assert waiting == [0.5, 1.0, 1.5]
    total = first
    for _ in range(4):
        clock.advance(0.5)
        total = total + deliverer.run_once()
    assert total.sent == 5
    assert len(_posts(slack)) == 5


def test_a_rate_limited_history_lookup_defers_without_posting(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error()])
    slack.faults.script(HISTORY, [Fault.rate_limited(retry_after=4)])
    put("checked")
    deliverer = make_deliverer()
    deliverer.run_once()
    clock.advance(3600)

    assert deliverer.run_once() == DeliveryReport(deferred=1)
    row = stored("checked")
    assert (row.attempts, row.next_attempt_at) == (1, clock.now() + timedelta(seconds=4))
    assert len(_posts(slack)) == 1
    clock.advance(4)
    assert deliverer.run_once() == DeliveryReport(sent=1)


def test_when_history_cannot_be_read_the_row_is_posted_anyway(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error()])
    slack.faults.script(HISTORY, [Fault.slack_error("missing_scope")])
    put("unverifiable")
    deliverer = make_deliverer()
    deliverer.run_once()
    clock.advance(3600)

    assert deliverer.run_once() == DeliveryReport(sent=1)
    assert len(slack.messages_to("C1")) == 1


# ---- crashes and leases ----------------------------------------------------------------


def _crash_after_posting(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(**_: Any) -> bool:
        raise RuntimeError("the process died here")

    monkeypatch.setattr(outbox, "mark_sent", crash)


@pytest.mark.parametrize("channel", ["C1", "U1"])
def test_a_crash_between_posting_and_recording_never_posts_twice(
    channel: str,
    put: Any,
    stored: Stored,
    make_deliverer: Any,
    slack: SlackStandIn,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    put("crashy", channel=channel)
    with monkeypatch.context() as patch:
        _crash_after_posting(patch)
        with pytest.raises(RuntimeError, match="died"):
            make_deliverer().run_once()
    assert stored("crashy").status is OutboxStatus.SENDING
    [message] = slack.messages_to(channel)

    assert make_deliverer().run_once(clock.now() + timedelta(seconds=59)) == DeliveryReport()
    clock.advance(60)
    assert make_deliverer().run_once() == DeliveryReport(sent=1)

    row = stored("crashy")
    assert (row.status, row.slack_ts) == (OutboxStatus.SENT, message["ts"])
    assert len(_posts(slack)) == 1
    assert len(slack.messages_to(channel)) == 1


def test_a_row_near_the_end_of_its_lease_is_put_back_rather_than_posted(
    put: Any, stored: Stored, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    put("late")
    claimed_at = clock.now()
    clock.advance(50)  # the lease is 60 s and no post may start in its last 15 s

    assert make_deliverer().run_once(claimed_at) == DeliveryReport(deferred=1)
    assert _posts(slack) == []
    assert stored("late").status is OutboxStatus.PENDING


def test_a_slow_history_lookup_that_runs_into_the_lease_margin_puts_the_row_back(
    put: Any,
    stored: Stored,
    make_deliverer: Any,
    slack: SlackStandIn,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slack.faults.script("chat.postMessage", [Fault.server_error()])
    put("slow-check")
    deliverer = make_deliverer()
    deliverer.run_once()
    clock.advance(3600)
    read_history = WebClient.conversations_history

    def slow_history(client: WebClient, **arguments: Any) -> Any:
        clock.advance(50)  # the answer comes inside the last 15 s of the 60 s lease
        return read_history(client, **arguments)

    with monkeypatch.context() as patch:
        patch.setattr(WebClient, "conversations_history", slow_history)
        assert deliverer.run_once() == DeliveryReport(deferred=1)
    assert len(_posts(slack)) == 1  # only the first, failed post
    row = stored("slow-check")
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.PENDING,
        1,
        "http 500 fatal_error",
    )

    assert deliverer.run_once() == DeliveryReport(sent=1)
    assert len(slack.messages_to("C1")) == 1


def test_a_workspace_without_an_installation_is_dead(
    put: Any, stored: Stored, engine: Engine, clock: Any, config_with: Any
) -> None:
    def no_install(workspace_id: str) -> Any:
        raise LookupError(f"no installation for {workspace_id}")

    put("orphan")
    deliverer = Deliverer(engine=engine, clients=no_install, clock=clock, config=config_with())
    assert deliverer.run_once() == DeliveryReport(dead=1)
    assert (
        stored("orphan").last_error
        == "install: not installed in T0TEST: no installation for T0TEST"
    )


def test_each_workspace_posts_with_its_own_token_asked_for_once_a_round(
    put: Any, engine: Engine, slack: SlackStandIn, clock: Any, config_with: Any
) -> None:
    slack.add_workspace(
        Workspace(
            team_id="T0OTHER", name="Other", token="xoxb-other", bot_user_id="UB2", bot_id="B2"
        )
    )
    tokens = {WS: slack.token, "T0OTHER": "xoxb-other"}
    asked: list[str] = []

    def token_for(workspace_id: str) -> str:
        asked.append(workspace_id)
        return tokens[workspace_id]

    put("ours-1")
    put("ours-2")
    put("theirs", workspace_id="T0OTHER")
    clients = per_workspace(tokens=token_for, base_url=slack.api_url)
    deliverer = Deliverer(engine=engine, clients=clients, clock=clock, config=config_with())
    assert deliverer.run_once() == DeliveryReport(sent=3)
    assert sorted(asked) == sorted([WS, "T0OTHER"])
    posts = slack.calls(POST_MESSAGE)
    assert {(p.params["text"], p.token) for p in posts} == {
        ("message ours-1", slack.token),
        ("message ours-2", slack.token),
        ("message theirs", "xoxb-other"),
    }
    # A new round asks again: the token may have been refreshed or removed meanwhile.
    put("ours-3")
    assert deliverer.run_once() == DeliveryReport(sent=1)
    assert asked.count(WS) == 2


def test_the_default_config_is_sane() -> None:
    config = DeliveryConfig()
    assert config.rates[POST_MESSAGE].burst >= 1
    with pytest.raises(ValueError, match="lease"):
        DeliveryConfig(lease=timedelta(seconds=10), lease_margin=timedelta(seconds=10))


class _ProcessDied(BaseException):
    """Stands for the process dying mid-post: nothing catches it."""


def test_a_row_that_keeps_killing_its_deliverer_is_given_up(
    put: Any,
    stored: Stored,
    make_deliverer: Any,
    slack: SlackStandIn,
    clock: Any,
    config_with: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def die(*_: Any, **__: Any) -> Any:
        raise _ProcessDied

    put("poison")
    config = config_with(max_attempts=2)
    for _ in range(2):
        with monkeypatch.context() as patch:
            patch.setattr(WebClient, "chat_postMessage", die)
            with pytest.raises(_ProcessDied):
                make_deliverer(config=config).run_once()
        clock.advance(60)
    # Each lost lease is counted when the row is claimed again.
    assert stored("poison").attempts == 1

    assert make_deliverer(config=config).run_once() == DeliveryReport(dead=1)
    row = stored("poison")
    assert row.status is OutboxStatus.DEAD
    assert row.last_error == f"{outbox.LEASE_LOST} (gave up after 2 attempts)"
    assert slack.messages_to("C1") == []
