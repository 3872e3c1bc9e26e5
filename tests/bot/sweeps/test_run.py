"""A simulated month: the sweeps every half hour, the outbox as the observable."""

from datetime import UTC, datetime

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
    keys,
    rows,
    sweep_through,
)
from tests.conftest import WORKSPACE

CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _ids(world: World) -> dict[str, int]:
    return {slack_id: person.id or 0 for slack_id, person in world.people.items()}


def test_december_prompts_nudges_and_escalation_at_local_times(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED)
    ids = _ids(world)
    berlin_answers = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)  # after the first nudge

    def before_each(now: datetime) -> None:
        if now == berlin_answers:
            world.report(BERLIN, at=now)

    sweep_through(
        engine,
        start=datetime(2026, 11, 30, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        before_each=before_each,
    )
    sent = {row.dedupe_key: row.created_at for row in rows(engine)}
    ws = WORKSPACE
    # Tuesday 1 December is the first business day: 09:00 in each owner's zone.
    expected = {
        f"checkin:{ws}:{ids[TOKYO]}:2026-12": datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        f"checkin:{ws}:{ids[BERLIN]}:2026-12": datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
        f"checkin:{ws}:{ids[NEW_YORK]}:2026-12": datetime(2026, 12, 1, 14, 0, tzinfo=UTC),
        # Two business days later, then two more (Thursday 3rd, Monday 7th).
        f"nudge:{ws}:{ids[TOKYO]}:2026-12:1": datetime(2026, 12, 3, 0, 0, tzinfo=UTC),
        f"nudge:{ws}:{ids[BERLIN]}:2026-12:1": datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
        f"nudge:{ws}:{ids[NEW_YORK]}:2026-12:1": datetime(2026, 12, 3, 14, 0, tzinfo=UTC),
        f"nudge:{ws}:{ids[TOKYO]}:2026-12:2": datetime(2026, 12, 7, 0, 0, tzinfo=UTC),
        f"nudge:{ws}:{ids[NEW_YORK]}:2026-12:2": datetime(2026, 12, 7, 14, 0, tzinfo=UTC),
        # The window closes after five business days; the manager hears once, when the
        # last of their people's windows (New York's) has closed.
        f"escalation:{ws}:{ids[MANAGER]}:2026-12": datetime(2026, 12, 8, 14, 0, tzinfo=UTC),
    }
    assert sent == expected
    escalation = rows(engine, "escalation")[0]
    assert escalation.channel == MANAGER
    text = str(escalation.payload["blocks"])
    assert f"<@{NEW_YORK}>" in text
    assert f"<@{TOKYO}>" in text
    assert f"<@{BERLIN}>" not in text
    with Session(engine) as session:
        check_ins = {c.person_id: c for c in session.exec(select(CheckIn)).all()}
    assert check_ins[ids[BERLIN]].answered_at == berlin_answers
    assert check_ins[ids[BERLIN]].nudges_sent == 1
    assert check_ins[ids[TOKYO]].nudges_sent == 2
    assert check_ins[ids[TOKYO]].escalated_at == datetime(2026, 12, 8, 14, 0, tzinfo=UTC)
    assert check_ins[ids[BERLIN]].escalated_at is None


def test_running_again_at_the_same_moment_adds_nothing(engine: Engine) -> None:
    build_world(engine, created_at=CREATED)
    moment = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    sweep_through(engine, start=moment, end=moment)
    first = keys(engine)
    assert len(first) == 3
    sweep_through(engine, start=moment, end=moment)
    assert keys(engine) == first
