"""Installing Pillar with OAuth: the real flow over HTTP against the stand-in, token
rotation, and what happens when a workspace removes the app."""

import time
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.app.oauth import BOT_SCOPES
from bot.listeners.installs import REVOKED, UNINSTALLED
from bot.local import CLIENT_ID, LocalBot
from bot.standin import Workspace
from storage import outbox
from storage.enums import OutboxStatus
from storage.models import Outbox
from tests.bot.conftest import START, answer

TEAM_A = "T0STANDIN"
TEAM_B = "T0SECOND"
ANA = "UANA"  # in A
BEN = "UBEN"  # in B


def _start(engine: Engine, **options: object) -> LocalBot:
    url = engine.url.render_as_string(hide_password=False)
    bot = LocalBot(database_url=url, start_at=START, oauth=True, **options)  # type: ignore[arg-type]
    bot.start()
    bot.slack.add_workspace(
        Workspace(team_id=TEAM_B, name="Second", token="xoxb-b", bot_user_id="UBOTB", bot_id="BB")
    )
    bot.slack.add_user(id=ANA, name="ana", team_id=TEAM_A)
    bot.slack.add_user(id=BEN, name="ben", team_id=TEAM_B)
    return bot


@pytest.fixture
def bot(engine: Engine) -> Iterator[LocalBot]:
    bot = _start(engine)
    yield bot
    bot.stop()


def _store(bot: LocalBot) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=bot.runtime.services.engine)


def _owe(bot: LocalBot, *, team_id: str, key: str, channel: str) -> None:
    with Session(bot.runtime.services.engine) as session:
        outbox.enqueue(
            session=session,
            workspace_id=team_id,
            dedupe_key=key,
            kind="test",
            channel=channel,
            text=f"hello {key}",
            now=bot.clock.now(),
        )
        session.commit()


def _row(bot: LocalBot, key: str) -> Outbox:
    with Session(bot.runtime.services.engine) as session:
        return session.exec(select(Outbox).where(Outbox.dedupe_key == key)).one()


def _handled(done: Callable[[], bool]) -> None:
    """Events are acknowledged first and handled after: wait for the handling."""
    deadline = time.monotonic() + 5
    while not done() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert done()


def _dead(bot: LocalBot, key: str) -> Callable[[], bool]:
    return lambda: _row(bot, key).status == OutboxStatus.DEAD


def test_install_goes_to_slack_and_back_and_keeps_the_workspaces_token(bot: LocalBot) -> None:
    done = bot.install_browser().install(team_id=TEAM_B)

    to_slack, slack_page, back = done.hops
    assert to_slack.status == 302
    assert to_slack.location is not None
    assert to_slack.location.startswith(bot.slack.authorize_url + "?")
    asked = parse_qs(urlsplit(to_slack.location).query)
    assert asked["client_id"] == [CLIENT_ID]
    assert asked["scope"] == [",".join(BOT_SCOPES)]
    assert asked["team"] == [TEAM_B]
    assert to_slack.cookie == f"slack-app-oauth-state={asked['state'][0]}"
    assert slack_page.status == 302
    assert slack_page.location is not None
    assert slack_page.location.startswith(f"{bot.app_url}/slack/oauth_redirect?code=")
    assert done.state == asked["state"][0]
    assert back.status == 200

    [exchange] = bot.slack.calls("oauth.v2.access")
    assert exchange.ok
    assert exchange.params["code"] == done.code
    installation = _store(bot).find_installation(enterprise_id=None, team_id=TEAM_B)
    assert installation is not None
    assert installation.bot_token == bot.slack.live_tokens(TEAM_B)[0]
    assert installation.user_id == BEN
    assert _store(bot).find_installation(enterprise_id=None, team_id=TEAM_A) is None


def test_a_redirect_without_the_browsers_state_cookie_installs_nothing(bot: LocalBot) -> None:
    browser = bot.install_browser()
    start = browser.get(f"{browser.install_url}?team={TEAM_A}")
    assert start.location is not None
    back = browser.get(browser.get(start.location).location or "")  # no cookie sent
    assert back.status == 400
    assert bot.slack.calls("oauth.v2.access") == []
    assert _store(bot).find_installation(enterprise_id=None, team_id=TEAM_A) is None


def test_a_state_is_good_for_one_install(bot: LocalBot) -> None:
    browser = bot.install_browser()
    done = browser.install(team_id=TEAM_A)
    assert done.status == 200
    again = browser.get(done.hops[-1].url, cookie=done.hops[0].cookie)
    assert again.status == 401
    assert len(bot.slack.calls("oauth.v2.access")) == 1


def test_cancelling_in_slack_installs_nothing(bot: LocalBot) -> None:
    done = bot.install_browser().install(team_id=TEAM_A, approve=False)
    assert done.code is None
    assert "access_denied" in done.body
    assert _store(bot).find_installation(enterprise_id=None, team_id=TEAM_A) is None


def test_commands_work_in_an_installed_workspace_only(bot: LocalBot) -> None:
    assert bot.install_browser().install(team_id=TEAM_A).status == 200
    reply = bot.driver.slash_command(user_id=ANA, text="mine")
    assert reply.status == 200
    token = bot.slack.live_tokens(TEAM_A)[0]
    assert {c.token for c in bot.slack.calls("auth.test")} == {token}
    refused = bot.driver.slash_command(user_id=BEN, text="mine")
    assert refused.status == 200
    [answer] = bot.slack.wait_for_response_posts(refused.response_url)
    assert "reinstall this app" in answer.body["text"]
    assert all(c.team_id == TEAM_A for c in bot.slack.calls() if c.token is not None)


def test_expiring_tokens_are_refreshed_for_requests_and_for_delivery(engine: Engine) -> None:
    # An hour's lifetime is inside the two hours before expiry when tokens are refreshed,
    # so every use refreshes it.
    bot = _start(engine, token_lifetime=3600)
    try:
        assert bot.install_browser().install(team_id=TEAM_A).status == 200
        first = bot.slack.live_tokens(TEAM_A)
        assert len(first) == 1
        assert bot.driver.slash_command(user_id=ANA, text="help").status == 200
        refreshes = bot.slack.calls(
            "oauth.v2.access", where=lambda c: c.params.get("grant_type") == "refresh_token"
        )
        assert len(refreshes) == 1
        assert refreshes[0].ok
        second = bot.slack.live_tokens(TEAM_A)[-1]
        assert second != first[0]

        _owe(bot, team_id=TEAM_A, key="after-refresh", channel=ANA)
        assert bot.deliver().sent == 1
        [post] = bot.slack.calls("chat.postMessage")
        newest = bot.slack.live_tokens(TEAM_A)[-1]
        assert post.token == newest != second
        stored = _store(bot).find_installation(enterprise_id=None, team_id=TEAM_A)
        assert stored is not None
        assert stored.bot_token == newest
    finally:
        bot.stop()


def test_uninstalling_forgets_the_workspace_and_its_owed_messages_die_clearly(
    bot: LocalBot,
) -> None:
    browser = bot.install_browser()
    assert browser.install(team_id=TEAM_A).status == 200
    assert browser.install(team_id=TEAM_B).status == 200
    _owe(bot, team_id=TEAM_A, key="owed-a", channel=ANA)
    _owe(bot, team_id=TEAM_B, key="owed-b", channel=BEN)

    bot.slack.revoke_tokens(TEAM_A)
    assert bot.driver.event({"type": "app_uninstalled"}, team_id=TEAM_A).status == 200
    _handled(_dead(bot, "owed-a"))
    assert _store(bot).find_installation(enterprise_id=None, team_id=TEAM_A) is None
    assert _store(bot).find_bot(enterprise_id=None, team_id=TEAM_A) is None
    dead = _row(bot, "owed-a")
    assert (dead.status, dead.last_error) == (OutboxStatus.DEAD, UNINSTALLED)
    report = bot.deliver()
    assert (report.sent, report.dead) == (1, 0)
    assert _row(bot, "owed-b").status == OutboxStatus.SENT

    # Owed later (a sweep does not know yet): dead at the first try, with the reason.
    _owe(bot, team_id=TEAM_A, key="later-a", channel=ANA)
    assert bot.deliver().dead == 1
    later = _row(bot, "later-a")
    assert later.last_error is not None
    assert later.last_error.startswith(f"install: not installed in {TEAM_A}: no bot token")
    assert all(c.team_id == TEAM_B for c in bot.slack.calls("chat.postMessage"))


def test_a_revoked_bot_token_forgets_the_workspace(bot: LocalBot) -> None:
    assert bot.install_browser().install(team_id=TEAM_B).status == 200
    _owe(bot, team_id=TEAM_B, key="owed-b", channel=BEN)
    event = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTB"]}}
    assert bot.driver.event(event, team_id=TEAM_B).status == 200
    _handled(_dead(bot, "owed-b"))
    assert _store(bot).find_installation(enterprise_id=None, team_id=TEAM_B) is None
    assert _row(bot, "owed-b").last_error == REVOKED
    assert bot.deliver().claimed == 0


def test_a_revoked_user_token_leaves_the_bot_installed(bot: LocalBot) -> None:
    assert bot.install_browser().install(team_id=TEAM_B).status == 200
    store = _store(bot)
    event = {"type": "tokens_revoked", "tokens": {"oauth": [BEN], "bot": []}}
    assert bot.driver.event(event, team_id=TEAM_B).status == 200
    # BEN installed it: his installation row goes, the bot's own record stays.
    _handled(lambda: store.find_installation(enterprise_id=None, team_id=TEAM_B) is None)
    assert store.find_bot(enterprise_id=None, team_id=TEAM_B) is not None
    mine = bot.driver.slash_command(user_id=BEN, text="mine")
    assert answer(bot, mine)["text"] == "You have no open tasks."
    _owe(bot, team_id=TEAM_B, key="still-b", channel=BEN)
    assert bot.deliver().sent == 1


def test_with_one_workspace_an_uninstall_marks_owed_messages_dead(local_bot: LocalBot) -> None:
    _owe(local_bot, team_id=TEAM_A, key="owed", channel=ANA)
    assert local_bot.driver.event({"type": "app_uninstalled"}, team_id=TEAM_A).status == 200
    _handled(_dead(local_bot, "owed"))
    assert _row(local_bot, "owed").last_error == UNINSTALLED
