"""A small, realistic plan to try the shell on: three teams across three time zones,
five goals, fifteen tasks, some progress, one blocked task and a review coming up.

Every date is relative to the clock, so the demo reads the same whenever it is started.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.shell.people import channel_id_for, user_id_for
from storage import crud
from storage.enums import ReviewKind, Role, Status
from storage.errors import NotFound
from storage.models import Person, Plan, Team, Workspace


@dataclass(frozen=True, slots=True)
class DemoPerson:
    handle: str
    name: str
    tz: str
    role: Role = Role.MEMBER
    manager: str | None = None


@dataclass(frozen=True, slots=True)
class DemoUpdate:
    status: Status
    percent: int | None
    note: str
    days_ago: int


@dataclass(frozen=True, slots=True)
class DemoTask:
    title: str
    owner: str
    due_in_days: int
    how: str = ""
    update: DemoUpdate | None = None
    accepted: bool = True


@dataclass(frozen=True, slots=True)
class DemoGoal:
    title: str
    team: str
    owner: str
    tasks: tuple[DemoTask, ...]
    budget: int | None = None


@dataclass(frozen=True, slots=True)
class DemoCast:
    """Who is who in the demo: the admin you start as, and the owner of T-1."""

    admin: str
    owner_of_first_task: str
    plan: str
    created: bool


ADMIN = "maria"
PEOPLE = (
    DemoPerson("maria", "Maria Schmidt", "Europe/Berlin", Role.ADMIN),
    DemoPerson("james", "James Carter", "America/New_York", Role.MANAGER, "maria"),
    DemoPerson("kenji", "Kenji Sato", "Asia/Tokyo", Role.MANAGER, "maria"),
    DemoPerson("priya", "Priya Nair", "Europe/Berlin", Role.MANAGER, "maria"),
    DemoPerson("lena", "Lena Fischer", "Europe/Berlin", manager="james"),
    DemoPerson("sofia", "Sofia Alvarez", "America/New_York", manager="james"),
    DemoPerson("yuki", "Yuki Tanaka", "Asia/Tokyo", manager="kenji"),
    DemoPerson("tom", "Tom Becker", "Europe/Berlin", manager="kenji"),
    DemoPerson("ben", "Ben Okafor", "America/New_York", manager="priya"),
    DemoPerson("haruto", "Haruto Mori", "Asia/Tokyo", manager="priya"),
)
TEAMS = (("Growth", "james"), ("Platform", "kenji"), ("People", "priya"))
REVIEW_CHANNEL = "leadership"
REVIEW_IN_DAYS = 10

ON_TRACK, AT_RISK = Status.ON_TRACK, Status.AT_RISK
OFF_TRACK, BLOCKED = Status.OFF_TRACK, Status.BLOCKED
GOALS = (
    DemoGoal(
        "Grow revenue in Europe by 25%",
        "Growth",
        "james",
        budget=250_000,
        tasks=(
            DemoTask(
                "Launch the partner referral programme",
                "lena",
                45,
                "Sign three agency partners; ship referral links in the app.",
            ),
            DemoTask(
                "Localise pricing pages for DE, FR and ES",
                "sofia",
                20,
                "Translate, then A/B test local prices.",
                DemoUpdate(ON_TRACK, 60, "DE and FR live; ES in review", 3),
            ),
            DemoTask(
                "Hire two account executives in Berlin",
                "james",
                60,
                update=DemoUpdate(AT_RISK, 30, "Only one candidate left in the final round", 5),
            ),
        ),
    ),
    DemoGoal(
        "Keep the platform up 99.95% of the time",
        "Platform",
        "kenji",
        tasks=(
            DemoTask(
                "Move the main database to managed PostgreSQL",
                "yuki",
                30,
                "Replica first, then a cut-over in a quiet hour.",
                DemoUpdate(BLOCKED, 40, "Waiting for the security review of the contract", 2),
            ),
            DemoTask(
                "Start an on-call rotation with runbooks",
                "tom",
                25,
                update=DemoUpdate(ON_TRACK, 50, "Rotation agreed; four runbooks written", 4),
            ),
            DemoTask(
                "Load-test checkout at five times peak",
                "yuki",
                40,
                update=DemoUpdate(OFF_TRACK, 10, "The load generator licence ran out", 6),
            ),
        ),
    ),
    DemoGoal(
        "Ship self-serve onboarding",
        "Platform",
        "kenji",
        budget=80_000,
        tasks=(
            DemoTask(
                "Design the new sign-up flow",
                "sofia",
                15,
                update=DemoUpdate(ON_TRACK, 80, "Prototype tested with eight customers", 1),
            ),
            DemoTask("Build the in-app setup checklist", "tom", 50),
            DemoTask(
                "Measure time to first value",
                "lena",
                35,
                "Instrument sign-up to first report; publish a weekly chart.",
            ),
        ),
    ),
    DemoGoal(
        "Hire and keep great people",
        "People",
        "priya",
        tasks=(
            DemoTask(
                "Run the engagement survey",
                "ben",
                5,
                update=DemoUpdate(Status.DONE, 100, "84% answered; results shared", 2),
            ),
            DemoTask("Start a mentoring programme", "priya", 70),
            DemoTask(
                "Publish career ladders for engineering",
                "ben",
                55,
                update=DemoUpdate(ON_TRACK, 20, "First draft with the platform leads", 7),
            ),
        ),
    ),
    DemoGoal(
        "Open the Tokyo office",
        "People",
        "priya",
        budget=400_000,
        tasks=(
            DemoTask(
                "Sign the Tokyo office lease",
                "haruto",
                21,
                update=DemoUpdate(AT_RISK, 50, "Landlord wants a two-year guarantee", 3),
            ),
            DemoTask("Register the Japanese entity", "haruto", 40),
            DemoTask("Hire an office manager in Tokyo", "haruto", 75, accepted=False),
        ),
    ),
)


def plan_name(today: date) -> str:
    """The demo plan runs a year from this month: started in 2026, it is ``FY2027``."""
    return f"FY{today.year + 1}"


def seed_demo(engine: Engine, *, workspace_id: str, now: datetime) -> DemoCast:
    """Write the demo plan unless it is there already; say who is who."""
    today = now.date()
    name = plan_name(today)
    cast = DemoCast(
        admin=_id(ADMIN), owner_of_first_task=_id(GOALS[0].tasks[0].owner), plan=name, created=False
    )
    with Session(engine, expire_on_commit=False) as session:
        try:
            crud.find_plan(session=session, workspace_id=workspace_id, name=name)
        except NotFound:
            _seed(session, workspace_id=workspace_id, now=now, name=name)
            session.commit()
            return DemoCast(
                admin=cast.admin,
                owner_of_first_task=cast.owner_of_first_task,
                plan=name,
                created=True,
            )
    return cast


def _id(handle: str) -> str:
    return user_id_for(handle, taken=set())


def _seed(session: Session, *, workspace_id: str, now: datetime, name: str) -> None:
    if session.get(Workspace, workspace_id) is None:
        session.add(Workspace(id=workspace_id, name="Demo", created_at=now))
    people = _people(session, workspace_id, now)
    teams = _teams(session, workspace_id, now, people)
    plan = _plan(session, workspace_id, now, name)
    for goal in GOALS:
        _goal(session, workspace_id, now, plan, goal, people, teams)
    crud.add_review_date(
        session=session, workspace_id=workspace_id, actor=None, plan=plan,
        title="Quarterly strategy review", held_on=now.date() + timedelta(days=REVIEW_IN_DAYS),
        now=now, kind=ReviewKind.QUARTERLY, channel_id=channel_id_for(REVIEW_CHANNEL),
    )  # fmt: skip


def _people(session: Session, workspace_id: str, now: datetime) -> dict[str, Person]:
    people = {}
    for demo in PEOPLE:
        person = crud.get_or_create_person(
            session=session, workspace_id=workspace_id, actor=None, slack_user_id=_id(demo.handle),
            now=now, name=demo.name, tz=demo.tz,
        )  # fmt: skip
        crud.set_role(
            session=session, workspace_id=workspace_id, actor=None, person=person,
            role=demo.role, now=now,
        )  # fmt: skip
        people[demo.handle] = person
    for demo in PEOPLE:
        if demo.manager is not None:
            crud.set_manager(
                session=session, workspace_id=workspace_id, actor=None,
                person=people[demo.handle], manager=people[demo.manager], now=now,
            )  # fmt: skip
    return people


def _teams(
    session: Session, workspace_id: str, now: datetime, people: dict[str, Person]
) -> dict[str, Team]:
    teams = {}
    for name, manager in TEAMS:
        teams[name] = crud.create_team(
            session=session, workspace_id=workspace_id, actor=None, name=name, now=now,
            channel_id=channel_id_for(name), managers=[people[manager]],
        )  # fmt: skip
    return teams


def _plan(session: Session, workspace_id: str, now: datetime, name: str) -> Plan:
    starts = now.date().replace(day=1)
    ends = starts.replace(year=starts.year + 1) - timedelta(days=1)
    plan = crud.create_plan(
        session=session, workspace_id=workspace_id, actor=None, name=name,
        starts_on=starts, ends_on=ends, now=now,
    )  # fmt: skip
    crud.activate_plan(session=session, workspace_id=workspace_id, actor=None, plan=plan, now=now)
    return plan


def _goal(
    session: Session,
    workspace_id: str,
    now: datetime,
    plan: Plan,
    demo: DemoGoal,
    people: dict[str, Person],
    teams: dict[str, Team],
) -> None:
    goal = crud.create_goal(
        session=session, workspace_id=workspace_id, actor=None, plan=plan, title=demo.title,
        now=now, owner=people[demo.owner], team=teams[demo.team], budget=demo.budget,
    )  # fmt: skip
    for item in demo.tasks:
        owner = people[item.owner]
        task = crud.create_task(
            session=session, workspace_id=workspace_id, actor=None, goal=goal, title=item.title,
            now=now, owner=owner, team=teams[demo.team], how=item.how,
            start_on=plan.starts_on, due_on=now.date() + timedelta(days=item.due_in_days),
        )  # fmt: skip
        if item.accepted:
            crud.accept_task(
                session=session, workspace_id=workspace_id, actor=owner.slack_user_id,
                task=task, now=now,
            )  # fmt: skip
        if item.update is not None:
            update = item.update
            crud.record_progress(
                session=session, workspace_id=workspace_id, actor=owner.slack_user_id, task=task,
                author=owner, status=update.status, source="command",
                now=now - timedelta(days=update.days_ago), percent=update.percent,
                note=update.note,
            )  # fmt: skip
