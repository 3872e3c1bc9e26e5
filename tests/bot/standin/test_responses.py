import json
import threading
import urllib.error
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.standin import SlackStandIn


def _post_raw(url: str, body: bytes) -> tuple[int, Any]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_default_reply_is_ephemeral_and_recorded(slack: SlackStandIn) -> None:
    url = slack.new_response_url(channel_id="C1", user_id="U1")
    assert url.startswith(slack.url + "/response/")
    assert WebhookClient(url).send(text="Updated T-12").status_code == 200
    [post] = slack.response_posts(url)
    assert (post.channel_id, post.user_id, post.body["text"]) == ("C1", "U1", "Updated T-12")
    assert not post.in_channel
    assert [m["text"] for m in slack.ephemerals_to("U1", channel_id="C1")] == ["Updated T-12"]
    assert slack.messages_to("C1") == []


def test_in_channel_reply_is_posted_to_the_channel(slack: SlackStandIn) -> None:
    url = slack.new_response_url(channel_id="C1", user_id="U1")
    WebhookClient(url).send(text="for all", response_type="in_channel")
    assert [m["text"] for m in slack.messages_to("C1")] == ["for all"]


def test_replace_and_delete_original(slack: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="U1", text="Accept T-12?")["ts"]
    dm = slack.dm_channel("U1")
    url = slack.new_response_url(channel_id=dm, user_id="U1", message_ts=ts)
    hook = WebhookClient(url)
    assert hook.send(text="Accepted", replace_original=True).status_code == 200
    assert [m["text"] for m in slack.messages_to("U1")] == ["Accepted"]
    assert slack.response_posts(url)[0].replace_original
    assert hook.send(delete_original=True).status_code == 200
    assert slack.messages_to("U1") == []


def test_replace_an_ephemeral_original(slack: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postEphemeral(channel="C1", user="U1", text="Pick one")["message_ts"]
    url = slack.new_response_url(channel_id="C1", user_id="U1", message_ts=ts)
    WebhookClient(url).send(text="Picked", replace_original=True)
    assert [m["text"] for m in slack.ephemerals_to("U1")] == ["Picked"]


def test_unknown_url_used_up_url_and_bad_body(slack: SlackStandIn) -> None:
    assert _post_raw(slack.url + "/response/R404", b"{}") == (
        404,
        {"ok": False, "error": "no_service"},
    )
    url = slack.new_response_url(channel_id="C1", user_id="U1")
    assert _post_raw(url, b"not json")[0] == 400
    for n in range(5):
        assert _post_raw(url, json.dumps({"text": str(n)}).encode())[0] == 200
    assert _post_raw(url, b'{"text": "sixth"}') == (404, {"ok": False, "error": "used_url"})
    assert len(slack.response_posts(url)) == 5


def test_wait_for_response_posts(slack: SlackStandIn) -> None:
    url = slack.new_response_url(channel_id="C1", user_id="U1")
    timer = threading.Timer(0.1, lambda: WebhookClient(url).send(text="later"))
    timer.start()
    [post] = slack.wait_for_response_posts(url, timeout=5)
    assert post.body["text"] == "later"
    with pytest.raises(TimeoutError, match=r"expected 2 post\(s\)"):
        slack.wait_for_response_posts(url, count=2, timeout=0.1)


def test_wait_for_messages(slack: SlackStandIn, client: WebClient) -> None:
    timer = threading.Timer(0.1, lambda: client.chat_postMessage(channel="U1", text="hi"))
    timer.start()
    assert [m["text"] for m in slack.wait_for_messages("U1", timeout=5)] == ["hi"]
    with pytest.raises(TimeoutError, match=r"expected 2 message\(s\) in U1"):
        slack.wait_for_messages("U1", count=2, timeout=0.1)
