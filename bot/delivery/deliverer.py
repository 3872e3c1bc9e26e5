"""The deliverer: claim due outbox rows, post them to Slack, record what became of each.

One ``Deliverer`` per thread; run as many as you like, in threads or processes, on one
database: claims never overlap, settling is fenced by the claim token, and a row whose
earlier attempt may have reached Slack is first looked for in the conversation's
history. Logs carry row ids, kinds and outcomes, never message bodies.
"""

import http.client
import logging
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.delivery.charts import upload_chart
from bot.delivery.config import (
    HISTORY,
    INSTALLATION,
    OPEN_CONVERSATION,
    POST_MESSAGE,
    ClientFactory,
    Clock,
    DeliveryConfig,
)
from bot.delivery.failures import Failure, FailureKind, backoff_delay, classify
from bot.delivery.limits import READY, RateGate, Wait
from bot.delivery.metrics import DELIVERIES, RATE_LIMITED
from bot.delivery.pacing import Pace, pace_seconds
from bot.delivery.slack import (
    Posted,
    check_delivery_client,
    find_earlier_post,
    is_user_id,
    open_dm,
    post_row,
)
from bot.logs import log_context
from storage import outbox
from storage.db import session_scope
from storage.models import Outbox

log = logging.getLogger(__name__)
T = TypeVar("T")
# What a Web API call raises when Slack or the network fails it (the rest are bugs).
_SLACK_CALL_ERRORS = (SlackApiError, OSError, http.client.HTTPException)
# A clock that does not move while paced must not keep a row in a loop.
_MOST_PACES_PER_ROW = 3


class Outcome(StrEnum):
    SENT = "sent"
    RETRIED = "retried"
    DEAD = "dead"
    DEFERRED = "deferred"
    LOST = "lost"  # another deliverer took the row over (its lease had run out)


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What one round did with the rows it claimed."""

    sent: int = 0
    retried: int = 0
    dead: int = 0
    deferred: int = 0
    lost: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> "DeliveryReport":
        counts = Counter(outcomes)
        return cls(**{outcome.value: counts[outcome] for outcome in Outcome})

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.dead + self.deferred + self.lost

    @property
    def progressed(self) -> bool:
        """True when a row was settled for now, not merely put back to wait."""
        return self.sent + self.retried + self.dead + self.lost > 0

    def __add__(self, other: "DeliveryReport") -> "DeliveryReport":
        return DeliveryReport(
            sent=self.sent + other.sent,
            retried=self.retried + other.retried,
            dead=self.dead + other.dead,
            deferred=self.deferred + other.deferred,
            lost=self.lost + other.lost,
        )


class _MustWait(Exception):
    """A client-side limit holds the row back."""

    def __init__(self, wait: Wait) -> None:
        super().__init__(wait)
        self.wait = wait


class _CallFailed(Exception):
    def __init__(self, method: str, failure: Failure) -> None:
        super().__init__(method, failure)
        self.method = method
        self.failure = failure


@dataclass
class _Round:
    """One batch: its time, how it may wait, and how many rows already wait on each limit.

    A paced round (``pace`` given) follows the clock from row to row; an unpaced one keeps
    the time it was started at.
    """

    now: datetime
    pace: Pace | None = None
    waiting: Counter[tuple[str, ...]] = field(default_factory=Counter)
    # Each workspace's client, asked for once a round: its token may rotate or go away.
    clients: dict[str, WebClient] = field(default_factory=dict)

    def follow(self, clock: Clock) -> None:
        if self.pace is not None:
            self.now = clock.now()

    def until(self, wait: Wait) -> datetime:
        """When to try a held-back row, spreading rows held by one limit over its spacing."""
        position = self.waiting[wait.queue] if wait.queue else 0
        if wait.queue:
            self.waiting[wait.queue] += 1
        return self.now + timedelta(seconds=wait.seconds + position * wait.spacing)


class Deliverer:
    """Posts outbox rows to Slack within its rate limits; see :meth:`run_once`."""

    def __init__(
        self,
        *,
        engine: Engine,
        clients: ClientFactory,
        clock: Clock,
        config: DeliveryConfig | None = None,
        draw: Callable[[], float] = random.random,
    ) -> None:
        """``clients`` gives the Web API client for a workspace id (raise LookupError
        when it is not installed); build clients with :func:`delivery_client`.
        ``draw`` is the jitter source, replaceable in tests."""
        self._engine = engine
        self._client_factory = clients
        self._clock = clock
        self._config = config or DeliveryConfig()
        self._draw = draw
        self._gate = RateGate(
            rates=self._config.rates,
            channel_interval=self._config.channel_interval.total_seconds(),
        )
        self._dms: dict[tuple[str, str], str] = {}

    # ---- the loop ----------------------------------------------------------------------

    def run_once(self, now: datetime | None = None) -> DeliveryReport:
        """Claim one batch of due rows at ``now`` (default: the clock) and handle each.

        Never sleeps: a row a limit holds back is put back until the limit lets it go.
        """
        return self._run_round(_Round(now=now if now is not None else self._clock.now()))

    def run_paced(self, pace: Pace) -> DeliveryReport:
        """Claim one batch of due rows now and handle each at the clock's time, sleeping
        with ``pace`` through short holds of the rate budget (see bot.delivery.pacing)."""
        return self._run_round(_Round(now=self._clock.now(), pace=pace))

    def run_forever(self, stop: threading.Event) -> None:
        """Deliver until ``stop`` is set, resting briefly whenever there is nothing to do."""

        def pace(seconds: float) -> bool:
            return not stop.wait(seconds)

        while not stop.is_set():
            try:
                report = self.run_paced(pace)
            except Exception:
                log.exception("a delivery round failed; trying again shortly")
                stop.wait(self._config.error_pause_seconds)
                continue
            if not report.progressed:
                stop.wait(self._config.idle_seconds)

    def _run_round(self, batch: _Round) -> DeliveryReport:
        with Session(self._engine, expire_on_commit=False) as session:
            rows = outbox.claim_due(
                session=session,
                now=batch.now,
                limit=self._config.batch_size,
                lease=self._config.lease,
            )
        return DeliveryReport.of(self._deliver(row, batch) for row in rows)

    # ---- one row -----------------------------------------------------------------------

    def _deliver(self, row: Outbox, batch: _Round) -> Outcome:
        with log_context(workspace=row.workspace_id, request=f"outbox-{row.id}"):
            outcome = self._try(row, batch)
        DELIVERIES.labels(outcome.value, row.kind).inc()
        return outcome

    def _try(self, row: Outbox, batch: _Round) -> Outcome:
        """Attempt ``row``, waiting out short holds when the round is paced."""
        for paces in range(_MOST_PACES_PER_ROW + 1):
            batch.follow(self._clock)
            try:
                return self._attempt(row, batch)
            except _MustWait as held:
                wait = held.wait
            except _CallFailed as failed:
                return self._after_failure(row, failed)
            if paces == _MOST_PACES_PER_ROW or not self._pace(row, wait, batch):
                break
        return self._defer(row, batch.until(wait))

    def _pace(self, row: Outbox, wait: Wait, batch: _Round) -> bool:
        """Sleep through ``wait`` if the round is paced and it is short; True if it slept."""
        if batch.pace is None or row.claimed_until is None:
            return False
        seconds = pace_seconds(
            wait,
            now=batch.now.timestamp(),
            deadline=(row.claimed_until - self._config.lease_margin).timestamp(),
            longest=self._config.pace_limit.total_seconds(),
        )
        return seconds is not None and batch.pace(seconds)

    def _attempt(self, row: Outbox, batch: _Round) -> Outcome:
        now = batch.now
        client = self._client_for(row.workspace_id, batch)
        self._hold(
            self._gate.wait(
                workspace_id=row.workspace_id,
                method=POST_MESSAGE,
                now=now.timestamp(),
                channel=row.channel,
            )
        )
        if self._lease_ending(row):
            raise _MustWait(READY)
        if _may_have_been_posted(row):
            earlier = self._look_for_earlier_post(client, row, now)
            if earlier is not None:
                log.info("outbox %s (%s) was already in Slack as %s", row.id, row.kind, earlier.ts)
                return self._record_sent(row, earlier)
            if self._lease_ending(row):
                # A slow lookup must not push the post into the end of the lease.
                raise _MustWait(READY)
        if row.attempts >= self._config.max_attempts:
            # Only lost leases get here: a row that keeps killing its deliverer must stop.
            return self._kill(row, f"{row.last_error} (gave up after {row.attempts} attempts)")
        self._gate.take(
            workspace_id=row.workspace_id,
            method=POST_MESSAGE,
            now=now.timestamp(),
            channel=row.channel,
        )
        posted = self._call(POST_MESSAGE, lambda: post_row(client, row))
        if is_user_id(row.channel):
            self._dms[(row.workspace_id, row.channel)] = posted.channel
        outcome = self._record_sent(row, posted)
        if outcome is Outcome.SENT:
            # Only after a fresh post: one found from an earlier attempt may have its chart.
            upload_chart(client, row, posted)
        return outcome

    def _look_for_earlier_post(
        self, client: WebClient, row: Outbox, now: datetime
    ) -> Posted | None:
        """The row's message if an earlier attempt posted it; None if not (or unknowable)."""
        try:
            conversation = self._conversation(client, row, now)
            self._hold(
                self._gate.acquire(
                    workspace_id=row.workspace_id, method=HISTORY, now=now.timestamp()
                )
            )
            config = self._config
            return self._call(
                HISTORY,
                lambda: find_earlier_post(
                    client,
                    conversation=conversation,
                    dedupe_key=row.dedupe_key,
                    oldest=row.created_at - config.history_lookback,
                    page_size=config.history_page_size,
                    max_pages=config.history_max_pages,
                ),
            )
        except _CallFailed as failed:
            if failed.failure.kind is not FailureKind.PERMANENT:
                raise
            # The post itself will say whether the conversation is usable.
            log.warning(
                "outbox %s: cannot look for an earlier post (%s: %s); posting",
                row.id,
                failed.method,
                failed.failure.reason,
            )
            return None

    def _conversation(self, client: WebClient, row: Outbox, now: datetime) -> str:
        """The conversation id to read history from: a user's DM for a user id."""
        if not is_user_id(row.channel):
            return row.channel
        key = (row.workspace_id, row.channel)
        if key not in self._dms:
            self._hold(
                self._gate.acquire(
                    workspace_id=row.workspace_id, method=OPEN_CONVERSATION, now=now.timestamp()
                )
            )
            self._dms[key] = self._call(OPEN_CONVERSATION, lambda: open_dm(client, row.channel))
        return self._dms[key]

    # ---- outcomes ----------------------------------------------------------------------

    def _after_failure(self, row: Outbox, failed: _CallFailed) -> Outcome:
        failure = failed.failure
        if failure.kind is FailureKind.RATE_LIMITED:
            return self._wait_out_rate_limit(row, failed.method, failure)
        reason = (
            failure.reason
            if failed.method == POST_MESSAGE
            else f"{failed.method}: {failure.reason}"
        )
        if failure.kind is FailureKind.PERMANENT:
            return self._kill(row, reason)
        attempts = row.attempts + 1
        if attempts >= self._config.max_attempts:
            return self._kill(row, f"{reason} (gave up after {attempts} attempts)")
        delay = backoff_delay(
            attempt=attempts,
            base=self._config.backoff_base,
            cap=self._config.backoff_cap,
            draw=self._draw(),
        )
        return self._retry(row, reason, at=self._clock.now() + delay)

    def _wait_out_rate_limit(self, row: Outbox, method: str, failure: Failure) -> Outcome:
        """Honour Slack's Retry-After for the whole workspace; not the row's failure."""
        RATE_LIMITED.labels(method).inc()
        seconds = failure.retry_after
        if seconds is None:
            seconds = self._config.default_retry_after.total_seconds()
        until = self._clock.now() + timedelta(seconds=seconds)
        self._gate.pause(workspace_id=row.workspace_id, method=method, until=until.timestamp())
        log.warning("Slack rate-limited %s: outbox %s waits %.1fs", method, row.id, seconds)
        return self._defer(row, until)

    def _record_sent(self, row: Outbox, posted: Posted) -> Outcome:
        with session_scope(self._engine) as session:
            recorded = outbox.mark_sent(
                session=session,
                row=row,
                ts=posted.ts,
                now=self._clock.now(),
                slack_channel=posted.channel,
            )
        if not recorded:
            log.warning("outbox %s was posted but another deliverer had taken it over", row.id)
            return Outcome.LOST
        log.info("outbox %s (%s) sent to %s as %s", row.id, row.kind, posted.channel, posted.ts)
        return Outcome.SENT

    def _defer(self, row: Outbox, until: datetime) -> Outcome:
        with session_scope(self._engine) as session:
            deferred = outbox.defer(session=session, row=row, until=until)
        return Outcome.DEFERRED if deferred else Outcome.LOST

    def _retry(self, row: Outbox, reason: str, *, at: datetime) -> Outcome:
        with session_scope(self._engine) as session:
            scheduled = outbox.schedule_retry(session=session, row=row, error=reason, at=at)
        log.warning("outbox %s (%s) failed (%s); retrying at %s", row.id, row.kind, reason, at)
        return Outcome.RETRIED if scheduled else Outcome.LOST

    def _kill(self, row: Outbox, reason: str) -> Outcome:
        with session_scope(self._engine) as session:
            killed = outbox.mark_dead(session=session, row=row, reason=reason)
        log.error("outbox %s (%s) to %s is dead: %s", row.id, row.kind, row.channel, reason)
        return Outcome.DEAD if killed else Outcome.LOST

    # ---- helpers -----------------------------------------------------------------------

    def _client_for(self, workspace_id: str, batch: _Round) -> WebClient:
        client = batch.clients.get(workspace_id)
        if client is None:
            try:
                client = self._client_factory(workspace_id)
            except LookupError as error:
                failure = Failure(
                    FailureKind.PERMANENT, f"not installed in {workspace_id}: {error}"
                )
                raise _CallFailed(INSTALLATION, failure) from error
            except _SLACK_CALL_ERRORS as error:
                # Refreshing the token failed: Slack's answer says whether to try again.
                raise _CallFailed(INSTALLATION, classify(error)) from error
            check_delivery_client(client)
            batch.clients[workspace_id] = client
        return client

    def _lease_ending(self, row: Outbox) -> bool:
        """Too close to the end of the claim to start a post another deliverer may repeat."""
        if row.claimed_until is None:
            return True
        return self._clock.now() >= row.claimed_until - self._config.lease_margin

    @staticmethod
    def _hold(wait: Wait) -> None:
        if not wait.ready:
            raise _MustWait(wait)

    @staticmethod
    def _call(method: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except Exception as error:
            if not isinstance(error, _SLACK_CALL_ERRORS):
                log.exception("unexpected error from %s", method)
            raise _CallFailed(method, classify(error)) from error


def _may_have_been_posted(row: Outbox) -> bool:
    """An earlier attempt failed in a way that may have reached Slack (or crashed)."""
    return row.attempts > 0 or row.last_error is not None
