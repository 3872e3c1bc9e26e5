"""Two workspaces installed through the real OAuth flow share one database and nothing
else: the same person and the same task reference exist in both, and no command, digest,
sweep or export of one reads or changes the other's rows."""

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.cli import main
from bot.local import LocalBot
from bot.standin import RecordedCall, Workspace
from storage import crud
from storage.enums import TaskState
from storage.models import CheckIn, ProgressUpdate, Task
from storage.models import Workspace as WorkspaceRow
from tests.bot.conftest import START, answer

A, B = "T0STANDIN", "T0SECOND"
SHARED = "WSHARED"  # one person in both workspaces, as Enterprise Grid ids are
OFFICE = {A: "Lisbon", B: "Osaka"}
CHANNEL = {A: "CGROWTHA", B: "CGROWTHB"}
# Tuesday 1 December 2026, 09:30 UTC: the December check-in is owed in both.
CHECK_IN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _seed(bot: LocalBot, workspace_id: str) -> None:
    """The same plan in each workspace: one person, team, goal and task T-1."""
    now = bot.clock.now()
    with Session(bot.runtime.services.engine, expire_on_commit=False) as session:
        session.add(WorkspaceRow(id=workspace_id, name=OFFICE[workspace_id], created_at=now))
        shared = crud.get_or_create_person(
            session=session, workspace_id=workspace_id, actor=None, slack_user_id=SHARED,
            now=now, name="Sam", tz="UTC",
        )  # fmt: skip
        team = crud.create_team(
            session=session, workspace_id=workspace_id, actor=None, name="Growth", now=now,
            channel_id=CHANNEL[workspace_id], managers=[shared],
        )  # fmt: skip
        plan = crud.create_plan(
            session=session, workspace_id=workspace_id, actor=None, name="FY2027",
            starts_on=date(2026, 11, 1), ends_on=date(2027, 10, 31), now=now,
        )  # fmt: skip
        crud.activate_plan(
            session=session, workspace_id=workspace_id, actor=None, plan=plan, now=now
        )
        goal = crud.create_goal(
            session=session, workspace_id=workspace_id, actor=None, plan=plan, title="Grow",
            now=now, team=team,
        )  # fmt: skip
        task = crud.create_task(
            session=session, workspace_id=workspace_id, actor=None, goal=goal,
            title=f"Open the {OFFICE[workspace_id]} office", now=now, owner=shared,
            due_on=date(2027, 3, 31),
        )  # fmt: skip
        assert task.ref == "T-1"
        session.commit()


@pytest.fixture
def bot(engine: Engine) -> Iterator[LocalBot]:
    url = engine.url.render_as_string(hide_password=False)
    with LocalBot(database_url=url, start_at=START, oauth=True) as bot:
        bot.slack.add_workspace(
            Workspace(team_id=B, name="Second", token="xoxb-b", bot_user_id="UBOTB", bot_id="BB")
        )
        bot.slack.add_user(id=SHARED, name="sam", team_id=A)
        browser = bot.install_browser()
        for team_id in (A, B):
            assert browser.install(team_id=team_id, user_id=SHARED).status == 200
            _seed(bot, team_id)
        yield bot


def _say(bot: LocalBot, team_id: str, text: str) -> str:
    """What SHARED is answered in ``team_id``: the text, then the blocks."""
    reply = answer(bot, bot.driver.slash_command(user_id=SHARED, text=text, team_id=team_id))
    return f"{reply['text']}\n{reply.get('blocks') or ''}"


def _task(bot: LocalBot, team_id: str) -> Task:
    with Session(bot.runtime.services.engine) as session:
        return session.exec(select(Task).where(Task.workspace_id == team_id)).one()


def _posts(bot: LocalBot) -> list[RecordedCall]:
    return bot.slack.calls("chat.postMessage", where=lambda call: call.ok)


def _assert_each_post_is_its_workspaces(bot: LocalBot, posts: list[RecordedCall]) -> None:
    """Made with the token that workspace installed, about that workspace's task only."""
    for post in posts:
        assert post.team_id in (A, B)
        assert post.token in bot.slack.live_tokens(post.team_id)
        other = B if post.team_id == A else A
        content = str(post.params)
        assert OFFICE[post.team_id] in content
        assert OFFICE[other] not in content


def test_commands_see_and_change_their_own_workspace_only(bot: LocalBot) -> None:
    assert "Progress recorded" in _say(bot, A, "update T-1 at-risk 40% lease late")
    assert _say(bot, B, "done T-1 opened").startswith("T-1 marked done.")

    lisbon, osaka = _task(bot, A), _task(bot, B)
    assert (lisbon.ref, lisbon.state) == ("T-1", TaskState.OPEN)
    assert (osaka.ref, osaka.state) == ("T-1", TaskState.DONE)
    with Session(bot.runtime.services.engine) as session:
        updates = session.exec(select(ProgressUpdate)).all()
    assert sorted((u.workspace_id, u.task_id, u.percent) for u in updates) == sorted(
        [(A, lisbon.id, 40), (B, osaka.id, 100)]
    )

    mine_in_a = _say(bot, A, "mine")
    assert "You have 1 open task." in mine_in_a
    assert OFFICE[A] in mine_in_a
    assert OFFICE[B] not in mine_in_a
    assert _say(bot, B, "mine").startswith("You have no open tasks.")
    status_in_b = _say(bot, B, "status")
    assert OFFICE[B] in status_in_b
    assert OFFICE[A] not in status_in_b
    # Every Slack call made for workspace A's commands used A's token, and B's B's.
    for call in bot.slack.calls(where=lambda c: c.token is not None):
        assert call.token in bot.slack.live_tokens(str(call.team_id))


def test_digests_are_posted_per_workspace_with_their_own_token(bot: LocalBot) -> None:
    for team_id in (A, B):
        office = OFFICE[team_id]
        assert "Progress recorded" in _say(bot, team_id, f"update T-1 at-risk 40% {office} late")
        said = _say(bot, team_id, f"digest <#{CHANNEL[team_id]}|growth>")
        assert "is on its way" in said
    assert bot.deliver().sent == 2
    posts = _posts(bot)
    assert sorted((str(p.team_id), p.params["channel"]) for p in posts) == sorted(
        (team_id, CHANNEL[team_id]) for team_id in (A, B)
    )
    _assert_each_post_is_its_workspaces(bot, posts)


def test_a_sweep_prompts_each_workspace_with_its_own_token(bot: LocalBot) -> None:
    bot.clock.set(CHECK_IN)
    assert bot.runtime.run_sweeps_once().enqueued == {"checkin": 2}
    assert bot.deliver().sent == 2
    posts = _posts(bot)
    assert sorted((str(p.team_id), p.params["channel"]) for p in posts) == sorted(
        (team_id, SHARED) for team_id in (A, B)
    )
    _assert_each_post_is_its_workspaces(bot, posts)
    with Session(bot.runtime.services.engine) as session:
        check_ins = session.exec(select(CheckIn)).all()
    assert sorted(c.workspace_id for c in check_ins) == sorted([A, B])
    # Answering in A settles A's check-in, not B's.
    assert "Progress recorded" in _say(bot, A, "update T-1 on-track 50%")
    with Session(bot.runtime.services.engine) as session:
        answered = {
            c.workspace_id: c.answered_at is not None for c in session.exec(select(CheckIn))
        }
    assert answered == {A: True, B: False}


def test_export_takes_one_workspace(
    bot: LocalBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", bot.database_url)
    for team_id in (A, B):
        assert main(["export", "--workspace", team_id]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert [row["task title"] for row in rows] == [f"Open the {OFFICE[team_id]} office"]
    assert main(["export"]) != 0
    assert "--workspace" in capsys.readouterr().err
