"""The whole loop over real HTTP: a sweep owes a prompt, the deliverer posts it to the Slack
stand-in, the owner answers with a button, and no nudge follows."""

import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import Deliverer, delivery_client, single_workspace
from bot.local import LocalBot
from bot.views.actions import quick_status_action_id
from storage import crud
from storage.enums import OutboxStatus, Status
from storage.models import CheckIn, Outbox, Task, Workspace

OWNER = "UOWNER"
# Tuesday 1 December 2026, 09:00 in Tokyo.
OPENS = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def bot(local_bot: LocalBot) -> LocalBot:
    local_bot.slack.add_user(id=OWNER, name="aki", real_name="Aki Owner", tz="Asia/Tokyo")
    return local_bot


def _seed(bot: LocalBot) -> Task:
    now = bot.clock.now()
    workspace_id = next(iter(bot.slack.state.workspaces))
    with Session(bot.runtime.services.engine, expire_on_commit=False) as session:
        if session.get(Workspace, workspace_id) is None:
            session.add(Workspace(id=workspace_id, created_at=now))
        owner = crud.get_or_create_person(
            session=session, workspace_id=workspace_id, actor=None, slack_user_id=OWNER,
            name="Aki", tz="Asia/Tokyo", now=now,
        )  # fmt: skip
        plan = crud.create_plan(
            session=session, workspace_id=workspace_id, actor=None, name="FY2027",
            starts_on=date(2026, 11, 1), ends_on=date(2027, 10, 31), now=now,
        )  # fmt: skip
        crud.activate_plan(
            session=session, workspace_id=workspace_id, actor=None, plan=plan, now=now
        )
        goal = crud.create_goal(
            session=session, workspace_id=workspace_id, actor=None, plan=plan, title="Grow", now=now
        )
        task = crud.create_task(
            session=session, workspace_id=workspace_id, actor=None, goal=goal,
            title="Open the Osaka office", now=now, owner=owner, due_on=date(2027, 3, 31),
        )  # fmt: skip
        session.commit()
        return task


def _deliver(bot: LocalBot) -> int:
    client = delivery_client(token=bot.slack.token, base_url=bot.slack.api_url)
    deliverer = Deliverer(
        engine=bot.runtime.services.engine, clients=single_workspace(client), clock=bot.clock
    )
    return deliverer.run_once().sent


def _eventually(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _check_in(bot: LocalBot) -> CheckIn | None:
    with Session(bot.runtime.services.engine) as session:
        return session.exec(select(CheckIn)).first()


def test_prompt_delivered_answered_by_button_and_no_nudge_follows(bot: LocalBot) -> None:
    task = _seed(bot)
    bot.clock.set(OPENS)
    assert bot.runtime.run_sweeps_once().enqueued == {"checkin": 1}
    assert _deliver(bot) == 1

    posted = bot.slack.state.messages_in(OWNER)
    assert len(posted) == 1
    prompt = posted[0]
    assert "December 2026 check-in" in prompt["text"]
    assert task.ref in str(prompt["blocks"])
    with Session(bot.runtime.services.engine) as session:
        row = session.exec(select(Outbox)).one()
        assert (row.status, row.slack_ts) == (OutboxStatus.SENT, prompt["ts"])

    bot.clock.set(datetime(2026, 12, 2, 1, 0, tzinfo=UTC))
    reply = bot.driver.click(
        user_id=OWNER,
        channel_id=OWNER,
        message_ts=prompt["ts"],
        action_id=quick_status_action_id(Status.ON_TRACK),
    )
    assert reply.status == 200
    assert _eventually(lambda: (c := _check_in(bot)) is not None and c.answered_at is not None)

    # Past both nudge times and the close: nothing more is owed to an owner who answered.
    for moment in (
        datetime(2026, 12, 3, 0, 0, tzinfo=UTC),
        datetime(2026, 12, 7, 0, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 0, 0, tzinfo=UTC),
    ):
        assert bot.runtime.run_sweeps_once(moment).total_enqueued == 0
    assert _deliver(bot) == 0
    assert len(bot.slack.state.messages_in(OWNER)) == 1


def test_with_the_scheduler_on_the_prompt_reaches_slack_by_itself(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    with LocalBot(database_url=url, start_at=OPENS, scheduler=True) as running:
        running.slack.add_user(id=OWNER, name="aki", real_name="Aki Owner", tz="Asia/Tokyo")
        task = _seed(running)
        assert running.runtime.scheduler is not None
        assert running.runtime.deliverers is not None
        # The first sweep runs a few seconds after start; the deliverer then posts.
        assert running.slack.state.wait_until(
            lambda: bool(running.slack.state.messages_in(OWNER)), timeout=30
        )
        assert task.ref in str(running.slack.state.messages_in(OWNER)[0]["blocks"])
        assert running.runtime.scheduler.led >= 1
    assert not running.runtime.scheduler.running
    assert running.runtime.deliverers.running == 0
