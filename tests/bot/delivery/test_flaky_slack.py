"""One Slack call in five fails: a 429 with Retry-After, an HTTP 500, a timeout or a
dropped connection, some of them after the post took effect. Every message is still
delivered exactly once, and none is given up on."""

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import Deliverer, delivery_client, single_workspace
from bot.delivery.config import HISTORY, OPEN_CONVERSATION, POST_MESSAGE
from bot.standin import Fault, RecordedCall, SlackStandIn
from storage.models import Outbox
from tests.bot.delivery.live import (
    WallClock,
    all_settled,
    assert_each_sent_once,
    fast_config,
    fill,
    live_standin,
    wait_until,
)

PEOPLE = [f"U{number:03d}" for number in range(200)]
CHANNELS = ["C1", "C2", "C3", "C4"]
CLIENT_TIMEOUT = 1  # seconds; the stand-in holds a timed-out call longer than that
LATE = CLIENT_TIMEOUT + 1.0
TIMED_OUT = "timeout:request_timeout"
DROPPED = "disconnect:connection_closed"
FAILED_500 = "http_error:fatal_error"


def _targets() -> list[str]:
    """Every third message goes to a channel, each of the others to one person's DM."""
    people = iter(PEOPLE)
    return [CHANNELS[n % len(CHANNELS)] if n % 3 == 0 else next(people) for n in range(300)]


TARGETS = _targets()


@pytest.fixture
def flaky() -> Iterator[SlackStandIn]:
    server = live_standin(users=PEOPLE, channels=CHANNELS)
    server.faults.reseed(11)
    for method in (POST_MESSAGE, HISTORY, OPEN_CONVERSATION):
        _fail_one_call_in_five(server, method)
    # One of each ambiguous outcome comes first, so that every run meets them.
    server.faults.script(
        POST_MESSAGE,
        [
            Fault.timeout(delay=LATE),
            Fault.disconnect(),
            Fault.server_error(applied=True),
            Fault.rate_limited(retry_after=1),
        ],
    )
    try:
        yield server
    finally:
        server.stop()


def _fail_one_call_in_five(slack: SlackStandIn, method: str) -> None:
    """5% each of 429s, 500s, timeouts and dropped connections. A 429 never takes effect;
    more than half of the others do (``applied``), leaving a post for a deliverer to find."""
    for fault, fraction in [
        (Fault.rate_limited(retry_after=1), 0.05),
        (Fault.server_error(applied=True), 0.025),
        (Fault.server_error(), 0.025),
        (Fault.timeout(delay=LATE), 0.03),
        (Fault.timeout(delay=LATE, applied=False), 0.02),
        (Fault.disconnect(), 0.03),
        (Fault.disconnect(applied=False), 0.02),
    ]:
        slack.faults.randomly(method, fault, fraction=fraction)


def _deliver_all(engine: Engine, slack: SlackStandIn, *, threads: int) -> None:
    client = delivery_client(token=slack.token, base_url=slack.api_url, timeout=CLIENT_TIMEOUT)
    stop = threading.Event()
    workers = [
        threading.Thread(
            target=Deliverer(
                engine=engine,
                clients=single_workspace(client),
                clock=WallClock(),
                # A retry waits a little, as it would against Slack, so that a post its
                # client gave up on has landed before the history check looks for it.
                config=fast_config(
                    backoff_base=timedelta(milliseconds=200), backoff_cap=timedelta(seconds=1)
                ),
            ).run_forever,
            args=(stop,),
        )
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    try:
        wait_until(lambda: all_settled(engine), timeout=180)
    finally:
        stop.set()
        for worker in workers:
            worker.join(10)
    assert not any(worker.is_alive() for worker in workers)


def _took_effect_unseen(slack: SlackStandIn, fault: str) -> dict[str, str]:
    """Dedupe key → ts of the posts that took effect while the deliverer saw ``fault``
    (the stand-in records what it did behind a timeout or a dropped connection)."""
    return {
        call.response["message"]["metadata"]["event_payload"]["dedupe_key"]: call.response["ts"]
        for call in slack.calls(POST_MESSAGE, where=lambda call: call.fault == fault)
        if call.response.get("ok")
    }


def _fault_share(calls: list[RecordedCall]) -> float:
    return sum(call.fault is not None for call in calls) / len(calls)


@pytest.mark.slow
def test_every_message_arrives_exactly_once_when_a_fifth_of_calls_fail(
    engine: Engine, flaky: SlackStandIn
) -> None:
    keys = fill(engine, targets=TARGETS, count=len(TARGETS), prefix="flaky")

    _deliver_all(engine, flaky, threads=4)

    assert_each_sent_once(engine, flaky, keys=keys, targets=TARGETS)
    calls = flaky.calls()
    faults = Counter(call.fault for call in calls if call.fault)
    assert {"rate_limited:ratelimited", FAILED_500, TIMED_OUT, DROPPED} <= set(faults)
    assert 0.1 < _fault_share(calls) < 0.3, faults
    with Session(engine) as session:
        sent = {row.dedupe_key: row.slack_ts for row in session.exec(select(Outbox))}
    # Posts whose answer never arrived were found in history, not posted again.
    for fault in (TIMED_OUT, DROPPED):
        unseen = _took_effect_unseen(flaky, fault)
        assert unseen, f"no post took effect behind {fault}"
        assert {key: sent[key] for key in unseen} == unseen
