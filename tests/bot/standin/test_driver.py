"""The driver against a recording app that checks signatures with slack_sdk's verifier."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from bot.standin import SlackDriver, SlackStandIn, Workspace

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@dataclass
class FakeApp:
    """Records what reaches ``/slack/events`` and answers 401 to bad signatures."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    answer: bytes = b""


@pytest.fixture
def app() -> Iterator[FakeApp]:
    verifier = SignatureVerifier(SECRET)
    recorded = FakeApp()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = dict(self.headers.items())
            valid = verifier.is_valid_request(body, headers)
            recorded.requests.append({"body": body, "headers": headers, "valid": valid})
            status, reply = (200, recorded.answer) if valid else (401, b"invalid request")
            self.send_response(status)
            self.send_header("Content-Length", str(len(reply)))
            self.send_header("Content-Type", "application/json" if reply else "text/plain")
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    recorded.url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    yield recorded
    server.shutdown()
    server.server_close()


@pytest.fixture
def driver(app: FakeApp, slack: SlackStandIn) -> SlackDriver:
    return SlackDriver(app_url=app.url, signing_secret=SECRET, slack=slack)


def _form(request: dict[str, Any]) -> dict[str, str]:
    return dict(parse_qsl(request["body"].decode()))


def _payload(request: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(_form(request)["payload"]))


def test_slash_command_is_signed_and_shaped_like_slack(
    app: FakeApp, driver: SlackDriver, slack: SlackStandIn
) -> None:
    reply = driver.slash_command(user_id="U1", text="update T-12 at-risk 40%")
    assert reply.status == 200
    [request] = app.requests
    assert request["valid"] is True
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    form = _form(request)
    assert form["command"] == "/pillar"
    assert form["text"] == "update T-12 at-risk 40%"
    assert (form["user_id"], form["user_name"], form["team_id"]) == ("U1", "ana", "T0STANDIN")
    assert form["channel_id"] == slack.dm_channel("U1")
    assert form["response_url"] == reply.response_url
    assert form["trigger_id"] == reply.trigger_id
    assert reply.response_url is not None
    assert reply.response_url.startswith(slack.url)


def test_trigger_ids_from_the_driver_open_views(driver: SlackDriver, slack: SlackStandIn) -> None:
    reply = driver.slash_command(user_id="U1", text="update")
    client = WebClient(token=slack.token, base_url=slack.api_url)
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Update"}, "blocks": []}
    assert client.views_open(trigger_id=reply.trigger_id, view=modal)["ok"] is True


def test_forged_signature_and_stale_timestamp_are_refused(
    app: FakeApp, driver: SlackDriver
) -> None:
    forged = driver.slash_command(user_id="U1", text="mine", signature="v0=" + "0" * 64)
    assert forged.status == 401
    stale = driver.slash_command(user_id="U1", text="mine", timestamp=1_000_000_000)
    assert stale.status == 401
    # The stale one is correctly signed for its own timestamp: only its age is wrong.
    request = app.requests[1]
    stamp = request["headers"]["X-Slack-Request-Timestamp"]
    assert stamp == "1000000000"
    expected = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=request["body"])
    assert request["headers"]["X-Slack-Signature"] == expected


def test_someone_in_two_workspaces_types_in_the_one_named(
    app: FakeApp, driver: SlackDriver, slack: SlackStandIn
) -> None:
    slack.add_workspace(
        Workspace(team_id="T2", name="Two", token="xoxb-2", bot_user_id="U2BOT", bot_id="B2")
    )
    driver.slash_command(user_id="U1", text="mine")
    driver.slash_command(user_id="U1", text="mine", team_id="T2")
    assert [_form(r)["team_id"] for r in app.requests] == ["T0STANDIN", "T2"]
    with pytest.raises(ValueError, match="unknown workspace 'T404'"):
        driver.slash_command(user_id="U1", team_id="T404")


def test_unknown_user_is_a_clear_error(driver: SlackDriver) -> None:
    with pytest.raises(ValueError, match=r"unknown user 'U404': add it first"):
        driver.slash_command(user_id="U404")


def test_click_a_button_on_a_posted_message(
    app: FakeApp, driver: SlackDriver, slack: SlackStandIn
) -> None:
    client = WebClient(token=slack.token, base_url=slack.api_url)
    blocks = [
        {
            "type": "actions",
            "block_id": "assign",
            "elements": [
                {
                    "type": "button",
                    "action_id": "accept",
                    "value": "T-12",
                    "text": {"type": "plain_text", "text": "Accept"},
                },
            ],
        }
    ]
    posted = client.chat_postMessage(channel="U1", text="T-12 is yours", blocks=blocks)
    reply = driver.click(user_id="U1", channel_id="U1", message_ts=posted["ts"], action_id="accept")
    payload = _payload(app.requests[0])
    assert app.requests[0]["valid"] is True
    assert payload["type"] == "block_actions"
    assert payload["user"]["id"] == "U1"
    assert payload["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": posted["channel"],
        "is_ephemeral": False,
    }
    assert payload["message"]["ts"] == posted["ts"]
    assert payload["response_url"] == reply.response_url
    [action] = payload["actions"]
    assert (action["action_id"], action["block_id"], action["value"]) == (
        "accept",
        "assign",
        "T-12",
    )


def test_submit_a_modal_and_close_it(
    app: FakeApp, driver: SlackDriver, slack: SlackStandIn
) -> None:
    client = WebClient(token=slack.token, base_url=slack.api_url)
    modal = {
        "type": "modal",
        "callback_id": "update_task",
        "private_metadata": "T-12",
        "title": {"type": "plain_text", "text": "Update T-12"},
        "blocks": [
            {
                "type": "input",
                "block_id": "note",
                "label": {"type": "plain_text", "text": "Note"},
                "element": {"type": "plain_text_input", "action_id": "note_input"},
            },
        ],
    }
    view = client.views_open(trigger_id=slack.issue_trigger_id(user_id="U1"), view=modal)["view"]
    reply = driver.submit_view(user_id="U1", view_id=view["id"], values={"note_input": "done soon"})
    assert reply.status == 200
    payload = _payload(app.requests[0])
    assert payload["type"] == "view_submission"
    assert payload["view"]["callback_id"] == "update_task"
    assert payload["view"]["private_metadata"] == "T-12"
    assert payload["view"]["state"]["values"]["note"]["note_input"]["value"] == "done soon"
    assert slack.open_modals("U1") == []  # a bare ack closes the modal


def test_submit_answered_with_errors_keeps_the_modal(
    app: FakeApp, driver: SlackDriver, slack: SlackStandIn
) -> None:
    client = WebClient(token=slack.token, base_url=slack.api_url)
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Update"}, "blocks": []}
    view = client.views_open(trigger_id=slack.issue_trigger_id(user_id="U1"), view=modal)["view"]
    app.answer = json.dumps({"response_action": "errors", "errors": {"note": "Say more"}}).encode()
    reply = driver.submit_view(user_id="U1", view_id=view["id"])
    assert reply.json()["errors"] == {"note": "Say more"}
    assert [v["id"] for v in slack.open_modals("U1")] == [view["id"]]


def test_events_carry_an_envelope_and_retry_headers(app: FakeApp, driver: SlackDriver) -> None:
    first = driver.app_home_opened(user_id="U1")
    again = driver.app_home_opened(
        user_id="U1", event_id="Ev0000000001", retry_num=1, retry_reason="http_timeout"
    )
    assert first.status == again.status == 200
    original, retry = (json.loads(r["body"]) for r in app.requests)
    assert app.requests[0]["headers"]["Content-Type"] == "application/json"
    assert original["type"] == "event_callback"
    assert original["event"]["type"] == "app_home_opened"
    assert original["event"]["user"] == "U1"
    assert original["authorizations"][0]["team_id"] == "T0STANDIN"
    assert retry["event_id"] == original["event_id"] == "Ev0000000001"
    assert "X-Slack-Retry-Num" not in app.requests[0]["headers"]
    assert app.requests[1]["headers"]["X-Slack-Retry-Num"] == "1"
    assert app.requests[1]["headers"]["X-Slack-Retry-Reason"] == "http_timeout"
    assert all(r["valid"] for r in app.requests)


def test_event_ids_are_new_for_each_event(app: FakeApp, driver: SlackDriver) -> None:
    driver.event({"type": "app_mention", "user": "U1", "text": "hi", "channel": "C1"})
    driver.event({"type": "app_mention", "user": "U1", "text": "hi", "channel": "C1"})
    ids = {json.loads(r["body"])["event_id"] for r in app.requests}
    assert len(ids) == 2


def test_click_in_a_view_and_close_it(
    app: FakeApp, driver: SlackDriver, slack: SlackStandIn
) -> None:
    client = WebClient(token=slack.token, base_url=slack.api_url)
    options = [
        {"text": {"type": "plain_text", "text": s}, "value": s} for s in ("on-track", "blocked")
    ]
    modal = {
        "type": "modal",
        "notify_on_close": True,
        "title": {"type": "plain_text", "text": "Update"},
        "blocks": [
            {
                "type": "section",
                "block_id": "pick",
                "text": {"type": "mrkdwn", "text": "Status"},
                "accessory": {"type": "static_select", "action_id": "status", "options": options},
            },
        ],
    }
    view = client.views_open(trigger_id=slack.issue_trigger_id(user_id="U1"), view=modal)["view"]
    driver.click_in_view(user_id="U1", view_id=view["id"], action_id="status", value="blocked")
    payload = _payload(app.requests[0])
    assert payload["container"] == {"type": "view", "view_id": view["id"]}
    assert payload["actions"][0]["selected_option"]["value"] == "blocked"
    assert driver.close_view(user_id="U1", view_id=view["id"]).status == 200
    assert _payload(app.requests[1])["type"] == "view_closed"
    assert slack.open_modals("U1") == []
