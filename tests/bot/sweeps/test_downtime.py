"""After downtime the sweeps send what is still owed, once, and nothing that went stale."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.models import CheckIn
from tests.bot.sweeps.world import (
    BERLIN,
    MANAGER,
    NEW_YORK,
    TOKYO,
    World,
    build_world,
    rows,
    sweep_through,
)
from tests.conftest import WORKSPACE

CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OWNERS = (BERLIN, NEW_YORK, TOKYO)


def _id(world: World, slack_id: str) -> int:
    return world.person(slack_id).id or 0


def _sent(engine: Engine) -> dict[str, datetime]:
    return {row.dedupe_key: row.created_at for row in rows(engine)}


def _nudges_sent(engine: Engine) -> dict[int, int]:
    with Session(engine) as session:
        return {c.person_id: c.nudges_sent for c in session.exec(select(CheckIn)).all()}


def test_prompts_still_owed_in_the_window_go_out_when_sweeps_resume(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED)
    # Down from 30 November until Friday 4 December noon (after every first nudge time).
    resumed = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    sweep_through(
        engine, start=datetime(2026, 11, 30, tzinfo=UTC), end=datetime(2026, 11, 30, tzinfo=UTC)
    )
    assert rows(engine) == []
    sweep_through(engine, start=resumed, end=datetime(2026, 12, 10, tzinfo=UTC))
    sent = _sent(engine)
    for owner in OWNERS:
        assert sent[f"checkin:{WORKSPACE}:{_id(world, owner)}:2026-12"] == resumed
        # No first nudge right after a late prompt; the second comes at its time.
        assert f"nudge:{WORKSPACE}:{_id(world, owner)}:2026-12:1" not in sent
        assert f"nudge:{WORKSPACE}:{_id(world, owner)}:2026-12:2" in sent
    assert sent[f"escalation:{WORKSPACE}:{_id(world, MANAGER)}:2026-12"] == datetime(
        2026, 12, 8, 14, 0, tzinfo=UTC
    )


def test_only_the_latest_missed_nudge_is_sent_once(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED)
    sweep_through(
        engine,
        start=datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 1, 23, 30, tzinfo=UTC),
    )
    assert len(rows(engine, "checkin")) == 3
    # Down from Wednesday until Monday 7 December 20:00 UTC: both nudge times have passed
    # for everyone, the close has not.
    resumed = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)
    sweep_through(engine, start=resumed, end=resumed + timedelta(hours=2))
    sent = _sent(engine)
    for owner in OWNERS:
        assert f"nudge:{WORKSPACE}:{_id(world, owner)}:2026-12:1" not in sent
        assert sent[f"nudge:{WORKSPACE}:{_id(world, owner)}:2026-12:2"] == resumed
    assert set(_nudges_sent(engine).values()) == {2}
    assert rows(engine, "escalation") == []


def test_a_close_missed_while_down_is_escalated_once_without_nudges(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED)
    sweep_through(
        engine,
        start=datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 1, 23, 30, tzinfo=UTC),
    )
    resumed = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    sweep_through(engine, start=resumed, end=resumed + timedelta(days=2))
    assert rows(engine, "nudge") == []
    escalations = rows(engine, "escalation")
    assert [row.dedupe_key for row in escalations] == [
        f"escalation:{WORKSPACE}:{_id(world, MANAGER)}:2026-12"
    ]
    assert escalations[0].created_at == resumed
    for owner in OWNERS:
        assert f"<@{owner}>" in str(escalations[0].payload)


def test_a_window_missed_entirely_owes_nothing_late(engine: Engine) -> None:
    build_world(engine, created_at=CREATED)
    # Down for all of the December window: no prompt after the close, and no escalation
    # about people who were never asked.
    sweep_through(
        engine,
        start=datetime(2026, 12, 9, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 20, 0, 0, tzinfo=UTC),
    )
    assert rows(engine) == []
