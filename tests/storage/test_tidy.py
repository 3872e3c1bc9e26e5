"""Tidying deletes what has served its purpose, and nothing that is still read."""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.enums import OutboxStatus
from storage.models import Outbox, PeriodSummary, ProcessedEvent
from storage.outbox import enqueue
from storage.periods import recent_periods
from storage.reports import ReportScope
from storage.reports.digest import fetch_digest_facts
from storage.slack_tables import OAUTH_STATES_TABLE, SLACK_SDK_METADATA
from storage.tidy import KEEP_EVENT_IDS, KEEP_SENT_MESSAGES, Tidied, tidy
from tests.conftest import NOW, WORKSPACE
from tests.storage.reports.seed import seed_plan

STATES = SLACK_SDK_METADATA.tables[OAUTH_STATES_TABLE]


def _event(session: Session, event_id: str, *, received_at: datetime) -> None:
    session.add(ProcessedEvent(event_id=event_id, workspace_id=WORKSPACE, received_at=received_at))


def _state(session: Session, state: str, *, expire_at: datetime) -> None:
    """As slack_sdk's state store writes it: the expiry as a naive UTC time."""
    naive = expire_at.astimezone(UTC).replace(tzinfo=None)
    session.execute(sa.insert(STATES).values(state=state, expire_at=naive))


def _summary(session: Session, period: str) -> None:
    session.add(PeriodSummary(workspace_id=WORKSPACE, scope_key="plan", period=period,
                              figures={}, summed_on=date(2026, 11, 3)))  # fmt: skip


def test_event_ids_go_once_slack_no_longer_retries_them(session: Session) -> None:
    _event(session, "Ev-old", received_at=NOW - KEEP_EVENT_IDS - timedelta(seconds=1))
    _event(session, "Ev-recent", received_at=NOW - KEEP_EVENT_IDS + timedelta(seconds=1))
    session.commit()
    assert tidy(session=session, now=NOW).event_ids == 1
    session.commit()
    assert session.exec(select(ProcessedEvent.event_id)).all() == ["Ev-recent"]


def test_install_states_go_once_expired(session: Session) -> None:
    _state(session, "abandoned", expire_at=NOW - timedelta(minutes=1))
    _state(session, "in-progress", expire_at=NOW + timedelta(minutes=9))
    session.commit()
    assert tidy(session=session, now=NOW).install_states == 1
    session.commit()
    assert session.execute(sa.select(STATES.c.state)).scalars().all() == ["in-progress"]


def _message(session: Session, key: str, *, sent_at: datetime | None) -> None:
    enqueue(session=session, workspace_id=WORKSPACE, dedupe_key=key, kind="checkin",
            channel="U1", text=f"Message {key}", now=NOW - timedelta(days=60))  # fmt: skip
    row = session.exec(select(Outbox).where(Outbox.dedupe_key == key)).one()
    if sent_at is not None:
        row.status, row.sent_at = OutboxStatus.SENT, sent_at
        session.add(row)


def test_old_sent_messages_lose_their_body_and_keep_their_key(session: Session) -> None:
    long_ago = NOW - KEEP_SENT_MESSAGES - timedelta(minutes=1)
    _message(session, "old", sent_at=long_ago)
    _message(session, "recent", sent_at=NOW - KEEP_SENT_MESSAGES + timedelta(minutes=1))
    _message(session, "unsent", sent_at=None)
    session.commit()
    assert tidy(session=session, now=NOW).message_bodies == 1
    session.commit()
    assert tidy(session=session, now=NOW).message_bodies == 0  # once is enough
    rows = {row.dedupe_key: row for row in session.exec(select(Outbox))}
    assert rows["old"].payload == {}
    assert rows["recent"].payload["text"] == "Message recent"
    assert rows["unsent"].payload["text"] == "Message unsent"
    again = enqueue(session=session, workspace_id=WORKSPACE, dedupe_key="old", kind="checkin",
                    channel="U1", text="Message old", now=NOW)  # fmt: skip
    assert again is False  # still owed once only


def test_kept_figures_go_once_no_digest_charts_their_period(session: Session) -> None:
    """At 2026-11-23 a digest of November charts June to November, and one of October
    (a zone still in it) May to October: April and before go."""
    for period in recent_periods("2026-11", 11):
        _summary(session, period)
    session.commit()
    assert tidy(session=session, now=NOW) == Tidied(
        event_ids=0, install_states=0, period_figures=4, message_bodies=0
    )
    session.commit()
    kept = session.exec(select(PeriodSummary.period).order_by(col(PeriodSummary.period))).all()
    assert tuple(kept) == recent_periods("2026-11", 7)


def test_a_digest_after_tidying_still_reads_every_kept_month(
    session: Session, statements: list[str]
) -> None:
    seeded = seed_plan(session, workspace_id=WORKSPACE, tasks=12, period="2026-11")
    session.commit()
    scope = ReportScope(workspace_id=WORKSPACE, plan_id=seeded.plan.id or 0)

    def digest() -> None:
        fetch_digest_facts(session=session, scope=scope, period="2026-11", today=NOW.date())
        session.commit()

    digest()  # sums the five months before November and keeps them
    tidy(session=session, now=NOW)
    session.commit()
    statements.clear()
    digest()
    assert not any(statement.lstrip().startswith("INSERT") for statement in statements)
