"""Rows that have served their purpose, deleted on a schedule so that no table grows with
every event received, every install started and every month gone by.

The outbox keeps its rows: a sent row is the record that a message went out once (a
deactivated owner's notice, say, is owed once ever), so deleting it would send the
message again. What goes is the message itself (text, blocks, chart) once it is old.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.db import rows_affected
from storage.enums import OutboxStatus
from storage.models import Outbox, PeriodSummary, ProcessedEvent
from storage.periods import period_of, shift_period
from storage.reports import TREND_PERIODS
from storage.slack_tables import OAUTH_STATES_TABLE, SLACK_SDK_METADATA

KEEP_EVENT_IDS = timedelta(days=2)
"""Slack retries an event within minutes; its id is remembered well beyond that."""
KEEP_SENT_MESSAGES = timedelta(days=30)
"""How long a sent message's body stays in the outbox, to look into what went out."""
KEPT_PERIODS = TREND_PERIODS + 1
"""Periods whose kept figures a digest may still read: those it charts, ending with this
period or the one before (a time zone behind UTC may still be in it)."""


@dataclass(frozen=True)
class Tidied:
    """How many rows went, by kind."""

    event_ids: int
    install_states: int
    period_figures: int
    message_bodies: int


def tidy(*, session: Session, now: datetime) -> Tidied:
    """Delete what is no longer needed at ``now`` (aware). The caller commits."""
    return Tidied(
        event_ids=_delete(session, _old_event_ids(now)),
        install_states=_delete(session, _expired_states(now)),
        period_figures=_delete(session, _unread_figures(now)),
        message_bodies=rows_affected(session.execute(_old_message_bodies(now))),
    )


def _old_event_ids(now: datetime) -> sa.Delete:
    return sa.delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < now - KEEP_EVENT_IDS)


def _unread_figures(now: datetime) -> sa.Delete:
    oldest_read = shift_period(period_of(now), 1 - KEPT_PERIODS)
    return sa.delete(PeriodSummary).where(col(PeriodSummary.period) < oldest_read)


def _old_message_bodies(now: datetime) -> sa.Update:
    """Empty the payload of messages sent long ago; their rows stay, with their keys."""
    old = [
        col(Outbox.status) == OutboxStatus.SENT,
        col(Outbox.sent_at) < now - KEEP_SENT_MESSAGES,
        sa.cast(col(Outbox.payload), sa.Text) != "{}",
    ]
    return sa.update(Outbox).where(*old).values(payload={})


def _expired_states(now: datetime) -> sa.Delete:
    """Install attempts never finished: slack_sdk deletes a state when it is used, and
    keeps its expiry as a naive UTC time."""
    states = SLACK_SDK_METADATA.tables[OAUTH_STATES_TABLE]
    return sa.delete(states).where(states.c.expire_at < now.astimezone(UTC).replace(tzinfo=None))


def _delete(session: Session, statement: sa.Delete) -> int:
    return rows_affected(session.execute(statement))
