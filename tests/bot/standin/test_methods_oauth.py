"""oauth.v2.access, the approval page and tokens per workspace."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn, Workspace

CLIENT_ID = "111.222"
SECRET = "shh"
REDIRECT = "https://app.example/slack/oauth_redirect"
SECOND = Workspace(
    team_id="T2", name="Second", token="xoxb-second", bot_user_id="U2BOT", bot_id="B2"
)


class _Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _approve(slack: SlackStandIn, **query: str) -> tuple[int, str]:
    """The approval page's status and Location (or error text)."""
    url = f"{slack.authorize_url}?{urlencode({'client_id': CLIENT_ID, **query})}"
    try:
        with urllib.request.build_opener(_Stay).open(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location") or error.read().decode()


def _code(slack: SlackStandIn, **query: str) -> str:
    status, location = _approve(slack, state="s1", scope="chat:write,commands", **query)
    assert status == 302
    return parse_qs(urlsplit(location).query)["code"][0]


@pytest.fixture
def oauth(slack: SlackStandIn) -> SlackStandIn:
    slack.set_oauth_app(client_id=CLIENT_ID, client_secret=SECRET, redirect_url=REDIRECT)
    slack.add_workspace(SECOND)
    slack.add_user(id="U2ANA", name="ana2", team_id="T2")
    return slack


@pytest.fixture
def app_client(oauth: SlackStandIn) -> WebClient:
    return WebClient(base_url=oauth.api_url, timeout=5)


def _exchange(client: WebClient, **arguments: str) -> dict[str, object]:
    answer = client.oauth_v2_access(client_id=CLIENT_ID, client_secret=SECRET, **arguments)
    return dict(answer.data)  # type: ignore[arg-type]


def test_the_approval_page_sends_the_browser_back_with_a_code_and_the_state(
    oauth: SlackStandIn,
) -> None:
    status, location = _approve(oauth, state="abc", scope="chat:write", team="T2")
    assert status == 302
    assert location.startswith(REDIRECT + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["abc"]
    assert query["code"][0]


def test_cancelling_on_the_approval_page_sends_access_denied(oauth: SlackStandIn) -> None:
    status, location = _approve(oauth, state="abc", deny="1")
    assert status == 302
    assert parse_qs(urlsplit(location).query) == {"state": ["abc"], "error": ["access_denied"]}


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"client_id": "nope"}, "invalid_client_id"),
        ({"team": "T404"}, "team_not_found"),
        ({"redirect_uri": "https://evil.example/"}, "bad_redirect_uri"),
    ],
)
def test_the_approval_page_refuses_what_slack_refuses(
    oauth: SlackStandIn, query: dict[str, str], error: str
) -> None:
    assert _approve(oauth, **query) == (400, error)


def test_a_code_buys_a_bot_token_for_its_workspace_once(
    oauth: SlackStandIn, app_client: WebClient
) -> None:
    code = _code(oauth, team="T2")
    answer = _exchange(app_client, code=code)
    assert answer["token_type"] == "bot"
    assert answer["team"] == {"id": "T2", "name": "Second"}
    assert answer["authed_user"] == {"id": "U2ANA"}
    assert answer["scope"] == "chat:write,commands"
    assert answer["bot_user_id"] == "U2BOT"
    assert "refresh_token" not in answer
    token = str(answer["access_token"])
    assert WebClient(token=token, base_url=oauth.api_url).auth_test()["team_id"] == "T2"
    with pytest.raises(SlackApiError, match="invalid_code"):
        _exchange(app_client, code=code)


def test_the_app_must_prove_who_it_is(oauth: SlackStandIn, app_client: WebClient) -> None:
    code = _code(oauth)
    with pytest.raises(SlackApiError, match="bad_client_secret"):
        app_client.oauth_v2_access(client_id=CLIENT_ID, client_secret="wrong", code=code)
    with pytest.raises(SlackApiError, match="invalid_client_id"):
        app_client.oauth_v2_access(client_id="x", client_secret=SECRET, code=code)


def test_the_secret_is_not_kept_in_the_record(oauth: SlackStandIn, app_client: WebClient) -> None:
    _exchange(app_client, code=_code(oauth))
    call = oauth.calls("oauth.v2.access")[-1]
    assert call.ok
    assert "client_secret" not in call.params
    assert call.token is None


def test_each_token_acts_in_its_own_workspace_and_is_recorded(
    oauth: SlackStandIn, app_client: WebClient
) -> None:
    first = str(_exchange(app_client, code=_code(oauth))["access_token"])
    second = str(_exchange(app_client, code=_code(oauth, team="T2"))["access_token"])
    for token, team in ((first, oauth.default_workspace.team_id), (second, "T2")):
        assert WebClient(token=token, base_url=oauth.api_url).auth_test()["team_id"] == team
    calls = oauth.calls("auth.test")
    assert [(c.token, c.team_id) for c in calls] == [
        (first, oauth.default_workspace.team_id),
        (second, "T2"),
    ]


def test_with_rotation_tokens_expire_and_refresh_tokens_work_once() -> None:
    now = [1_000.0]
    with SlackStandIn(clock=lambda: now[0]) as rotating:
        rotating.set_oauth_app(
            client_id=CLIENT_ID, client_secret=SECRET, redirect_url=REDIRECT, token_lifetime=600
        )
        rotating.add_user(id="U1", name="ana")
        client = WebClient(base_url=rotating.api_url, timeout=5)
        first = _exchange(client, code=_code(rotating))
        assert first["expires_in"] == 600
        assert str(first["access_token"]).startswith("xoxe.xoxb-")
        refresh = str(first["refresh_token"])
        second = _exchange(client, grant_type="refresh_token", refresh_token=refresh)
        assert second["access_token"] != first["access_token"]
        assert second["refresh_token"] != refresh
        assert second["team"] == first["team"]
        with pytest.raises(SlackApiError, match="invalid_refresh_token"):
            _exchange(client, grant_type="refresh_token", refresh_token=refresh)
        now[0] += 600
        old = WebClient(token=str(first["access_token"]), base_url=rotating.api_url)
        with pytest.raises(SlackApiError, match="token_expired"):
            old.auth_test()


def test_revoked_tokens_stop_working(oauth: SlackStandIn, app_client: WebClient) -> None:
    token = str(_exchange(app_client, code=_code(oauth, team="T2"))["access_token"])
    assert oauth.live_tokens("T2") == [token]
    oauth.revoke_tokens("T2")
    assert oauth.live_tokens("T2") == []
    for dead in (token, SECOND.token):
        with pytest.raises(SlackApiError, match="token_revoked"):
            WebClient(token=dead, base_url=oauth.api_url).auth_test()
    assert WebClient(token=oauth.token, base_url=oauth.api_url).auth_test()["ok"]


def test_an_unknown_grant_type_is_refused(oauth: SlackStandIn, app_client: WebClient) -> None:
    with pytest.raises(SlackApiError, match="invalid_grant_type"):
        _exchange(app_client, grant_type="password")
