"""A simulated month: the sweeps every half hour, the outbox as the observable."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.sweeps import run_sweeps_once
from storage.models import CheckIn, Person, Workspace
from tests.bot.sweeps.world import (
    BERLIN,
    MANAGER,
    NEW_YORK,
    OPTIONS,
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


@pytest.mark.parametrize(
    ("owner", "cadence_day", "start", "expected"),
    [
        # New York leaves daylight saving on Sunday 1 November 2026: the window opened on
        # 28 October at 09:00 EDT (13:00 UTC) nudges and closes at 09:00 EST (14:00 UTC).
        (
            NEW_YORK,
            28,
            datetime(2026, 10, 27, 0, 0, tzinfo=UTC),
            {
                "checkin": datetime(2026, 10, 28, 13, 0, tzinfo=UTC),
                "nudge:1": datetime(2026, 10, 30, 13, 0, tzinfo=UTC),
                "nudge:2": datetime(2026, 11, 3, 14, 0, tzinfo=UTC),
                "escalation": datetime(2026, 11, 4, 14, 0, tzinfo=UTC),
            },
        ),
        # Berlin starts daylight saving on Sunday 28 March 2027: 09:00 CET is 08:00 UTC,
        # 09:00 CEST is 07:00 UTC.
        (
            BERLIN,
            24,
            datetime(2027, 3, 23, 0, 0, tzinfo=UTC),
            {
                "checkin": datetime(2027, 3, 24, 8, 0, tzinfo=UTC),
                "nudge:1": datetime(2027, 3, 26, 8, 0, tzinfo=UTC),
                "nudge:2": datetime(2027, 3, 30, 7, 0, tzinfo=UTC),
                "escalation": datetime(2027, 3, 31, 7, 0, tzinfo=UTC),
            },
        ),
    ],
)
def test_times_stay_local_across_a_daylight_saving_change(
    engine: Engine, owner: str, cadence_day: int, start: datetime, expected: dict[str, datetime]
) -> None:
    world = build_world(engine, created_at=start - timedelta(days=1), owners=[owner])
    world.update(
        Workspace,
        WORKSPACE,
        settings={"cadence": {"opens_on": "calendar_day", "calendar_day": cadence_day}},
    )
    sweep_through(engine, start=start, end=start + timedelta(days=9), step=timedelta(minutes=15))
    sent = {row.dedupe_key: row.created_at for row in rows(engine)}
    period = f"{start:%Y-%m}"
    ids = _ids(world)
    assert sent == {
        f"checkin:{WORKSPACE}:{ids[owner]}:{period}": expected["checkin"],
        f"nudge:{WORKSPACE}:{ids[owner]}:{period}:1": expected["nudge:1"],
        f"nudge:{WORKSPACE}:{ids[owner]}:{period}:2": expected["nudge:2"],
        f"escalation:{WORKSPACE}:{ids[MANAGER]}:{period}": expected["escalation"],
    }


def test_away_owners_get_nothing_and_are_asked_on_their_first_morning_back(
    engine: Engine,
) -> None:
    world = build_world(engine, created_at=CREATED, owners=[BERLIN, TOKYO])
    # Tokyo is away for the whole window, Berlin until Wednesday 2 December.
    world.update(Person, world.person(TOKYO).id, away_until=date(2026, 12, 20))
    world.update(Person, world.person(BERLIN).id, away_until=date(2026, 12, 2))
    sweep_through(
        engine,
        start=datetime(2026, 11, 30, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 10, 0, 0, tzinfo=UTC),
    )
    ids = _ids(world)
    sent = {row.dedupe_key: row.created_at for row in rows(engine)}
    assert not [key for key in sent if f":{ids[TOKYO]}:" in key]
    # Berlin is asked on Thursday 3 December at 09:00, so the nudge of that very morning
    # does not follow; the second one does, and the manager hears of Berlin alone.
    assert sent == {
        f"checkin:{WORKSPACE}:{ids[BERLIN]}:2026-12": datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
        f"nudge:{WORKSPACE}:{ids[BERLIN]}:2026-12:2": datetime(2026, 12, 7, 8, 0, tzinfo=UTC),
        f"escalation:{WORKSPACE}:{ids[MANAGER]}:2026-12": datetime(2026, 12, 8, 8, 0, tzinfo=UTC),
    }
    escalation = str(rows(engine, "escalation")[0].payload)
    assert f"<@{BERLIN}>" in escalation
    assert f"<@{TOKYO}>" not in escalation


def test_a_stopping_sweep_ends_between_items_and_the_rest_follows_next_round(
    engine: Engine,
) -> None:
    build_world(engine, created_at=CREATED)
    moment = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)

    def stop_after_one() -> bool:
        return len(rows(engine)) >= 1

    report = run_sweeps_once(engine=engine, now=moment, options=OPTIONS, should_stop=stop_after_one)
    assert (report.found, report.total_enqueued) == (3, 1)
    assert run_sweeps_once(engine=engine, now=moment, options=OPTIONS).total_enqueued == 2
    assert len(rows(engine, "checkin")) == 3
