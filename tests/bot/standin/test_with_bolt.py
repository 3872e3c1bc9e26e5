"""A real Bolt app, real HTTP, real signatures: the stand-in on both sides of it."""

import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from slack_bolt import Ack, App, Respond
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.standin import SlackDriver, SlackStandIn

SECRET = "0123456789abcdef0123456789abcdef"

MODAL = {
    "type": "modal",
    "callback_id": "update_task",
    "title": {"type": "plain_text", "text": "Update"},
    "blocks": [
        {
            "type": "input",
            "block_id": "note",
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "note_input"},
        }
    ],
}


def _bolt_app(slack: SlackStandIn, submitted: list[str]) -> App:
    app = App(
        token=slack.token,
        signing_secret=SECRET,
        client=WebClient(token=slack.token, base_url=slack.api_url),
    )

    @app.command("/pillar")
    def command(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        if body["text"] == "update":
            client.views_open(trigger_id=body["trigger_id"], view=MODAL)
        else:
            respond(text=f"You said: {body['text']}")

    @app.action("accept")
    def accept(ack: Ack, respond: Respond) -> None:
        ack()
        respond(text="Accepted", replace_original=True)

    @app.view("update_task")
    def update(ack: Ack, view: dict[str, Any]) -> None:
        ack()
        submitted.append(view["state"]["values"]["note"]["note_input"]["value"])

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(
            user_id=event["user"],
            view={
                "type": "home",
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Your tasks"}}],
            },
        )

    return app


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def bolt(slack: SlackStandIn) -> Iterator[tuple[SlackDriver, list[str]]]:
    submitted: list[str] = []
    server = make_server(
        "127.0.0.1", 0, SlackRequestHandler(_bolt_app(slack, submitted)), handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    app_url = f"http://127.0.0.1:{server.server_address[1]}/slack/events"
    yield SlackDriver(app_url=app_url, signing_secret=SECRET, slack=slack), submitted
    server.shutdown()
    server.server_close()


def test_command_reply_goes_to_the_response_url(
    bolt: tuple[SlackDriver, list[str]], slack: SlackStandIn
) -> None:
    driver, _ = bolt
    reply = driver.slash_command(user_id="U1", text="mine")
    assert reply.status == 200
    posts = slack.wait_for_response_posts(reply.response_url)
    assert posts[0].body["text"] == "You said: mine"
    assert [m["text"] for m in slack.ephemerals_to("U1")] == ["You said: mine"]


def test_forged_request_never_reaches_the_app(
    bolt: tuple[SlackDriver, list[str]], slack: SlackStandIn
) -> None:
    driver, _ = bolt
    reply = driver.slash_command(user_id="U1", text="mine", signature="v0=" + "f" * 64)
    assert reply.status == 401
    assert slack.response_posts() == []


def test_modal_opens_and_submits(bolt: tuple[SlackDriver, list[str]], slack: SlackStandIn) -> None:
    driver, submitted = bolt
    driver.slash_command(user_id="U1", text="update")
    [call] = slack.wait_for_calls("views.open")
    assert call.ok, call.response
    [modal] = slack.open_modals("U1")
    assert (
        driver.submit_view(user_id="U1", view_id=modal["id"], values={"note_input": "ok"}).status
        == 200
    )
    assert submitted == ["ok"]
    assert slack.open_modals("U1") == []


def test_button_replaces_the_original(
    bolt: tuple[SlackDriver, list[str]], slack: SlackStandIn
) -> None:
    driver, _ = bolt
    client = WebClient(token=slack.token, base_url=slack.api_url)
    button = {
        "type": "button",
        "action_id": "accept",
        "value": "T-12",
        "text": {"type": "plain_text", "text": "Accept"},
    }
    posted = client.chat_postMessage(
        channel="U1", text="T-12?", blocks=[{"type": "actions", "elements": [button]}]
    )
    reply = driver.click(user_id="U1", channel_id="U1", message_ts=posted["ts"], action_id="accept")
    assert reply.status == 200
    slack.wait_for_response_posts(reply.response_url)
    assert [m["text"] for m in slack.messages_to("U1")] == ["Accepted"]


def test_app_home_is_published(bolt: tuple[SlackDriver, list[str]], slack: SlackStandIn) -> None:
    driver, _ = bolt
    assert driver.app_home_opened(user_id="U1").status == 200
    [call] = slack.wait_for_calls("views.publish")
    assert call.ok
    home = slack.home_view("U1")
    assert home is not None
    assert home["blocks"][0]["text"]["text"] == "Your tasks"
