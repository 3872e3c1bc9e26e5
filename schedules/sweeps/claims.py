"""Claiming an owed item: the state change that makes this transaction its one sender.

Each check-in item changes its ``CheckIn`` row with a conditional write (insert unless
present, raise ``nudges_sent`` only upwards, set ``escalated_at`` only once). Of two
sweepers that found the same item, only one write succeeds; on PostgreSQL the other
waits for the first to commit and then sees nothing left to do. The caller enqueues the
message in the same transaction, so the state and the message commit or fail together.
Items with no state of their own (overdue, reviews, departures) rely on the outbox's
dedupe key alone.
"""

from dataclasses import replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from schedules.sweeps.owed import CheckInNudge, CheckInPrompt, Escalation, Owed, SilentCheckIn
from storage.db import rows_affected
from storage.models import CheckIn, ProgressUpdate
from storage.reports.digest.summaries import forget_summaries


def claim(session: Session, owed: Owed, *, now: datetime) -> Owed | None:
    """``owed`` (or the part of it still owed) if this transaction may send it, else None."""
    if isinstance(owed, CheckInPrompt):
        return owed if _ask(session, owed, now=now) else None
    if isinstance(owed, CheckInNudge):
        return owed if _nudge(session, owed) else None
    if isinstance(owed, Escalation):
        return _escalate(session, owed, now=now)
    return owed


def _ask(session: Session, prompt: CheckInPrompt, *, now: datetime) -> bool:
    """Record that the owner is asked for the period, unless they already were."""
    same = (
        col(CheckIn.workspace_id) == prompt.workspace_id,
        col(CheckIn.person_id) == prompt.person_id,
        col(CheckIn.period) == prompt.period,
    )
    unasked = sa.update(CheckIn).where(*same, col(CheckIn.asked_at).is_(None))
    if rows_affected(session.execute(unasked.values(asked_at=now))) == 1:
        return True
    values = {
        "workspace_id": prompt.workspace_id,
        "person_id": prompt.person_id,
        "period": prompt.period,
        "asked_at": now,
        "nudges_sent": 0,
    }
    return _insert_unless_present(session, values)


def _insert_unless_present(session: Session, values: dict[str, Any]) -> bool:
    conflict = ["workspace_id", "person_id", "period"]
    if session.get_bind().dialect.name == "postgresql":
        statement: postgresql.Insert | sqlite.Insert = (
            postgresql.insert(CheckIn)
            .values(values)
            .on_conflict_do_nothing(index_elements=conflict)
        )
    else:
        statement = (
            sqlite.insert(CheckIn).values(values).on_conflict_do_nothing(index_elements=conflict)
        )
    return session.execute(statement.returning(col(CheckIn.id))).first() is not None


def _nudge(session: Session, nudge: CheckInNudge) -> bool:
    """Raise the check-in's nudge count to the nudge's level, if it is still unanswered."""
    if _answered_meanwhile(session, nudge.check_in_id):
        return False
    statement = (
        sa.update(CheckIn)
        .where(
            col(CheckIn.id) == nudge.check_in_id,
            col(CheckIn.nudges_sent) < nudge.level,
            col(CheckIn.answered_at).is_(None),
            col(CheckIn.escalated_at).is_(None),
        )
        .values(nudges_sent=nudge.level)
    )
    return rows_affected(session.execute(statement)) == 1


def _escalate(session: Session, escalation: Escalation, *, now: datetime) -> Escalation | None:
    """Mark the silent owners' check-ins escalated; the escalation of those this one marked."""
    silent = [
        owner for owner in escalation.silent if not _answered_meanwhile(session, owner.check_in_id)
    ]
    if not silent:
        return None
    statement = (
        sa.update(CheckIn)
        .where(
            col(CheckIn.id).in_([owner.check_in_id for owner in silent]),
            col(CheckIn.answered_at).is_(None),
            col(CheckIn.escalated_at).is_(None),
        )
        .values(escalated_at=now)
        .returning(col(CheckIn.id))
    )
    marked = set(session.scalars(statement))
    claimed: tuple[SilentCheckIn, ...] = tuple(o for o in silent if o.check_in_id in marked)
    return replace(escalation, silent=claimed) if claimed else None


def _answered_meanwhile(session: Session, check_in_id: int) -> bool:
    """True (and the check-in marked answered) when its owner reported progress for the
    period in another way: an update labelled with another month, or one made before the
    prompt went out, still counts."""
    check_in = session.get(CheckIn, check_in_id, populate_existing=True)
    if check_in is None:
        return True  # gone: nothing to follow up
    if check_in.answered_at is not None:
        return True
    conditions = [col(ProgressUpdate.period) == check_in.period]
    if check_in.asked_at is not None:
        conditions.append(col(ProgressUpdate.created_at) >= check_in.asked_at)
    # By author alone (a person is in one workspace), so that the author index is used.
    query = sa.select(sa.func.min(col(ProgressUpdate.created_at))).where(
        col(ProgressUpdate.author_id) == check_in.person_id,
        col(ProgressUpdate.period) >= check_in.period,
        sa.or_(*conditions),
    )
    answered_at = session.scalar(query)
    if answered_at is None:
        return False
    statement = (
        sa.update(CheckIn)
        .where(col(CheckIn.id) == check_in_id, col(CheckIn.answered_at).is_(None))
        .values(answered_at=answered_at)
    )
    session.execute(statement)
    # Answered late, perhaps for a month whose figures were kept without them.
    forget_summaries(session, workspace_id=check_in.workspace_id, periods=[check_in.period])
    return True
