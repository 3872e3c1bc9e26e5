"""The outbox in SQL: dedupe on enqueue, claims that never overlap, fenced settling."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage import outbox
from storage.db import is_postgresql
from storage.enums import OutboxStatus
from storage.models import Outbox, Workspace

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
WS = "T0TEST"


def _enqueue(session: Session, key: str, **overrides: object) -> bool:
    arguments: dict[str, object] = {
        "session": session,
        "workspace_id": WS,
        "dedupe_key": key,
        "kind": "checkin",
        "channel": "U0ANA",
        "text": f"hello {key}",
        "now": NOW,
    }
    arguments.update(overrides)
    return outbox.enqueue(**arguments)  # type: ignore[arg-type]


def _rows(engine: Engine) -> list[Outbox]:
    with Session(engine) as session:
        return list(session.exec(select(Outbox).order_by(Outbox.id)))


def _fill(engine: Engine, count: int, *, now: datetime = NOW) -> None:
    with Session(engine) as session:
        for number in range(count):
            _enqueue(session, f"k{number}", now=now + timedelta(milliseconds=number))
        session.commit()


# ---- enqueue ---------------------------------------------------------------------------


def test_enqueue_writes_a_pending_row_with_its_payload(session: Session, engine: Engine) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    added = _enqueue(session, "checkin:T0TEST:1:2026-11", blocks=blocks, metadata={"task": 12})
    session.commit()

    assert added is True
    [row] = _rows(engine)
    assert (row.workspace_id, row.kind, row.channel) == (WS, "checkin", "U0ANA")
    assert row.payload == {
        "text": "hello checkin:T0TEST:1:2026-11",
        "blocks": blocks,
        "metadata": {"task": 12},
    }
    assert row.status is OutboxStatus.PENDING
    assert row.attempts == 0
    assert row.next_attempt_at == NOW
    assert row.created_at == NOW


def test_the_same_key_twice_is_one_row_and_the_callers_transaction_survives(
    session: Session, engine: Engine
) -> None:
    session.add(Workspace(id="T0BEFORE", created_at=NOW))
    assert _enqueue(session, "digest:T0TEST:eng:2026-11") is True
    assert _enqueue(session, "digest:T0TEST:eng:2026-11", text="another text") is False
    session.add(Workspace(id="T0AFTER", created_at=NOW))
    session.commit()

    [row] = _rows(engine)
    assert row.payload["text"] == "hello digest:T0TEST:eng:2026-11"
    with Session(engine) as check:
        names = set(check.exec(select(Workspace.id)))
    assert names == {"T0BEFORE", "T0AFTER"}


def test_a_key_sent_long_ago_is_not_owed_again(session: Session, engine: Engine) -> None:
    _enqueue(session, "once")
    session.commit()
    [row] = outbox.claim_due(session=session, now=NOW, limit=5, lease=LEASE)
    outbox.mark_sent(session=session, row=row, ts="1.000100", now=NOW)
    session.commit()

    assert _enqueue(session, "once", now=NOW + timedelta(days=40)) is False
    session.commit()
    assert [r.status for r in _rows(engine)] == [OutboxStatus.SENT]


def test_concurrent_enqueues_of_one_key_add_one_row_without_error(engine: Engine) -> None:
    results: dict[str, bool] = {}
    errors: list[BaseException] = []
    first_inserted = threading.Event()

    def second() -> None:
        try:
            first_inserted.wait(5)
            with Session(engine) as other:
                results["second"] = _enqueue(other, "race", text="second")
                other.commit()
        except BaseException as error:  # reported to the test below
            errors.append(error)

    thread = threading.Thread(target=second)
    thread.start()
    with Session(engine) as first:
        results["first"] = _enqueue(first, "race", text="first")
        first_inserted.set()
        # The second insert now waits on this uncommitted row (or on SQLite's lock).
        thread.join(0.3)
        first.commit()
    thread.join(10)

    assert errors == []
    assert results == {"first": True, "second": False}
    [row] = _rows(engine)
    assert row.payload["text"] == "first"


def test_not_before_delays_the_first_attempt(session: Session) -> None:
    _enqueue(session, "later", not_before=NOW + timedelta(hours=2))
    session.commit()

    assert outbox.claim_due(session=session, now=NOW, limit=5, lease=LEASE) == []
    later = NOW + timedelta(hours=2)
    assert [
        r.dedupe_key for r in outbox.claim_due(session=session, now=later, limit=5, lease=LEASE)
    ] == ["later"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"channel": "#general"}, "channel must be a Slack conversation or user id"),
        ({"channel": "C" + "1" * 40}, "channel must be a Slack conversation or user id"),
        ({"text": "  ", "blocks": None}, "needs text"),
        ({"dedupe_key": ""}, "dedupe_key must be 1 to 255 characters, got 0"),
        ({"dedupe_key": "k" * 256}, "dedupe_key must be 1 to 255 characters, got 256"),
        ({"kind": ""}, "kind must be 1 to 32 characters"),
    ],
)
def test_a_malformed_message_is_refused_with_what_is_expected(
    session: Session, engine: Engine, overrides: dict[str, object], message: str
) -> None:
    arguments = {"dedupe_key": "bad", **overrides}
    key = str(arguments.pop("dedupe_key"))
    with pytest.raises(ValueError, match=message):
        _enqueue(session, key, **arguments)
    session.rollback()
    assert _rows(engine) == []


def test_blocks_without_text_are_accepted(session: Session) -> None:
    blocks = [{"type": "divider"}]
    assert _enqueue(session, "blocks-only", text="", blocks=blocks) is True


# ---- claim -----------------------------------------------------------------------------


def test_claim_marks_due_rows_sending_with_a_lease_oldest_first(
    session: Session, engine: Engine
) -> None:
    _enqueue(session, "b", now=NOW - timedelta(minutes=1))
    _enqueue(session, "a", now=NOW - timedelta(minutes=2))
    _enqueue(session, "future", not_before=NOW + timedelta(seconds=1))
    session.commit()

    claimed = outbox.claim_due(session=session, now=NOW, limit=10, lease=LEASE)

    assert [row.dedupe_key for row in claimed] == ["a", "b"]
    assert {row.claimed_by for row in claimed} != {None}
    assert all(row.status is OutboxStatus.SENDING for row in claimed)
    stored = {row.dedupe_key: row for row in _rows(engine)}
    assert stored["a"].status is OutboxStatus.SENDING
    assert stored["a"].claimed_until == NOW + LEASE
    assert stored["future"].status is OutboxStatus.PENDING


def test_claim_takes_at_most_limit_rows(session: Session, engine: Engine) -> None:
    _fill(engine, 5)
    first = outbox.claim_due(session=session, now=NOW + timedelta(seconds=1), limit=3, lease=LEASE)
    second = outbox.claim_due(session=session, now=NOW + timedelta(seconds=1), limit=3, lease=LEASE)
    assert [r.dedupe_key for r in first] == ["k0", "k1", "k2"]
    assert [r.dedupe_key for r in second] == ["k3", "k4"]
    assert outbox.claim_due(session=session, now=NOW, limit=0, lease=LEASE) == []


def test_concurrent_claimers_get_disjoint_rows(engine: Engine) -> None:
    total, claimers = 120, 6
    _fill(engine, total)
    later = NOW + timedelta(seconds=1)
    barrier = threading.Barrier(claimers)
    claimed: list[list[int]] = [[] for _ in range(claimers)]
    errors: list[BaseException] = []

    def claim(index: int) -> None:
        try:
            barrier.wait(5)
            with Session(engine) as session:
                while batch := outbox.claim_due(session=session, now=later, limit=7, lease=LEASE):
                    claimed[index].extend(row.id or 0 for row in batch)
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(claimers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    every = [row_id for ids in claimed for row_id in ids]
    assert len(every) == total
    assert len(set(every)) == total
    assert {row.status for row in _rows(engine)} == {OutboxStatus.SENDING}


def test_on_postgresql_a_claimer_skips_rows_another_transaction_holds(engine: Engine) -> None:
    if not is_postgresql(engine):
        pytest.skip("row locks are a PostgreSQL feature")
    _fill(engine, 4)
    with Session(engine) as holder, Session(engine) as claimer:
        holder.execute(sa.text("SELECT id FROM outbox WHERE dedupe_key IN ('k0', 'k1') FOR UPDATE"))
        claimer.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
        got = outbox.claim_due(
            session=claimer, now=NOW + timedelta(seconds=1), limit=10, lease=LEASE
        )
        holder.rollback()
    assert [row.dedupe_key for row in got] == ["k2", "k3"]


def test_an_expired_lease_is_claimed_again_and_counts_as_an_attempt(session: Session) -> None:
    _enqueue(session, "crash")
    session.commit()
    [first] = outbox.claim_due(session=session, now=NOW, limit=5, lease=LEASE)
    first_token = first.claimed_by

    inside_lease = NOW + LEASE - timedelta(seconds=1)
    assert outbox.claim_due(session=session, now=inside_lease, limit=5, lease=LEASE) == []

    [again] = outbox.claim_due(session=session, now=NOW + LEASE, limit=5, lease=LEASE)
    assert again.id == first.id
    assert again.attempts == 1
    assert again.last_error == outbox.LEASE_LOST
    assert again.claimed_by not in (None, first_token)


def test_a_stale_claim_cannot_settle_a_row_claimed_again(session: Session, engine: Engine) -> None:
    _enqueue(session, "fenced")
    session.commit()
    [stale] = outbox.claim_due(session=session, now=NOW, limit=5, lease=LEASE)
    stale_token = stale.claimed_by
    with Session(engine, expire_on_commit=False) as other:
        [fresh] = outbox.claim_due(session=other, now=NOW + LEASE, limit=5, lease=LEASE)
    stale.claimed_by = stale_token

    assert outbox.mark_sent(session=session, row=stale, ts="1.1", now=NOW) is False
    assert outbox.mark_dead(session=session, row=stale, reason="x") is False
    session.commit()
    assert outbox.mark_sent(session=session, row=fresh, ts="2.2", now=NOW + LEASE) is True
    session.commit()
    [row] = _rows(engine)
    assert (row.status, row.slack_ts) == (OutboxStatus.SENT, "2.2")


def test_settling_an_unclaimed_row_is_refused(session: Session) -> None:
    _enqueue(session, "unclaimed")
    session.commit()
    row = session.exec(select(Outbox)).one()
    with pytest.raises(ValueError, match="was not claimed"):
        outbox.mark_sent(session=session, row=row, ts="1.1", now=NOW)


# ---- settling --------------------------------------------------------------------------


def _claimed(session: Session, key: str = "row") -> Outbox:
    _enqueue(session, key)
    session.commit()
    [row] = outbox.claim_due(session=session, now=NOW, limit=1, lease=LEASE)
    return row


def test_mark_sent_records_the_ts_and_where_it_landed(session: Session, engine: Engine) -> None:
    row = _claimed(session)
    assert outbox.mark_sent(
        session=session, row=row, ts="1795424400.000100", now=NOW, slack_channel="D0ANA"
    )
    session.commit()
    [stored] = _rows(engine)
    assert stored.status is OutboxStatus.SENT
    assert (stored.slack_ts, stored.slack_channel, stored.sent_at) == (
        "1795424400.000100",
        "D0ANA",
        NOW,
    )
    assert (stored.claimed_by, stored.claimed_until) == (None, None)


def test_schedule_retry_counts_the_attempt_and_keeps_the_reason(
    session: Session, engine: Engine
) -> None:
    row = _claimed(session)
    at = NOW + timedelta(seconds=30)
    assert outbox.schedule_retry(session=session, row=row, error="http 503", at=at)
    session.commit()
    [stored] = _rows(engine)
    assert (stored.status, stored.attempts, stored.last_error) == (
        OutboxStatus.PENDING,
        1,
        "http 503",
    )
    assert stored.next_attempt_at == at
    assert (
        outbox.claim_due(session=session, now=at - timedelta(seconds=1), limit=1, lease=LEASE) == []
    )
    assert len(outbox.claim_due(session=session, now=at, limit=1, lease=LEASE)) == 1


def test_defer_puts_the_row_back_without_counting_an_attempt(
    session: Session, engine: Engine
) -> None:
    row = _claimed(session)
    assert outbox.defer(session=session, row=row, until=NOW + timedelta(seconds=2))
    session.commit()
    [stored] = _rows(engine)
    assert (stored.status, stored.attempts, stored.last_error) == (OutboxStatus.PENDING, 0, None)
    assert stored.next_attempt_at == NOW + timedelta(seconds=2)


def test_mark_dead_keeps_a_shortened_reason(session: Session, engine: Engine) -> None:
    row = _claimed(session)
    assert outbox.mark_dead(session=session, row=row, reason="channel_not_found " + "x" * 600)
    session.commit()
    [stored] = _rows(engine)
    assert stored.status is OutboxStatus.DEAD
    assert stored.attempts == 1
    assert stored.last_error is not None
    assert stored.last_error.startswith("channel_not_found")
    assert len(stored.last_error) == outbox.MAX_ERROR


# ---- admin -----------------------------------------------------------------------------


def _kill(session: Session, key: str, reason: str = "channel_not_found") -> int:
    row = _claimed(session, key)
    outbox.mark_dead(session=session, row=row, reason=reason)
    session.commit()
    assert row.id is not None
    return row.id


def test_retry_dead_requeues_the_named_rows_with_a_fresh_budget(
    session: Session, engine: Engine
) -> None:
    first, second = _kill(session, "d1"), _kill(session, "d2")
    later = NOW + timedelta(hours=1)

    assert outbox.retry_dead(session=session, now=later, ids=[first, 999]) == [first]
    session.commit()
    stored = {row.id: row for row in _rows(engine)}
    assert stored[first].status is OutboxStatus.PENDING
    assert (stored[first].attempts, stored[first].next_attempt_at) == (0, later)
    assert stored[first].last_error == "channel_not_found"
    assert stored[second].status is OutboxStatus.DEAD

    assert outbox.retry_dead(session=session, now=later) == [second]


def test_retry_dead_leaves_other_workspaces_alone(session: Session) -> None:
    dead = _kill(session, "mine")
    _enqueue(session, "theirs", workspace_id="T0OTHER")
    session.commit()
    assert outbox.retry_dead(session=session, now=NOW, workspace_id="T0OTHER") == []
    assert outbox.retry_dead(session=session, now=NOW, workspace_id=WS) == [dead]


def test_list_and_count_by_status(session: Session) -> None:
    _kill(session, "dead")
    sent = _claimed(session, "sent")
    outbox.mark_sent(session=session, row=sent, ts="1.1", now=NOW)
    _enqueue(session, "pending", now=NOW + timedelta(minutes=1))
    _enqueue(session, "elsewhere", workspace_id="T0OTHER")
    session.commit()

    counts = outbox.count_by_status(session=session, workspace_id=WS)
    assert counts == {
        OutboxStatus.PENDING: 1,
        OutboxStatus.SENDING: 0,
        OutboxStatus.SENT: 1,
        OutboxStatus.DEAD: 1,
    }
    assert outbox.count_by_status(session=session)[OutboxStatus.PENDING] == 2
    dead = outbox.list_rows(session=session, statuses=[OutboxStatus.DEAD])
    assert [row.dedupe_key for row in dead] == ["dead"]
    undelivered = outbox.list_undelivered(session=session, workspace_id=WS)
    assert [row.dedupe_key for row in undelivered] == ["pending", "dead"]
    assert [r.dedupe_key for r in outbox.list_rows(session=session, limit=1)] == ["pending"]


def test_oldest_undelivered_and_purge(session: Session, engine: Engine) -> None:
    assert outbox.oldest_undelivered_at(session=session) is None
    sent = _claimed(session, "sent")
    outbox.mark_sent(session=session, row=sent, ts="1.1", now=NOW)
    _enqueue(session, "waiting", now=NOW + timedelta(minutes=5))
    session.commit()

    assert outbox.oldest_undelivered_at(session=session) == NOW + timedelta(minutes=5)
    assert outbox.purge_sent(session=session, before=NOW) == 0
    assert outbox.purge_sent(session=session, before=NOW + timedelta(seconds=1)) == 1
    session.commit()
    assert [row.dedupe_key for row in _rows(engine)] == ["waiting"]


# ---- a workspace that removed the app ----------------------------------------------------


def test_a_workspace_that_removed_the_app_has_its_owed_rows_dead_and_no_other(
    session: Session, engine: Engine
) -> None:
    sent = _claimed(session, "sent")
    assert outbox.mark_sent(session=session, row=sent, ts="1.000100", now=NOW)
    session.commit()
    sending = _claimed(session, "sending")
    _enqueue(session, "pending")
    _enqueue(session, "elsewhere", workspace_id="T0OTHER")
    session.commit()
    assert outbox.mark_workspace_dead(session=session, workspace_id=WS, reason="uninstalled") == 2
    session.commit()
    by_key = {row.dedupe_key: row for row in _rows(engine)}
    assert {key: row.status for key, row in by_key.items()} == {
        "sending": OutboxStatus.DEAD,
        "pending": OutboxStatus.DEAD,
        "elsewhere": OutboxStatus.PENDING,
        "sent": OutboxStatus.SENT,
    }
    assert by_key["pending"].last_error == "uninstalled"
    assert by_key["sending"].claimed_by is None
    # The deliverer that held the row cannot write over the verdict.
    assert not outbox.mark_sent(session=session, row=sending, ts="2.000100", now=NOW)
