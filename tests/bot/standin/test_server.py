import json
import threading
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_starts_on_a_free_port_and_stops_cleanly() -> None:
    server = SlackStandIn()
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.url
    with server:
        assert server.url.startswith("http://127.0.0.1:")
        assert not server.url.endswith(":0")
        assert server.api_url == server.url + "/api/"
        url = server.api_url
        assert WebClient(token=server.token, base_url=url).auth_test()["ok"] is True
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "auth.test", timeout=2)


def test_two_servers_run_side_by_side() -> None:
    with SlackStandIn() as first, SlackStandIn(team_id="T2", token="xoxb-two") as second:
        assert first.url != second.url
        assert WebClient(token="xoxb-two", base_url=second.api_url).auth_test()["team_id"] == "T2"


def test_auth_test_describes_the_bot(client: WebClient, slack: SlackStandIn) -> None:
    answer = client.auth_test()
    assert answer["team_id"] == "T0STANDIN"
    assert answer["user_id"] == "U0BOT"
    assert answer["bot_id"] == "B0BOT"


def test_missing_token_is_not_authed(slack: SlackStandIn) -> None:
    status, body = _post(slack.api_url + "auth.test", b"", {})
    assert (status, body) == (200, {"ok": False, "error": "not_authed"})


def test_wrong_token_is_invalid_auth(slack: SlackStandIn) -> None:
    with pytest.raises(SlackApiError) as raised:
        WebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()
    assert raised.value.response["error"] == "invalid_auth"


def test_token_may_come_in_the_form_body(slack: SlackStandIn) -> None:
    body = f"token={slack.token}&user=U1".encode()
    status, answer = _post(
        slack.api_url + "users.info", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 200
    assert answer["ok"] is True
    assert "token" not in slack.calls("users.info")[0].params


def test_unknown_method(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("nothing.here")
    assert raised.value.response["error"] == "unknown_method"


def test_json_and_form_bodies_are_both_understood(slack: SlackStandIn) -> None:
    auth = {"Authorization": f"Bearer {slack.token}"}
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}]
    json_status, json_answer = _post(
        slack.api_url + "chat.postMessage",
        json.dumps({"channel": "C1", "blocks": blocks}).encode(),
        {**auth, "Content-Type": "application/json; charset=utf-8"},
    )
    form = f"channel=C1&blocks={urllib.parse.quote(json.dumps(blocks))}".encode()
    form_status, form_answer = _post(
        slack.api_url + "chat.postMessage",
        form,
        {**auth, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert json_status == form_status == 200
    assert json_answer["ok"] is True
    assert form_answer["ok"] is True
    texts = [m["blocks"][0]["text"]["text"] for m in slack.messages_to("C1")]
    assert texts == ["hello", "hello"]


def test_malformed_json_body_is_refused(slack: SlackStandIn) -> None:
    status, body = _post(
        slack.api_url + "chat.postMessage",
        b"{not json",
        {"Authorization": f"Bearer {slack.token}", "Content-Type": "application/json"},
    )
    assert (status, body["error"]) == (200, "invalid_json")


def test_handles_concurrent_calls(slack: SlackStandIn, client: WebClient) -> None:
    errors: list[BaseException] = []

    def post(n: int) -> None:
        try:
            client.chat_postMessage(channel="C1", text=f"m{n}")
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    messages = slack.messages_to("C1")
    assert sorted(m["text"] for m in messages) == sorted(f"m{n}" for n in range(40))
    timestamps = [m["ts"] for m in messages]
    assert len(set(timestamps)) == 40
    assert timestamps == sorted(timestamps, key=float)


def test_unknown_path_is_404(slack: SlackStandIn) -> None:
    status, body = _post(slack.url + "/elsewhere", b"", {})
    assert status == 404
    assert body["ok"] is False
