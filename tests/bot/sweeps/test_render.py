"""Rendering owed items: the message and its channel, or nothing when nothing is left to say."""

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.sweeps import render_owed
from schedules.sweeps import CheckInPrompt, Escalation, OverdueReminder, SilentCheckIn
from storage import crud
from storage.models import Person
from tests.bot.sweeps.world import BERLIN, MANAGER, TOKYO, World, build_world
from tests.conftest import WORKSPACE

CREATED = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)


def _prompt(world: World, owner: str) -> CheckInPrompt:
    return CheckInPrompt(
        workspace_id=WORKSPACE, person_id=world.person(owner).id or 0, period="2026-12",
        today=date(2026, 12, 1), respond_by=date(2026, 12, 8),
    )  # fmt: skip


def test_a_prompt_goes_to_the_owner_with_their_tasks_and_the_period(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED, owners=[BERLIN])
    with Session(engine) as session:
        outgoing = render_owed(session, _prompt(world, BERLIN), now=NOW)
    assert outgoing is not None
    assert outgoing.channel == BERLIN
    assert outgoing.metadata == {"period": "2026-12"}
    assert world.tasks[BERLIN][0].ref in str(outgoing.message.to_dict())
    assert "Tue 8 Dec 2026" in str(outgoing.message.to_dict())  # answer by the close


def test_nothing_to_say_to_an_owner_without_open_tasks_or_who_left(engine: Engine) -> None:
    world = build_world(engine, created_at=CREATED, owners=[BERLIN, TOKYO])
    with Session(engine) as session:
        task = crud.get_task(
            session=session, workspace_id=WORKSPACE, task_id=world.tasks[BERLIN][0].id or 0
        )
        crud.close_task(session=session, workspace_id=WORKSPACE, actor=None, task=task, now=CREATED)
        session.commit()
    world.update(Person, world.person(TOKYO).id, deactivated=True)
    with Session(engine) as session:
        assert render_owed(session, _prompt(world, BERLIN), now=NOW) is None
        assert render_owed(session, _prompt(world, TOKYO), now=NOW) is None
        overdue = OverdueReminder(
            workspace_id=WORKSPACE, person_id=world.person(BERLIN).id or 0, week="2026-W50",
            today=date(2026, 12, 7),
        )  # fmt: skip
        assert render_owed(session, overdue, now=NOW) is None


def test_an_escalation_names_each_silent_owner_with_the_day_they_were_asked(
    engine: Engine,
) -> None:
    world = build_world(engine, created_at=CREATED, owners=[TOKYO])
    asked = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # 09:00 on the 1st in Tokyo
    escalation = Escalation(
        workspace_id=WORKSPACE, manager_id=world.person(MANAGER).id or 0, period="2026-12",
        today=date(2026, 12, 8),
        silent=(
            SilentCheckIn(
                person_id=world.person(TOKYO).id or 0, check_in_id=1, asked_at=asked, nudges_sent=2
            ),
        ),
    )  # fmt: skip
    with Session(engine) as session:
        outgoing = render_owed(session, escalation, now=NOW)
    assert outgoing is not None
    assert outgoing.channel == MANAGER
    text = str(outgoing.message.to_dict())
    assert f"<@{TOKYO}>" in text
    assert "asked Tue 1 Dec 2026, 2 reminders sent" in text
    assert world.tasks[TOKYO][0].ref in text
