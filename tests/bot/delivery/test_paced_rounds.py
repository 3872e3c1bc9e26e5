"""Paced rounds: the deliverer sleeps through short holds of its budget instead of
putting rows back, on a test clock that moves only when it sleeps."""

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import Deliverer, DeliveryReport, Rate, delivery_client, single_workspace
from bot.delivery.config import POST_MESSAGE
from bot.standin import Fault, SlackStandIn
from schedules.clock import SystemClock
from storage import outbox
from storage.enums import OutboxStatus
from storage.models import Outbox
from tests.bot.delivery.conftest import FakeClock, unlimited_config


class Sleeps:
    """A pace that moves the test clock instead of sleeping, and remembers each sleep.

    ``going=False`` plays a deliverer being stopped (it returns at once); ``moves=False``
    a clock that stands still while the deliverer sleeps.
    """

    def __init__(self, clock: FakeClock, *, going: bool = True, moves: bool = True) -> None:
        self.clock = clock
        self.going = going
        self.moves = moves
        self.taken: list[float] = []

    def __call__(self, seconds: float) -> bool:
        self.taken.append(round(seconds, 6))
        if self.going and self.moves:
            self.clock.advance(seconds)
        return self.going


def _post_times(slack: SlackStandIn, start: datetime) -> list[float]:
    return [round(c.time - start.timestamp(), 6) for c in slack.calls(POST_MESSAGE) if c.ok]


def _fill(put: Any, count: int, clock: FakeClock, channels: Callable[[int], str]) -> None:
    for number in range(count):
        put(f"m{number}", channel=channels(number), now=clock.now())


def test_a_paced_round_sends_at_the_rate_and_puts_nothing_back(
    put: Any, stored: Any, make_deliverer: Any, slack: SlackStandIn, clock: Any, config_with: Any
) -> None:
    slack.limits.limit_method(POST_MESSAGE, calls=4, per_seconds=1.0)
    _fill(put, 5, clock, lambda n: "C2" if n % 2 else "C1")
    start = clock.now()
    sleeps = Sleeps(clock)
    rate = Rate.within(calls=4, per_seconds=1.0, burst=2)
    deliverer = make_deliverer(config=config_with(rates={POST_MESSAGE: rate}))

    assert deliverer.run_paced(sleeps) == DeliveryReport(sent=5)

    assert sleeps.taken == [0.5, 0.5, 0.5]
    assert _post_times(slack, start) == [0.0, 0.0, 0.5, 1.0, 1.5]
    assert [c for c in slack.calls() if c.status == 429] == []
    assert all(stored(f"m{n}").next_attempt_at == start for n in range(5))


def test_a_hold_on_one_channel_is_not_slept_through(
    put: Any, stored: Any, make_deliverer: Any, slack: SlackStandIn, clock: Any, config_with: Any
) -> None:
    _fill(put, 2, clock, lambda _: "C1")
    sleeps = Sleeps(clock)
    deliverer = make_deliverer(config=config_with(channel_interval=timedelta(seconds=1)))

    assert deliverer.run_paced(sleeps) == DeliveryReport(sent=1, deferred=1)

    assert sleeps.taken == []
    assert stored("m1").next_attempt_at == clock.now() + timedelta(seconds=1)


def test_a_short_retry_after_is_waited_out_within_the_round(
    put: Any, stored: Any, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script(POST_MESSAGE, [Fault.rate_limited(retry_after=1)])
    _fill(put, 3, clock, lambda n: ("C1", "C2", "U1")[n])
    start = clock.now()
    sleeps = Sleeps(clock)

    assert make_deliverer().run_paced(sleeps) == DeliveryReport(sent=2, deferred=1)

    assert sleeps.taken == [1.0]
    assert _post_times(slack, start) == [1.0, 1.0]
    row = stored("m0")
    assert (row.status, row.attempts, row.next_attempt_at) == (
        OutboxStatus.PENDING,
        0,
        start + timedelta(seconds=1),
    )


def test_a_long_retry_after_puts_the_rows_back_without_sleeping(
    put: Any, stored: Any, make_deliverer: Any, slack: SlackStandIn, clock: Any
) -> None:
    slack.faults.script(POST_MESSAGE, [Fault.rate_limited(retry_after=7)])
    _fill(put, 2, clock, lambda n: f"C{n + 1}")
    sleeps = Sleeps(clock)

    assert make_deliverer().run_paced(sleeps) == DeliveryReport(deferred=2)

    assert sleeps.taken == []
    assert stored("m1").next_attempt_at == clock.now() + timedelta(seconds=7)


def test_no_row_is_posted_after_its_claim_would_let_another_deliverer_take_it(
    put: Any, make_deliverer: Any, slack: SlackStandIn, clock: Any, config_with: Any
) -> None:
    # A post may start up to 5 s after the claim (lease 20 s, margin 15 s).
    config = config_with(
        rates={POST_MESSAGE: Rate(1)},
        lease=timedelta(seconds=20),
        lease_margin=timedelta(seconds=15),
    )
    _fill(put, 8, clock, lambda n: "U1" if n % 2 else "C1")
    start = clock.now()

    assert make_deliverer(config=config).run_paced(Sleeps(clock)) == DeliveryReport(
        sent=5, deferred=3
    )
    assert _post_times(slack, start) == [0.0, 1.0, 2.0, 3.0, 4.0]


@pytest.mark.parametrize(
    ("sleeps_given", "expected_sleeps"),
    [
        ({"going": False}, [0.5]),  # the deliverer is stopping
        ({"moves": False}, [0.5, 0.5, 0.5]),  # a clock that stands still
    ],
)
def test_a_round_that_cannot_wait_puts_held_rows_back_as_an_unpaced_one_does(
    sleeps_given: dict[str, bool],
    expected_sleeps: list[float],
    put: Any,
    stored: Any,
    make_deliverer: Any,
    slack: SlackStandIn,
    clock: Any,
    config_with: Any,
) -> None:
    _fill(put, 2, clock, lambda n: f"C{n + 1}")
    start = clock.now()
    sleeps = Sleeps(clock, **sleeps_given)
    deliverer = make_deliverer(config=config_with(rates={POST_MESSAGE: Rate(2)}))

    assert deliverer.run_paced(sleeps) == DeliveryReport(sent=1, deferred=1)

    assert sleeps.taken == expected_sleeps
    assert stored("m1").status is OutboxStatus.PENDING
    assert stored("m1").next_attempt_at == clock.now() + timedelta(seconds=0.5)
    assert clock.now() == start


def test_run_once_never_sleeps(put: Any, make_deliverer: Any, clock: Any, config_with: Any) -> None:
    _fill(put, 3, clock, lambda n: f"C{n + 1}")
    deliverer = make_deliverer(config=config_with(rates={POST_MESSAGE: Rate(1)}))
    assert deliverer.run_once() == DeliveryReport(sent=1, deferred=2)
    assert datetime.now(UTC) > clock.now()  # the test clock never moved


def test_a_running_deliverer_paces_its_rounds_in_real_time(engine: Engine) -> None:
    sent_at_once = 10
    with SlackStandIn() as slack:
        slack.limits.limit_method(POST_MESSAGE, calls=20, per_seconds=1.0)
        for number in range(sent_at_once):
            slack.add_channel(id=f"C{number}", name=f"c{number}")
        enqueued_at = datetime.now(UTC)
        with Session(engine) as session:
            for number in range(sent_at_once):
                outbox.enqueue(
                    session=session, workspace_id="T0TEST", dedupe_key=f"live-{number}",
                    kind="digest", channel=f"C{number}", text="hello", now=enqueued_at,
                )  # fmt: skip
            session.commit()
        client = delivery_client(token=slack.token, base_url=slack.api_url)
        rate = Rate.within(calls=20, per_seconds=1.0)
        deliverer = Deliverer(
            engine=engine, clients=single_workspace(client), clock=SystemClock(),
            config=unlimited_config(rates={POST_MESSAGE: rate}),
        )  # fmt: skip
        stop = threading.Event()
        thread = threading.Thread(target=deliverer.run_forever, args=(stop,))
        thread.start()
        try:
            slack.wait_for_calls(POST_MESSAGE, count=sent_at_once, timeout=30)
        finally:
            stop.set()
            thread.join(timeout=10)

        assert [c for c in slack.calls() if c.status == 429] == []
    with Session(engine) as session:
        rows = session.exec(select(Outbox)).all()
    assert {row.status for row in rows} == {OutboxStatus.SENT}
    # None was put back to wait: the round slept between posts instead.
    assert {row.next_attempt_at for row in rows} == {enqueued_at}
