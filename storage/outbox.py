"""The outbox: every message Pillar owes, written with the change that made it owed.

Plain SQL, no Slack. A sweep or a command calls :func:`enqueue` inside its own
transaction; deliverers call :func:`claim_due`, post the rows, and settle each one with
:func:`mark_sent`, :func:`schedule_retry`, :func:`defer` or :func:`mark_dead`; a workspace
that removed the app gets :func:`mark_workspace_dead`. Those
settle a row only while the deliverer's claim token is still on it, and leave committing
to the caller. Admins read :func:`list_rows` and :func:`count_by_status` and requeue dead
rows with :func:`retry_dead`.
"""

import re
import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.db import insert_unless_present, rows_affected
from storage.enums import OutboxStatus
from storage.models import SLACK_ID_LENGTH, Outbox

MAX_DEDUPE_KEY = 255
MAX_KIND = 32
MAX_ERROR = 500
LEASE_LOST = "the deliverer stopped before recording the outcome"
UNDELIVERED = (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.DEAD)

# Conversation (C, G, D) or user (U, W) ids, as Slack writes them.
_SLACK_ID = re.compile(r"^[CGDUW][A-Z0-9]+$")


# ---- writing ---------------------------------------------------------------------------


def enqueue(
    *,
    session: Session,
    workspace_id: str,
    dedupe_key: str,
    kind: str,
    channel: str,
    text: str,
    blocks: Sequence[Mapping[str, Any]] | None = None,
    metadata: Mapping[str, Any] | None = None,
    chart: Mapping[str, Any] | None = None,
    now: datetime,
    not_before: datetime | None = None,
) -> bool:
    """Owe a message to ``channel`` (a conversation or user id); True if it was added.

    A row with the same ``dedupe_key`` already owed (or sent) wins: nothing is written
    and False is returned. Runs in the caller's transaction and never raises on a
    duplicate, even when another transaction inserts the same key at the same moment.
    ``blocks`` are Block Kit dicts (``Block.to_dict()``); ``metadata`` (JSON values)
    travels with the message to Slack; ``chart`` (JSON values) describes a chart the
    deliverer draws and uploads in the message's thread once it is posted;
    ``not_before`` delays the first attempt.
    """
    _check_message(dedupe_key=dedupe_key, kind=kind, channel=channel, text=text, blocks=blocks)
    values: dict[str, Any] = {
        "workspace_id": workspace_id,
        "dedupe_key": dedupe_key,
        "kind": kind,
        "channel": channel,
        "payload": _payload(text=text, blocks=blocks, metadata=metadata, chart=chart),
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": max(now, not_before) if not_before is not None else now,
        "created_at": now,
    }
    return _insert_unless_duplicate(session, values)


def _check_message(
    *,
    dedupe_key: str,
    kind: str,
    channel: str,
    text: str,
    blocks: Sequence[Mapping[str, Any]] | None,
) -> None:
    if not 0 < len(dedupe_key) <= MAX_DEDUPE_KEY:
        raise ValueError(
            f"dedupe_key must be 1 to {MAX_DEDUPE_KEY} characters, got {len(dedupe_key)}"
        )
    if not 0 < len(kind) <= MAX_KIND:
        raise ValueError(f"kind must be 1 to {MAX_KIND} characters, got {kind!r}")
    if len(channel) > SLACK_ID_LENGTH or not _SLACK_ID.match(channel):
        raise ValueError(
            f"channel must be a Slack conversation or user id such as C012AB3CD or "
            f"U012AB3CD, got {channel!r}"
        )
    if not text.strip() and not blocks:
        raise ValueError("a message needs text (and may add blocks); both were empty")


def _payload(
    *,
    text: str,
    blocks: Sequence[Mapping[str, Any]] | None,
    metadata: Mapping[str, Any] | None,
    chart: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {"text": text}
    if blocks:
        payload["blocks"] = [dict(block) for block in blocks]
    if metadata:
        payload["metadata"] = dict(metadata)
    if chart:
        payload["chart"] = dict(chart)
    return payload


def _insert_unless_duplicate(session: Session, values: dict[str, Any]) -> bool:
    statement = insert_unless_present(session, Outbox, key=["dedupe_key"])
    if statement is None:
        return _insert_in_savepoint(session, values)
    statement = statement.values(values)
    # RETURNING rather than rowcount: drivers do not all report a count for this form.
    return session.execute(statement.returning(col(Outbox.id))).first() is not None


def _insert_in_savepoint(session: Session, values: dict[str, Any]) -> bool:
    """For databases without ON CONFLICT: a savepoint keeps the caller's work safe."""
    try:
        with session.begin_nested():
            session.execute(sa.insert(Outbox).values(values))
    except sa.exc.IntegrityError:
        return False
    return True


# ---- claiming --------------------------------------------------------------------------


def claim_due(*, session: Session, now: datetime, limit: int, lease: timedelta) -> list[Outbox]:
    """Claim up to ``limit`` rows due at ``now`` for one deliverer, and commit the claim.

    Due rows are pending ones whose ``next_attempt_at`` has come, and sending ones whose
    lease ran out (their deliverer died; that counts as an attempt). Each claimed row is
    marked sending until ``now + lease`` under a fresh ``claimed_by`` token. On
    PostgreSQL concurrent claimers skip each other's rows (``FOR UPDATE SKIP LOCKED``);
    on SQLite the single UPDATE … RETURNING runs under the database's one writer lock.
    Rows come back oldest-due first.
    """
    if limit < 1:
        return []
    due = (
        sa.select(col(Outbox.id))
        .where(_is_due(now))
        .order_by(col(Outbox.next_attempt_at), col(Outbox.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    was_abandoned = col(Outbox.status) == OutboxStatus.SENDING
    statement = (
        sa.update(Outbox)
        .where(col(Outbox.id).in_(due.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            claimed_by=uuid.uuid4().hex,
            claimed_until=now + lease,
            attempts=sa.case((was_abandoned, col(Outbox.attempts) + 1), else_=Outbox.attempts),
            last_error=sa.case((was_abandoned, LEASE_LOST), else_=Outbox.last_error),
        )
        .returning(Outbox)
        # Rows already in this session must show the claim, not what they were before.
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    rows = list(session.scalars(statement))
    session.commit()
    return sorted(rows, key=lambda row: (row.next_attempt_at, row.id or 0))


def _is_due(now: datetime) -> sa.ColumnElement[bool]:
    pending = sa.and_(
        col(Outbox.status) == OutboxStatus.PENDING, col(Outbox.next_attempt_at) <= now
    )
    abandoned = sa.and_(
        col(Outbox.status) == OutboxStatus.SENDING, col(Outbox.claimed_until) <= now
    )
    return sa.or_(pending, abandoned)


# ---- settling a claimed row (the caller commits) ---------------------------------------


def mark_sent(
    *, session: Session, row: Outbox, ts: str, now: datetime, slack_channel: str | None = None
) -> bool:
    """Record that ``row`` reached Slack as message ``ts`` (in ``slack_channel``)."""
    return _settle(
        session,
        row,
        status=OutboxStatus.SENT,
        slack_ts=ts,
        slack_channel=slack_channel,
        sent_at=now,
        last_error=None,
    )


def schedule_retry(*, session: Session, row: Outbox, error: str, at: datetime) -> bool:
    """A failed attempt: count it, keep the reason, and try again at ``at``."""
    return _settle(
        session,
        row,
        status=OutboxStatus.PENDING,
        attempts=col(Outbox.attempts) + 1,
        last_error=_short(error),
        next_attempt_at=at,
    )


def defer(*, session: Session, row: Outbox, until: datetime) -> bool:
    """Put ``row`` back untried (a rate limit said wait); no attempt is counted."""
    return _settle(session, row, status=OutboxStatus.PENDING, next_attempt_at=until)


def mark_dead(*, session: Session, row: Outbox, reason: str) -> bool:
    """Give up on ``row`` (a permanent error, or too many attempts); admins see ``reason``."""
    return _settle(
        session,
        row,
        status=OutboxStatus.DEAD,
        attempts=col(Outbox.attempts) + 1,
        last_error=_short(reason),
    )


def mark_workspace_dead(*, session: Session, workspace_id: str, reason: str) -> int:
    """Give up on every message still owed in ``workspace_id`` (Pillar lost its access
    there); how many. A row being sent loses its claim, so its deliverer records nothing
    over this. Admins see ``reason``; ``retry_dead`` sends them after a new install.
    The caller commits.
    """
    statement = (
        sa.update(Outbox)
        .where(
            col(Outbox.workspace_id) == workspace_id,
            col(Outbox.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
        )
        .values(
            status=OutboxStatus.DEAD, last_error=_short(reason), claimed_by=None, claimed_until=None
        )
        .execution_options(synchronize_session=False)
    )
    return rows_affected(session.execute(statement))


def _settle(session: Session, row: Outbox, **values: Any) -> bool:
    """Update ``row`` only if this claim still holds it; False if another took over."""
    if row.claimed_by is None:
        raise ValueError(f"outbox row {row.id} was not claimed: claim it with claim_due first")
    statement = (
        sa.update(Outbox)
        .where(
            col(Outbox.id) == row.id,
            col(Outbox.status) == OutboxStatus.SENDING,
            col(Outbox.claimed_by) == row.claimed_by,
        )
        .values(claimed_by=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return rows_affected(session.execute(statement)) == 1


def _short(error: str) -> str:
    return error if len(error) <= MAX_ERROR else error[: MAX_ERROR - 1] + "…"


# ---- for admins and metrics ------------------------------------------------------------


def list_rows(
    *,
    session: Session,
    workspace_id: str | None = None,
    statuses: Collection[OutboxStatus] | None = None,
    limit: int = 50,
) -> list[Outbox]:
    """The newest rows first, optionally of one workspace and some statuses."""
    query = sa.select(Outbox).order_by(col(Outbox.created_at).desc(), col(Outbox.id).desc())
    if workspace_id is not None:
        query = query.where(col(Outbox.workspace_id) == workspace_id)
    if statuses is not None:
        query = query.where(col(Outbox.status).in_(list(statuses)))
    return list(session.scalars(query.limit(limit)))


def list_undelivered(
    *, session: Session, workspace_id: str | None = None, limit: int = 50
) -> list[Outbox]:
    """Dead, pending and in-flight rows, newest first: what has not reached Slack."""
    return list_rows(session=session, workspace_id=workspace_id, statuses=UNDELIVERED, limit=limit)


def retry_dead(
    *,
    session: Session,
    now: datetime,
    ids: Collection[int] | None = None,
    workspace_id: str | None = None,
) -> list[int]:
    """Send dead rows again from ``now`` with a fresh attempt budget; the ids requeued.

    ``ids`` None means every dead row (of ``workspace_id`` when given). The last error
    stays on the row, which tells the deliverer to look for an earlier post first.
    The caller commits.
    """
    statement = (
        sa.update(Outbox)
        .where(col(Outbox.status) == OutboxStatus.DEAD)
        .values(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now)
        .returning(col(Outbox.id))
        .execution_options(synchronize_session=False)
    )
    if ids is not None:
        statement = statement.where(col(Outbox.id).in_(list(ids)))
    if workspace_id is not None:
        statement = statement.where(col(Outbox.workspace_id) == workspace_id)
    return sorted(row_id for row_id in session.scalars(statement) if row_id is not None)


def count_by_status(
    *, session: Session, workspace_id: str | None = None
) -> dict[OutboxStatus, int]:
    """How many rows are in each status (every status present, zero included)."""
    query = sa.select(col(Outbox.status), sa.func.count()).group_by(col(Outbox.status))
    if workspace_id is not None:
        query = query.where(col(Outbox.workspace_id) == workspace_id)
    counts = dict.fromkeys(OutboxStatus, 0)
    for status, count in session.execute(query):
        counts[OutboxStatus(status)] = int(count)
    return counts


def oldest_undelivered_at(*, session: Session, workspace_id: str | None = None) -> datetime | None:
    """When the oldest message still waiting (pending or sending) was enqueued."""
    query = sa.select(sa.func.min(col(Outbox.created_at))).where(
        col(Outbox.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
    )
    if workspace_id is not None:
        query = query.where(col(Outbox.workspace_id) == workspace_id)
    return session.scalar(query)


def purge_sent(*, session: Session, before: datetime) -> int:
    """Delete rows sent before ``before``; how many went. The caller commits."""
    statement = sa.delete(Outbox).where(
        col(Outbox.status) == OutboxStatus.SENT, col(Outbox.sent_at) < before
    )
    return rows_affected(session.execute(statement))
