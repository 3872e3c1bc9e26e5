"""`/pillar cadence` over the real app: anyone reads it, admins change it, checked first."""

import pytest
from sqlmodel import Session, select

from bot.local import LocalBot
from storage import crud
from storage.models import Team, Workspace
from tests.bot.conftest import ADMIN

MEMBER = "UMEMBER"


@pytest.fixture
def bot(local_bot: LocalBot) -> LocalBot:
    local_bot.slack.add_user(id=MEMBER, name="mo", real_name="Mo Member", tz="America/New_York")
    return local_bot


def _say(bot: LocalBot, user_id: str, text: str) -> str:
    reply = bot.driver.slash_command(user_id=user_id, text=text)
    assert reply.status == 200
    return str(reply.json()["blocks"])


def _workspace_id(bot: LocalBot) -> str:
    return next(iter(bot.slack.state.workspaces))


def _add_team(bot: LocalBot, *, channel: str = "CGROWTH", name: str = "Growth") -> Team:
    with Session(bot.runtime.services.engine, expire_on_commit=False) as session:
        team = crud.create_team(
            session=session, workspace_id=_workspace_id(bot), actor=None, name=name,
            channel_id=channel, now=bot.clock.now(),
        )  # fmt: skip
        session.commit()
        return team


def _stored(bot: LocalBot) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    with Session(bot.runtime.services.engine) as session:
        workspace = session.get(Workspace, _workspace_id(bot))
        teams = {team.name: dict(team.settings) for team in session.exec(select(Team)).all()}
        return (dict(workspace.settings) if workspace else {}), teams


def test_anyone_sees_the_default_cadence_and_their_next_check_in_in_their_zone(
    bot: LocalBot,
) -> None:
    shown = _say(bot, MEMBER, "cadence")
    assert "first business day of each month, at 09:00" in shown
    assert "2 and 4 business days after the prompt" in shown
    assert "closes after 5 business days" in shown
    # 23 November 2026: the next opening is Tuesday 1 December, 09:00 in New York.
    assert "Tue 1 Dec 2026 at 09:00 (America/New_York)" in shown
    assert "the defaults" in shown


def test_only_admins_change_it(bot: LocalBot) -> None:
    refused = _say(bot, MEMBER, "cadence set day:15")
    assert "Only Pillar admins can change the check-in cadence" in refused
    assert _stored(bot)[0] == {}


def test_an_admin_sets_the_workspace_cadence(bot: LocalBot) -> None:
    changed = _say(bot, ADMIN, "cadence set day:15 time:10:30 nudges:1d")
    assert "updated" in changed
    assert "day 15 of each month" in changed
    assert "Tue 15 Dec 2026 at 10:30 (Europe/Berlin)" in changed
    workspace_settings, _ = _stored(bot)
    assert workspace_settings["cadence"] == {
        "opens_on": "calendar_day",
        "calendar_day": 15,
        "time": "10:30",
        "nudge_days": [1],
    }
    # The member's next check-in follows, in their own zone.
    assert "Tue 15 Dec 2026 at 10:30 (America/New_York)" in _say(bot, MEMBER, "cadence")


def test_a_team_overrides_part_of_it_and_resets_to_the_workspace(bot: LocalBot) -> None:
    _add_team(bot)
    _say(bot, ADMIN, "cadence set time:08:00")
    changed = _say(
        bot, ADMIN, "cadence set team:<#CGROWTH|growth> day:2nd-business window:3d nudges:1d"
    )
    assert "2nd business day" in changed
    assert "at 08:00" in changed  # the workspace's time still applies
    assert "set for this team" in _say(bot, MEMBER, "cadence show team:<#CGROWTH|growth>")
    _, teams = _stored(bot)
    assert teams["Growth"]["cadence"] == {
        "opens_on": "business_day", "business_day": 2, "window_days": 3, "nudge_days": [1],
    }  # fmt: skip
    reset = _say(bot, ADMIN, "cadence reset team:<#CGROWTH|growth>")
    assert "now follows the workspace's cadence" in reset
    assert "first business day" in reset
    assert "cadence" not in _stored(bot)[1]["Growth"]


def test_a_cadence_that_cannot_work_is_refused_and_nothing_changes(bot: LocalBot) -> None:
    refused = _say(bot, ADMIN, "cadence set window:3d")
    assert "cannot work" in refused
    assert "nudge" in refused
    assert _stored(bot)[0] == {}


def test_a_workspace_change_that_would_break_a_team_is_refused(bot: LocalBot) -> None:
    _add_team(bot)
    _say(bot, ADMIN, "cadence set window:10d")
    _say(bot, ADMIN, "cadence set team:<#CGROWTH|growth> nudges:8d")
    refused = _say(bot, ADMIN, "cadence set window:5d")
    assert "Growth" in refused
    assert _stored(bot)[0]["cadence"] == {"window_days": 10}


def test_an_unknown_team_says_how_to_find_one(bot: LocalBot) -> None:
    assert "team list" in _say(bot, ADMIN, "cadence show team:#nowhere")


def test_mine_tells_the_next_check_in(bot: LocalBot) -> None:
    _say(bot, ADMIN, "cadence set day:3")
    # Day 3 of December 2026 is a Thursday, a business day.
    assert "Next check-in: *Thu 3 Dec 2026*" in _say(bot, MEMBER, "mine")
