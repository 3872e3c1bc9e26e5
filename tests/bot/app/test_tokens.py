"""Each workspace's bot token for the deliverers: from the installation store, refreshed
before it expires, and a clear verdict when Slack will not refresh it."""

from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.app.oauth import installation_store
from bot.app.tokens import delivery_clients
from bot.delivery import ClientFactory, Deliverer
from bot.settings import Settings
from bot.standin import Fault, InstallBrowser, SlackStandIn
from schedules.clock import SystemClock
from storage import outbox
from storage.enums import OutboxStatus
from storage.models import Outbox

CLIENT_ID = "1.2"
SECRET = "s3cret"
TEAM = "T0STANDIN"


def _serve(lifetime: int | None) -> SlackStandIn:
    slack = SlackStandIn().start()
    slack.set_oauth_app(
        client_id=CLIENT_ID,
        client_secret=SECRET,
        redirect_url="http://app/",
        token_lifetime=lifetime,
    )
    slack.add_user(id="U1", name="ana")
    return slack


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    # An hour's lifetime is inside the two hours before expiry: every use refreshes it.
    slack = _serve(3600)
    yield slack
    slack.stop()


def _settings(engine: Engine, slack: SlackStandIn) -> Settings:
    return Settings(
        DATABASE_URL=engine.url.render_as_string(hide_password=False),
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
    )


def _store(engine: Engine, slack: SlackStandIn) -> SQLAlchemyInstallationStore:
    return installation_store(settings=_settings(engine, slack), engine=engine)


def _clients(engine: Engine, slack: SlackStandIn) -> ClientFactory:
    clients = delivery_clients(settings=_settings(engine, slack), engine=engine)
    assert clients is not None
    return clients


def _install(slack: SlackStandIn, store: SQLAlchemyInstallationStore) -> Installation:
    """What the OAuth flow stores, without the app: approve, trade the code, save."""
    approval = InstallBrowser(install_url="unused").get(
        f"{slack.authorize_url}?{urlencode({'client_id': CLIENT_ID, 'state': 'x'})}"
    )
    assert approval.location is not None
    [code] = parse_qs(urlsplit(approval.location).query)["code"]
    answer = WebClient(base_url=slack.api_url).oauth_v2_access(
        client_id=CLIENT_ID, client_secret=SECRET, code=code
    )
    installation = Installation(
        app_id=answer["app_id"],
        team_id=answer["team"]["id"],
        bot_token=answer["access_token"],
        bot_id="B0BOT",
        bot_user_id=answer["bot_user_id"],
        bot_refresh_token=answer.get("refresh_token"),
        bot_token_expires_in=answer.get("expires_in"),
        user_id=answer["authed_user"]["id"],
    )
    store.save(installation)
    return installation


def _token(clients: ClientFactory) -> str:
    token = clients(TEAM).token
    assert token is not None
    return token


def test_a_token_far_from_expiry_is_used_as_it_is(engine: Engine) -> None:
    slack = _serve(12 * 3600)
    try:
        installed = _install(slack, _store(engine, slack))
        assert _token(_clients(engine, slack)) == installed.bot_token
        assert [c.params.get("grant_type") for c in slack.calls("oauth.v2.access")] == [None]
    finally:
        slack.stop()


def test_an_expiring_token_is_refreshed_and_the_new_one_kept(
    engine: Engine, slack: SlackStandIn
) -> None:
    store = _store(engine, slack)
    installed = _install(slack, store)
    token = _token(_clients(engine, slack))
    assert token != installed.bot_token
    assert token == slack.live_tokens(TEAM)[-1]
    kept = store.find_installation(enterprise_id=None, team_id=TEAM)
    assert kept is not None
    assert (kept.bot_token, kept.installed_at) == (token, installed.installed_at)
    assert kept.bot_refresh_token != installed.bot_refresh_token
    # The next use refreshes with the new refresh token (the old one is spent).
    assert _token(_clients(engine, slack)) == slack.live_tokens(TEAM)[-1] != token


def test_a_bot_whose_installer_row_went_still_has_its_token(
    engine: Engine, slack: SlackStandIn
) -> None:
    store = _store(engine, slack)
    _install(slack, store)
    store.delete_installation(enterprise_id=None, team_id=TEAM, user_id="U1")
    assert _token(_clients(engine, slack)) == slack.live_tokens(TEAM)[-1]
    bot = store.find_bot(enterprise_id=None, team_id=TEAM)
    assert bot is not None
    assert bot.bot_token == slack.live_tokens(TEAM)[-1]


def test_no_installation_is_a_lookup_error_saying_what_to_do(
    engine: Engine, slack: SlackStandIn
) -> None:
    with pytest.raises(LookupError, match=r"install it again from /slack/install"):
        _clients(engine, slack)(TEAM)


def _owe(engine: Engine) -> None:
    with Session(engine) as session:
        outbox.enqueue(
            session=session,
            workspace_id=TEAM,
            dedupe_key="k",
            kind="test",
            channel="U1",
            text="hello",
            now=SystemClock().now(),
        )
        session.commit()


def _deliver(engine: Engine, slack: SlackStandIn) -> Outbox:
    Deliverer(engine=engine, clients=_clients(engine, slack), clock=SystemClock()).run_once()
    with Session(engine) as session:
        return session.exec(select(Outbox)).one()


def test_a_refresh_slack_refuses_kills_the_message_with_slacks_reason(
    engine: Engine, slack: SlackStandIn
) -> None:
    store = _store(engine, slack)
    installed = _install(slack, store)
    installed.bot_refresh_token = "xoxe-1-forgotten"
    store.save(installed)
    with pytest.raises(SlackApiError, match="invalid_refresh_token"):
        _clients(engine, slack)(TEAM)
    _owe(engine)
    row = _deliver(engine, slack)
    assert (row.status, row.last_error) == (OutboxStatus.DEAD, "install: invalid_refresh_token")
    assert slack.calls("chat.postMessage") == []


def test_a_refresh_that_slack_fails_is_tried_again_later(
    engine: Engine, slack: SlackStandIn
) -> None:
    _install(slack, _store(engine, slack))
    slack.faults.script("oauth.v2.access", [Fault.server_error(status=503)])
    _owe(engine)
    row = _deliver(engine, slack)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert row.last_error is not None
    assert row.last_error.startswith("install: http 503")


def test_one_workspace_uses_the_bot_token_and_none_without_one(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    single = Settings(DATABASE_URL=url, SLACK_BOT_TOKEN="xoxb-one")
    clients = delivery_clients(settings=single, engine=engine)
    assert clients is not None
    assert clients("T-anything").token == "xoxb-one"
    assert delivery_clients(settings=Settings(DATABASE_URL=url), engine=engine) is None
