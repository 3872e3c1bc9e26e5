"""`status`, `digest`, `plan post` and `lint` end to end: the dispatcher, the test
database and the Slack stand-in (for people's profiles)."""

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.app.services import Services
from bot.handlers.dispatch import CommandRequest, run_command
from bot.settings import load_settings
from bot.standin import SlackStandIn
from bot.views.message import Message
from schedules.clock import ManualClock
from storage.enums import PlanState
from storage.models import AuditLog, Outbox, Person, Plan, Task, Workspace
from tests.storage.reports.seed import Seeded, seed_plan

WORKSPACE = "T0REPORTS"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PERIOD = "2026-11"
ADMIN, MANAGER, MEMBER = "UADMIN", "UMANAGER", "UOWNER3"

RunReports = Callable[..., str]


@pytest.fixture
def reports_slack() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        server.add_user(id=ADMIN, name="ada", real_name="Ada Admin")
        server.add_user(id=MANAGER, name="maya", real_name="Maya Manager")
        for number in range(10):
            server.add_user(id=f"UOWNER{number}", name=f"owner{number}",
                            real_name=f"Owner {number}")  # fmt: skip
        for channel, name in (("CGROWTH", "growth"), ("COPS", "ops"), ("CRANDOM", "random")):
            server.add_channel(id=channel, name=name)
        yield server


@pytest.fixture
def reports_services(engine: Engine) -> Services:
    settings = load_settings(
        DATABASE_URL=engine.url.render_as_string(hide_password=False),
        SLACK_SIGNING_SECRET="x",
        PILLAR_ADMINS=ADMIN,
    )
    return Services(settings=settings, engine=engine, clock=ManualClock(NOW))


@pytest.fixture
def seeded(engine: Engine) -> Seeded:
    """20 tasks: odd numbers in Growth (managed by UMANAGER), even ones in Ops; owner k
    owns T-(k+1) and T-(k+11); every fifth task was done this month; owner 0 is silent."""
    with Session(engine, expire_on_commit=False) as session:
        result = seed_plan(session, workspace_id=WORKSPACE, tasks=20, period=PERIOD)
        session.commit()
    return result


@pytest.fixture
def run(reports_slack: SlackStandIn, reports_services: Services) -> Callable[..., Message]:
    client = WebClient(token=reports_slack.token, base_url=reports_slack.api_url, timeout=5)

    def run(
        user: str, text: str, *, channel: str = "CGROWTH", workspace: str = WORKSPACE
    ) -> Message:
        request = CommandRequest(workspace_id=workspace, user_id=user, channel_id=channel,
                                 text=text)  # fmt: skip
        reply = run_command(services=reports_services, client=client, request=request)
        assert isinstance(reply, Message)
        return reply

    return run


def texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)


def shown(reply: Message) -> str:
    """Every piece of text in the reply, validated by slack_sdk on the way."""
    return "\n".join(texts(reply.to_dict()))


def task_refs(text: str) -> set[int]:
    return {int(number) for number in re.findall(r"\*T-(\d+)\*", text)}


def outbox(engine: Engine) -> list[Outbox]:
    with Session(engine) as session:
        return list(session.exec(select(Outbox).order_by(col(Outbox.id))).all())


# ---- status -----------------------------------------------------------------------------


def test_a_manager_sees_their_team_only(seeded: Seeded, run: Callable[..., Message]) -> None:
    text = shown(run(MANAGER, "status"))
    assert "Status · Growth · November 2026" in text
    refs = task_refs(text)
    assert refs
    assert all(number % 2 == 1 for number in refs), refs
    # Owner 0 owns T-1 and T-11 in Growth and has not reported.
    assert "<@UOWNER0> — T-1, T-11" in text


def test_a_member_sees_their_own_tasks(seeded: Seeded, run: Callable[..., Message]) -> None:
    text = shown(run(MEMBER, "status"))
    assert "Your tasks" in text
    assert task_refs(text) == {4, 14}
    assert "Open tasks (2)" in text


@pytest.mark.parametrize(
    ("scope", "title", "allowed"),
    [
        ("<#COPS|ops>", "Ops", {n for n in range(1, 21) if n % 2 == 0}),
        ("#ops", "Ops", {n for n in range(1, 21) if n % 2 == 0}),
        ("<@UOWNER1|owner1>", "owner1", {2, 12}),
        ("T-3", "T-3 Task number 3", {3}),
        ("plan", "FY", set(range(1, 21))),
        ("plan FY", "FY", set(range(1, 21))),
    ],
)
def test_status_of_a_team_person_task_or_plan(
    seeded: Seeded, run: Callable[..., Message], scope: str, title: str, allowed: set[int]
) -> None:
    text = shown(run(MEMBER, f"status {scope}"))
    assert f"Status · {title} · November 2026" in text
    assert task_refs(text)
    assert task_refs(text) <= allowed


def test_status_of_a_goal(seeded: Seeded, run: Callable[..., Message]) -> None:
    text = shown(run(MEMBER, "status G-2"))
    assert "Status · G-2 Goal 1" in text
    # Goal 1 holds tasks 2, 5, 8, …: number % 3 == 2.
    assert task_refs(text)
    assert all(number % 3 == 2 for number in task_refs(text))


def test_status_of_an_unknown_team_says_what_to_do(
    seeded: Seeded, run: Callable[..., Message]
) -> None:
    text = shown(run(MEMBER, "status #nosuch"))
    assert "no team is called nosuch" in text
    assert "/pillar team list" in text


def test_status_without_an_active_plan_says_how_to_make_one(
    engine: Engine, run: Callable[..., Message]
) -> None:
    text = shown(run(MEMBER, "status", workspace="TEMPTY"))
    assert "no active plan" in text
    assert "/pillar plan add" in text


def test_status_of_a_plan_with_no_tasks(engine: Engine, run: Callable[..., Message]) -> None:
    with Session(engine) as session:
        session.add(Workspace(id="TNEW", created_at=NOW))
        session.add(
            Plan(
                workspace_id="TNEW",
                name="Fresh",
                starts_on=date(2027, 1, 1),
                ends_on=date(2027, 12, 31),
                state=PlanState.ACTIVE,
                created_at=NOW,
            )
        )
        session.commit()  # fmt: skip
    text = shown(run(ADMIN, "status", workspace="TNEW"))
    assert "Status · Fresh" in text
    assert "There are no tasks in Fresh yet" in text


# ---- digest -----------------------------------------------------------------------------


def test_a_member_may_not_post_a_digest(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    text = shown(run(MEMBER, "digest"))
    assert "Only team managers and Pillar admins can post a digest" in text
    assert outbox(engine) == []


def test_a_manager_posts_the_team_digest_once_a_month(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    text = shown(run(MANAGER, "digest"))
    assert "digest of *Growth* is on its way to <#CGROWTH>" in text
    [row] = outbox(engine)
    assert row.dedupe_key == f"digest:{WORKSPACE}:CGROWTH:{PERIOD}"
    assert (row.kind, row.channel) == ("digest", "CGROWTH")
    posted = "\n".join(texts(row.payload["blocks"]))
    assert "Digest · Growth · November 2026" in posted
    assert task_refs(posted)
    assert all(number % 2 == 1 for number in task_refs(posted))
    chart = row.payload["chart"]
    assert chart["title"] == "Growth: status by month to November 2026"
    assert [point["period"] for point in chart["series"]][-1] == PERIOD
    again = shown(run(MANAGER, "digest"))
    assert "already posted in <#CGROWTH>" in again
    assert len(outbox(engine)) == 1


def test_force_posts_the_months_digest_again(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    shown(run(MANAGER, "digest"))
    assert "`/pillar digest force` posts it again" in shown(run(MANAGER, "digest"))
    assert "is on its way to <#CGROWTH>" in shown(run(MANAGER, "digest force"))
    first, again = outbox(engine)
    assert again.dedupe_key.startswith(f"{first.dedupe_key}:forced:")
    assert again.payload["blocks"] == first.payload["blocks"]
    assert "Only team managers and Pillar admins" in shown(run(MEMBER, "digest force"))
    assert len(outbox(engine)) == 2


def test_a_forced_first_digest_is_the_months_own(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    shown(run(MANAGER, "digest force"))
    [row] = outbox(engine)
    assert row.dedupe_key == f"digest:{WORKSPACE}:CGROWTH:{PERIOD}"  # the window's close skips it


def test_a_manager_may_not_post_another_teams_digest(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    text = shown(run(MANAGER, "digest <#COPS|ops>"))
    assert "Only a manager of Ops or a Pillar admin can post its digest" in text
    assert outbox(engine) == []


def test_an_admin_posts_the_whole_plan_to_a_channel_of_no_team(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    shown(run(ADMIN, "digest", channel="CRANDOM"))
    [row] = outbox(engine)
    assert row.dedupe_key == f"digest:{WORKSPACE}:CRANDOM:{PERIOD}"
    posted = "\n".join(texts(row.payload["blocks"]))
    assert "Digest · FY · November 2026" in posted
    assert {number % 2 for number in task_refs(posted)} == {0, 1}


def test_a_digest_named_by_team_goes_to_the_teams_channel(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    shown(run(ADMIN, "digest #ops", channel="CRANDOM"))
    [row] = outbox(engine)
    assert row.channel == "COPS"


# ---- plan post --------------------------------------------------------------------------


def test_a_manager_presents_the_plan_once_a_day(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    text = shown(run(MANAGER, "plan post <#CRANDOM|random>"))
    assert "*FY* is on its way to <#CRANDOM>" in text
    [row] = outbox(engine)
    assert (row.kind, row.channel) == ("plan", "CRANDOM")
    posted = "\n".join(texts(row.payload["blocks"]))
    assert "The plan: FY" in posted
    assert "G-1 Goal 0" in posted
    assert "budget 10,000" in posted
    assert "*T-1* Task number 1 — <@UOWNER0>" in posted
    assert "already posted" in shown(run(MANAGER, "plan post <#CRANDOM|random>"))
    assert len(outbox(engine)) == 1


def test_a_member_may_not_post_the_plan(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    assert "Only team managers" in shown(run(MEMBER, "plan post"))
    assert outbox(engine) == []


# ---- lint -------------------------------------------------------------------------------


def test_anyone_may_lint_the_plan_and_each_finding_has_its_fix(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    with Session(engine) as session:
        leaver = session.exec(select(Person).where(Person.slack_user_id == "UOWNER8")).one()
        leaver.deactivated = True
        unowned = Task(workspace_id=WORKSPACE, number=99, goal_id=seeded.goals[0].id or 0,
                       title="Orphan", created_at=NOW)  # fmt: skip
        session.add_all([leaver, unowned])
        session.commit()
    text = shown(run(MEMBER, "lint"))
    assert "Plan health · FY" in text
    assert "*T-99* Orphan: nobody owns it → `/pillar assign T-99 @person`" in text
    assert "*T-99* Orphan: it has no due date → `/pillar due T-99 YYYY-MM-DD`" in text
    assert "*T-9* Task number 9: its owner Owner 8 has left the workspace" in text
    assert "*G-3* Goal 2: neither the goal nor its tasks have a budget" in text
    assert "Tasks without a measurable target (17)" in text
    assert "…and 9 more" in text


def test_an_admin_sets_how_many_open_tasks_are_too_many(
    seeded: Seeded, run: Callable[..., Message], engine: Engine
) -> None:
    """Every owner holds two open tasks: not too many until the threshold is one."""
    assert "Owners with too many open tasks" not in shown(run(MEMBER, "lint"))
    assert "Only Pillar admins can change what plan health flags" in shown(
        run(MANAGER, "lint set max-open:1")
    )
    assert "from 1 to 500; got `0`" in shown(run(ADMIN, "lint set max-open:0"))
    assert "more than 1 open tasks" in shown(run(ADMIN, "lint set max-open:1"))
    text = shown(run(MEMBER, "lint"))
    assert "Owners with too many open tasks" in text
    assert "2 open tasks (more than 1)" in text
    with Session(engine) as session:
        workspace = session.get(Workspace, WORKSPACE)
        assert workspace is not None
        assert workspace.settings["lint"] == {"max_open_tasks": 1}
        [entry] = session.exec(select(AuditLog).where(AuditLog.action == "lint.set")).all()
        assert (entry.actor, entry.changes["lint"]) == (ADMIN, [{}, {"max_open_tasks": 1}])


def test_next_month_brings_a_new_digest(
    seeded: Seeded,
    run: Callable[..., Message],
    engine: Engine,
    reports_services: Services,
) -> None:
    shown(run(MANAGER, "digest"))
    clock = reports_services.clock
    assert isinstance(clock, ManualClock)
    clock.advance(timedelta(days=10))
    assert "December 2026 digest of *Growth* is on its way" in shown(run(MANAGER, "digest"))
    assert [row.dedupe_key for row in outbox(engine)] == [
        f"digest:{WORKSPACE}:CGROWTH:2026-11",
        f"digest:{WORKSPACE}:CGROWTH:2026-12",
    ]
