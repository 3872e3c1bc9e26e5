"""A check-in asks about the owner's green tasks whose numbers say otherwise."""

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.reports.stale import stale_signs
from bot.sweeps import render_owed
from bot.views.actions import task_block_id
from schedules.digest import StaleReason, StaleSign
from schedules.sweeps import CheckInPrompt
from storage import crud
from storage.enums import Source, Status
from storage.models import Person, Task
from tests.bot.sweeps.world import BERLIN, World, build_world
from tests.conftest import WORKSPACE

CREATED = datetime(2026, 8, 20, 12, 0, tzinfo=UTC)
OPENS = date(2026, 12, 1)


def _report(world: World, task: Task, period: str, status: Status, percent: int) -> None:
    year, month = (int(part) for part in period.split("-"))
    with Session(world.engine, expire_on_commit=False) as session:
        row, author = session.get(Task, task.id), session.get(Person, world.person(BERLIN).id)
        assert row is not None
        crud.record_progress(
            session=session, workspace_id=WORKSPACE, actor=BERLIN, task=row, author=author,
            status=status, source=Source.COMMAND, now=datetime(year, month, 3, tzinfo=UTC),
            percent=percent,
        )  # fmt: skip
        session.commit()


def _world(engine: Engine) -> tuple[World, dict[str, Task]]:
    """Berlin's tasks: stuck at 40% since September, moving, stuck but at risk, and
    well behind its dates."""
    world = build_world(engine, created_at=CREATED, owners=[BERLIN])
    tasks = {
        "stuck": world.tasks[BERLIN][0],
        "moving": world.add_task(BERLIN, "Moving", due_on=date(2027, 6, 30)),
        "at risk": world.add_task(BERLIN, "At risk", due_on=date(2027, 6, 30)),
        "behind": world.add_task(BERLIN, "Behind", due_on=date(2026, 12, 20)),
    }
    for offset, period in enumerate(("2026-09", "2026-10", "2026-11")):
        _report(world, tasks["stuck"], period, Status.ON_TRACK, 40)
        _report(world, tasks["moving"], period, Status.ON_TRACK, 20 + 20 * offset)
        _report(world, tasks["at risk"], period, Status.AT_RISK, 40)
        _report(world, tasks["behind"], period, Status.ON_TRACK, 10 + offset)
    return world, tasks


def _signs(world: World, *, judged: str) -> dict[int, StaleSign]:
    """The signs of Berlin's open tasks, judged on the periods ending with ``judged``."""
    with Session(world.engine) as session:
        owner = session.get(Person, world.person(BERLIN).id)
        assert owner is not None
        open_tasks = crud.list_open_tasks(session=session, workspace_id=WORKSPACE, owner=owner)
        return stale_signs(session, tasks=open_tasks, judged=judged, today=OPENS)


def test_the_signs_of_an_owners_open_tasks(engine: Engine) -> None:
    world, tasks = _world(engine)
    assert _signs(world, judged="2026-11") == {
        tasks["stuck"].id: StaleSign(StaleReason.UNCHANGED, since_period="2026-09"),
        tasks["behind"].id: StaleSign(StaleReason.BEHIND, elapsed_percent=84, progress_percent=12),
    }


def test_the_prompt_asks_about_them(engine: Engine) -> None:
    world, tasks = _world(engine)
    prompt = CheckInPrompt(workspace_id=WORKSPACE, person_id=world.person(BERLIN).id or 0,
                           period="2026-12", today=OPENS, respond_by=date(2026, 12, 8))  # fmt: skip
    with Session(engine) as session:
        outgoing = render_owed(session, prompt, now=datetime(2026, 12, 1, 8, tzinfo=UTC))
    assert outgoing is not None
    blocks = {block.get("block_id"): block for block in outgoing.message.to_dict()["blocks"]}
    texts = {name: blocks[task_block_id(task.id or 0)]["text"]["text"]
             for name, task in tasks.items()}  # fmt: skip
    asked = {name for name, text in texts.items() if "still on track?" in text}
    assert asked == {"stuck", "behind"}


def test_mine_asks_about_them_judged_on_this_month(engine: Engine) -> None:
    """Mid-December, a December report that moved the stuck task clears its sign."""
    world, tasks = _world(engine)
    before = _signs(world, judged="2026-12")
    _report(world, tasks["stuck"], "2026-12", Status.ON_TRACK, 55)
    after = _signs(world, judged="2026-12")
    assert tasks["stuck"].id in before
    assert tasks["stuck"].id not in after
    assert tasks["behind"].id in after
