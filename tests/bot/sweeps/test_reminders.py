"""Overdue tasks, review dates and people who left: each reminder once, at its time."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import crud
from storage.enums import Role
from storage.models import Person, ReviewDate
from tests.bot.sweeps.world import (
    BERLIN,
    NEW_YORK,
    TOKYO,
    World,
    build_world,
    rows,
    sweep_through,
)
from tests.conftest import WORKSPACE

CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _id(world: World, slack_id: str) -> int:
    return world.person(slack_id).id or 0


def _sent(engine: Engine, kind: str) -> dict[str, datetime]:
    return {row.dedupe_key: row.created_at for row in rows(engine, kind)}


def test_overdue_tasks_are_mentioned_each_monday_at_nine_local(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED, owners=[TOKYO])
    late = world.add_task(TOKYO, "Hire a country lead", due_on=date(2026, 12, 2))
    later = world.add_task(TOKYO, "Sign the lease", due_on=date(2026, 12, 10))
    sweep_through(
        engine,
        start=datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 22, 0, 0, tzinfo=UTC),
    )
    owner = _id(world, TOKYO)
    # Past due from Thursday 3 December: first mentioned on Monday 7th, 09:00 in Tokyo.
    assert _sent(engine, "overdue") == {
        f"overdue:{WORKSPACE}:{owner}:2026-W50": datetime(2026, 12, 7, 0, 0, tzinfo=UTC),
        f"overdue:{WORKSPACE}:{owner}:2026-W51": datetime(2026, 12, 14, 0, 0, tzinfo=UTC),
        f"overdue:{WORKSPACE}:{owner}:2026-W52": datetime(2026, 12, 21, 0, 0, tzinfo=UTC),
    }
    first, second, _ = rows(engine, "overdue")
    assert first.channel == TOKYO
    assert late.ref in str(first.payload["blocks"])
    assert later.ref not in str(first.payload["blocks"])
    assert later.ref in str(second.payload["blocks"])


def test_an_owner_with_nothing_overdue_hears_nothing(engine: Engine) -> None:
    build_world(engine, created_at=CREATED, owners=[BERLIN])
    sweep_through(
        engine,
        start=datetime(2026, 12, 6, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 15, 0, 0, tzinfo=UTC),
        step=timedelta(hours=1),
    )
    assert rows(engine, "overdue") == []


def _reviews(world: World, *, channel: str | None = "CREVIEW") -> ReviewDate:
    """A review last month, and one on Friday 18 December reminded 14, 3 and 1 days before."""
    assert world.plan is not None
    with Session(world.engine, expire_on_commit=False) as session:
        session.add(
            ReviewDate(
                workspace_id=WORKSPACE, plan_id=world.plan.id or 0, title="November review",
                held_on=date(2026, 11, 10), created_at=CREATED - timedelta(days=30),
            )
        )  # fmt: skip
        review = crud.add_review_date(
            session=session, workspace_id=WORKSPACE, actor=None, plan=world.plan,
            title="December review", held_on=date(2026, 12, 18), channel_id=channel, now=CREATED,
        )  # fmt: skip
        session.commit()
        return review


def test_review_reminders_at_their_offsets_and_one_dm_to_each_stale_owner(
    engine: Engine,
) -> None:
    world = build_world(engine, created_at=CREATED, owners=[BERLIN, NEW_YORK])
    review = _reviews(world)
    world.report(BERLIN, at=CREATED)  # after the November review: up to date
    sweep_through(
        engine,
        start=datetime(2026, 12, 3, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 20, 0, 0, tzinfo=UTC),
    )
    key = f"{WORKSPACE}:{review.id}"
    assert _sent(engine, "review") == {
        f"review:{key}:14": datetime(2026, 12, 4, 9, 0, tzinfo=UTC),
        f"review:{key}:3": datetime(2026, 12, 15, 9, 0, tzinfo=UTC),
        f"review:{key}:1": datetime(2026, 12, 17, 9, 0, tzinfo=UTC),
    }
    assert {row.channel for row in rows(engine, "review")} == {"CREVIEW"}
    assert "December review" in str(rows(engine, "review")[0].payload)
    assert _sent(engine, "review-update") == {
        f"review-update:{key}:{_id(world, NEW_YORK)}": datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    }
    assert rows(engine, "review-update")[0].channel == NEW_YORK


def test_reminders_missed_while_down_are_not_sent_late_only_the_nearest(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED, owners=[NEW_YORK])
    review = _reviews(world)
    resumed = datetime(2026, 12, 16, 10, 0, tzinfo=UTC)
    sweep_through(engine, start=resumed, end=resumed + timedelta(hours=3))
    key = f"{WORKSPACE}:{review.id}"
    assert _sent(engine, "review") == {f"review:{key}:3": resumed}
    assert list(_sent(engine, "review-update")) == [f"review-update:{key}:{_id(world, NEW_YORK)}"]


def test_a_review_without_a_channel_still_asks_stale_owners_once(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED, owners=[NEW_YORK])
    _reviews(world, channel=None)
    sweep_through(
        engine,
        start=datetime(2026, 12, 4, 8, 0, tzinfo=UTC),
        end=datetime(2026, 12, 18, 0, 0, tzinfo=UTC),
        step=timedelta(hours=1),
    )
    assert rows(engine, "review") == []
    assert len(rows(engine, "review-update")) == 1


def test_admins_hear_once_of_each_person_who_left_with_open_tasks(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED, owners=[BERLIN, TOKYO])
    boss = world.add_person("UBOSS", "Europe/Berlin", manager=None)
    world.update(Person, boss.id, role=Role.ADMIN)
    world.update(Person, world.person(TOKYO).id, deactivated=True)
    sweep_through(
        engine,
        start=datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        end=datetime(2026, 12, 2, 0, 0, tzinfo=UTC),
    )
    tokyo = _id(world, TOKYO)
    departures = rows(engine, "deactivated")
    # PILLAR_ADMINS (the tests configure UADMIN) and the admin by role, once each.
    assert sorted(row.dedupe_key for row in departures) == [
        f"deactivated:{WORKSPACE}:{tokyo}:UADMIN",
        f"deactivated:{WORKSPACE}:{tokyo}:UBOSS",
    ]
    assert {row.created_at for row in departures} == {datetime(2026, 12, 1, 0, 0, tzinfo=UTC)}
    assert world.tasks[TOKYO][0].ref in str(departures[0].payload)
    # Someone who left is not asked for a check-in.
    assert not [row for row in rows(engine, "checkin") if row.channel == TOKYO]
