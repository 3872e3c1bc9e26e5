from datetime import UTC, datetime

from sqlmodel import Session

from schedules.sweeps import PlanDigest, TeamDigest
from schedules.sweeps.cadences import CadenceBook
from schedules.sweeps.digests import digests_owed
from storage.models import Person, Workspace
from storage.outbox import enqueue
from tests.storage.reports.seed import Seeded, seed_plan

WS = "T0TEST"
# November 2026: the window opens Monday 2nd at 09:00 and closes five business days
# later, Monday 9th at 09:00 local time.
BEFORE_CLOSE_UTC = datetime(2026, 11, 9, 8, 59, tzinfo=UTC)
AFTER_CLOSE_UTC = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


def _owed(
    session: Session, now: datetime, *, default_tz: str = "UTC"
) -> list[TeamDigest | PlanDigest]:
    workspace = session.get(Workspace, WS)
    assert workspace is not None
    return digests_owed(
        session, workspace=workspace, cadences=CadenceBook(session, workspace_id=WS), now=now,
        default_tz=default_tz, workspace_tz=None,
    )  # fmt: skip


def _seed(session: Session) -> Seeded:
    seeded = seed_plan(session, workspace_id=WS, tasks=6, period="2026-11")
    session.commit()
    return seeded


def test_each_team_channel_is_owed_its_digest_once_the_window_has_closed(
    session: Session,
) -> None:
    seeded = _seed(session)
    assert _owed(session, BEFORE_CLOSE_UTC) == []
    owed = _owed(session, AFTER_CLOSE_UTC)
    assert [(item.channel_id, item.period, item.dedupe_key) for item in owed] == [
        ("CGROWTH", "2026-11", f"digest:{WS}:CGROWTH:2026-11"),
        ("COPS", "2026-11", f"digest:{WS}:COPS:2026-11"),
    ]
    assert all(isinstance(item, TeamDigest) for item in owed)
    assert {item.plan_id for item in owed} == {seeded.plan.id}


def test_the_team_window_is_read_in_its_managers_zone(session: Session) -> None:
    seeded = _seed(session)
    manager = session.get(Person, seeded.manager.id)
    assert manager is not None
    manager.tz = "America/New_York"  # 09:00 there is 14:00 UTC
    session.add(manager)
    session.commit()
    channels = [item.channel_id for item in _owed(session, AFTER_CLOSE_UTC)]
    assert channels == ["COPS"]
    later = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)
    assert [item.channel_id for item in _owed(session, later)] == ["CGROWTH", "COPS"]


def test_teams_without_a_manager_use_the_default_zone(session: Session) -> None:
    _seed(session)
    tokyo_close = datetime(2026, 11, 9, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo
    owed = _owed(session, tokyo_close, default_tz="Asia/Tokyo")
    assert [item.channel_id for item in owed] == ["COPS"]


def test_a_digest_posted_by_hand_is_not_owed_again(session: Session) -> None:
    _seed(session)
    enqueue(
        session=session, workspace_id=WS, dedupe_key=f"digest:{WS}:CGROWTH:2026-11",
        kind="digest", channel="CGROWTH", text="by hand", now=AFTER_CLOSE_UTC,
    )  # fmt: skip
    session.commit()
    assert [item.channel_id for item in _owed(session, AFTER_CLOSE_UTC)] == ["COPS"]


def test_the_leadership_channel_gets_the_plans_digest_when_one_is_named(
    session: Session,
) -> None:
    _seed(session)
    workspace = session.get(Workspace, WS)
    assert workspace is not None
    workspace.settings = {"leadership_channel": "CLEADERS"}
    session.add(workspace)
    session.commit()
    owed = _owed(session, AFTER_CLOSE_UTC)
    plan_digests = [item for item in owed if isinstance(item, PlanDigest)]
    assert [(item.channel_id, item.dedupe_key) for item in plan_digests] == [
        ("CLEADERS", f"digest:{WS}:CLEADERS:2026-11")
    ]


def test_a_window_closing_in_the_next_month_owes_its_periods_digest_then(
    session: Session,
) -> None:
    _seed(session)
    workspace = session.get(Workspace, WS)
    assert workspace is not None
    # October's window opens Wednesday 28 October and closes 15 business days later.
    workspace.settings = {
        "cadence": {"opens_on": "calendar_day", "calendar_day": 28, "window_days": 15}
    }
    session.add(workspace)
    session.commit()
    assert _owed(session, datetime(2026, 11, 17, 8, 59, tzinfo=UTC)) == []
    owed = _owed(session, datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    assert [(item.channel_id, item.period) for item in owed] == [
        ("CGROWTH", "2026-10"),
        ("COPS", "2026-10"),
    ]


def test_a_window_that_closed_before_this_month_owes_nothing(session: Session) -> None:
    _seed(session)
    # A first start in mid-December: November's window closed last month.
    december_before_close = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert _owed(session, december_before_close) == []
