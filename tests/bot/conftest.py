"""The whole bot over real HTTP against the local Slack stand-in."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.local import LocalBot
from bot.standin import AppResponse
from storage import crud
from storage.models import Task

ADMIN = "UADMIN"
OWNER = "UOWNER"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def local_bot(engine: Engine) -> Iterator[LocalBot]:
    url = engine.url.render_as_string(hide_password=False)
    with LocalBot(database_url=url, start_at=START, admins=frozenset({ADMIN})) as bot:
        bot.slack.add_user(id=ADMIN, name="ada", real_name="Ada Admin", tz="Europe/Berlin")
        bot.slack.add_user(id=OWNER, name="olu", real_name="Olu Owner", tz="Africa/Lagos")
        yield bot


def seed_task(bot: LocalBot) -> Task:
    """An active plan with one goal and one task owned by OWNER."""
    now = bot.clock.now()
    with Session(bot.runtime.services.engine, expire_on_commit=False) as session:
        workspace = bot.slack.state.workspaces
        team_id = next(iter(workspace))
        owner = crud.get_or_create_person(
            session=session,
            workspace_id=team_id,
            actor=None,
            slack_user_id=OWNER,
            now=now,
            name="Olu",
            tz="Africa/Lagos",
        )
        plan = crud.create_plan(
            session=session,
            workspace_id=team_id,
            actor=None,
            name="FY2027",
            starts_on=date(2026, 11, 1),
            ends_on=date(2027, 10, 31),
            now=now,
        )
        crud.activate_plan(session=session, workspace_id=team_id, actor=None, plan=plan, now=now)
        goal = crud.create_goal(
            session=session, workspace_id=team_id, actor=None, plan=plan, title="Grow", now=now
        )
        task = crud.create_task(
            session=session,
            workspace_id=team_id,
            actor=None,
            goal=goal,
            title="Open Lagos office",
            now=now,
            owner=owner,
            due_on=date(2027, 3, 31),
        )
        session.commit()
        return task


def answer(bot: LocalBot, reply: AppResponse) -> dict[str, Any]:
    """The message answering a command: in the acknowledgement, or later at its
    response_url."""
    if reply.body.strip():
        return dict(reply.json())
    [post] = bot.slack.wait_for_response_posts(reply.response_url)
    return post.body
