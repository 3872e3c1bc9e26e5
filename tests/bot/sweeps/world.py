"""A small workspace for the sweep tests: a manager, owners in several zones, their tasks,
and a way to run the sweeps every few minutes through a stretch of time."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.sweeps import SweepReport, run_sweeps_once
from schedules.sweeps import SweepOptions
from storage import crud
from storage.enums import Source, Status
from storage.models import Goal, Outbox, Person, Plan, Task, Workspace
from tests.conftest import WORKSPACE

MANAGER = "UMANAGER"
BERLIN = "UBERLIN"
NEW_YORK = "UNEWYORK"
TOKYO = "UTOKYO"
ZONES = {BERLIN: "Europe/Berlin", NEW_YORK: "America/New_York", TOKYO: "Asia/Tokyo"}
OPTIONS = SweepOptions(default_tz="UTC", admins=frozenset({"UADMIN"}))


@dataclass
class World:
    engine: Engine
    created_at: datetime
    people: dict[str, Person] = field(default_factory=dict)
    tasks: dict[str, list[Task]] = field(default_factory=dict)
    plan: Plan | None = None
    goal: Goal | None = None

    def person(self, slack_id: str) -> Person:
        return self.people[slack_id]

    def add_person(
        self, slack_id: str, tz: str, *, manager: str | None = MANAGER, name: str | None = None
    ) -> Person:
        with Session(self.engine, expire_on_commit=False) as session:
            person = crud.get_or_create_person(
                session=session, workspace_id=WORKSPACE, actor=None, slack_user_id=slack_id,
                name=name or slack_id.title(), tz=tz, now=self.created_at,
            )  # fmt: skip
            if manager is not None:
                person.manager_id = self.people[manager].id
                session.add(person)
            session.commit()
        self.people[slack_id] = person
        return person

    def add_task(
        self, owner: str, title: str, *, due_on: date | None = None, team_id: int | None = None
    ) -> Task:
        assert self.goal is not None
        with Session(self.engine, expire_on_commit=False) as session:
            task = crud.create_task(
                session=session, workspace_id=WORKSPACE, actor=None, goal=self.goal, title=title,
                now=self.created_at, owner=self.people[owner], due_on=due_on,
            )  # fmt: skip
            if team_id is not None:
                task.team_id = team_id
                session.add(task)
            session.commit()
        self.tasks.setdefault(owner, []).append(task)
        return task

    def report(self, owner: str, *, at: datetime, period: str | None = None) -> None:
        """The owner reports on their first open task (as a command would)."""
        with Session(self.engine, expire_on_commit=False) as session:
            task = session.get(Task, self.tasks[owner][0].id)
            author = session.get(Person, self.people[owner].id)
            assert task is not None
            crud.record_progress(
                session=session, workspace_id=WORKSPACE, actor=owner, task=task, author=author,
                status=Status.ON_TRACK, source=Source.COMMAND, now=at, period=period,
            )  # fmt: skip
            session.commit()

    def update(self, model: type[Person] | type[Workspace], key: object, **values: object) -> None:
        with Session(self.engine) as session:
            row = session.get(model, key)
            assert row is not None
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)
            session.commit()


def build_world(
    engine: Engine, *, created_at: datetime, owners: Iterable[str] = (BERLIN, NEW_YORK, TOKYO)
) -> World:
    """A workspace with a manager in Berlin and one open task per owner in their zone."""
    world = World(engine=engine, created_at=created_at)
    with Session(engine, expire_on_commit=False) as session:
        session.add(Workspace(id=WORKSPACE, name="Test", created_at=created_at))
        session.commit()
        plan = crud.create_plan(
            session=session, workspace_id=WORKSPACE, actor=None, name="FY2027",
            starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31), now=created_at,
        )  # fmt: skip
        crud.activate_plan(
            session=session, workspace_id=WORKSPACE, actor=None, plan=plan, now=created_at
        )
        goal = crud.create_goal(
            session=session, workspace_id=WORKSPACE, actor=None, plan=plan, title="Grow",
            now=created_at,
        )  # fmt: skip
        session.commit()
    world.plan, world.goal = plan, goal
    world.add_person(MANAGER, "Europe/Berlin", manager=None)
    for slack_id in owners:
        world.add_person(slack_id, ZONES[slack_id])
        world.add_task(slack_id, f"Task of {slack_id}", due_on=date(2027, 6, 30))
    return world


def sweep_through(
    engine: Engine,
    *,
    start: datetime,
    end: datetime,
    step: timedelta = timedelta(minutes=30),
    options: SweepOptions = OPTIONS,
    before_each: Callable[[datetime], None] | None = None,
) -> SweepReport:
    """Run the sweeps at ``start``, ``start + step``, … up to ``end`` (inclusive)."""
    total = SweepReport()
    now = start
    while now <= end:
        if before_each is not None:
            before_each(now)
        report = run_sweeps_once(engine=engine, now=now, options=options)
        total.enqueued.update(report.enqueued)
        assert report.failed == 0
        now += step
    return total


def rows(engine: Engine, kind: str | None = None) -> list[Outbox]:
    with Session(engine) as session:
        query = select(Outbox).order_by(col(Outbox.created_at), col(Outbox.id))
        if kind is not None:
            query = query.where(Outbox.kind == kind)
        return list(session.exec(query).all())


def keys(engine: Engine, kind: str | None = None) -> list[str]:
    return [row.dedupe_key for row in rows(engine, kind)]
