import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn


def test_post_message_answers_like_slack(client: WebClient) -> None:
    metadata = {"event_type": "digest", "event_payload": {"period": "2026-12"}}
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Digest*"}}]
    answer = client.chat_postMessage(channel="C1", text="Digest", blocks=blocks, metadata=metadata)
    assert answer["channel"] == "C1"
    message = answer["message"]
    assert message["ts"] == answer["ts"]
    assert message["text"] == "Digest"
    assert message["bot_id"] == "B0BOT"
    assert message["metadata"] == metadata
    assert message["blocks"][0]["text"]["text"] == "*Digest*"
    assert message["blocks"][0]["block_id"]  # Slack gives every block an id


def test_post_message_to_a_user_goes_to_their_dm(slack: SlackStandIn, client: WebClient) -> None:
    answer = client.chat_postMessage(channel="U1", text="hello")
    assert answer["channel"] == slack.dm_channel("U1")
    assert [m["text"] for m in slack.messages_to("U1")] == ["hello"]
    assert slack.messages_to(answer["channel"]) == slack.messages_to("U1")


def test_post_message_by_channel_name(slack: SlackStandIn, client: WebClient) -> None:
    assert client.chat_postMessage(channel="#eng", text="hi")["channel"] == "C1"
    assert [m["text"] for m in slack.messages_to("#eng")] == ["hi"]


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        ("C404", "channel_not_found"),
        ("C2", "not_in_channel"),
        ("C3", "is_archived"),
        ("U3", "user_disabled"),
    ],
)
def test_post_message_permanent_failures(
    slack: SlackStandIn, client: WebClient, channel: str, error: str
) -> None:
    slack.add_channel(id="C2", name="sales", bot_is_member=False)
    slack.add_channel(id="C3", name="old", is_archived=True)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel=channel, text="x")
    assert raised.value.response["error"] == error


def test_loose_channels_are_created_on_first_use() -> None:
    with SlackStandIn(strict_channels=False) as slack:
        client = WebClient(token=slack.token, base_url=slack.api_url)
        assert client.chat_postMessage(channel="C777", text="hi")["channel"] == "C777"
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="nonsense", text="hi")


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_needs_text_or_blocks(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1")
    assert raised.value.response["error"] == "no_text"


def test_post_message_refuses_malformed_metadata(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x", metadata={"event_payload": {}})
    assert raised.value.response["error"] == "invalid_metadata_format"


def test_post_ephemeral(slack: SlackStandIn, client: WebClient) -> None:
    answer = client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert answer["message_ts"]
    shown = slack.ephemerals_to("U1")
    assert [(m["channel"], m["text"]) for m in shown] == [("C1", "only you")]
    assert slack.ephemerals_to("U2") == []
    assert slack.messages_to("C1") == []
    with pytest.raises(SlackApiError) as raised:
        client.chat_postEphemeral(channel="C1", user="U404", text="x")
    assert raised.value.response["error"] == "user_not_found"


def test_update_replaces_text_and_blocks(slack: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="before")["ts"]
    blocks = [{"type": "section", "text": {"type": "plain_text", "text": "after"}}]
    answer = client.chat_update(channel="C1", ts=ts, text="after", blocks=blocks)
    assert (answer["channel"], answer["ts"], answer["text"]) == ("C1", ts, "after")
    [message] = slack.messages_to("C1")
    assert message["text"] == "after"
    assert message["blocks"][0]["text"]["text"] == "after"
    assert "edited" in message


def test_update_and_delete_of_a_missing_message(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as update:
        client.chat_update(channel="C1", ts="1.000001", text="x")
    with pytest.raises(SlackApiError) as delete:
        client.chat_delete(channel="C1", ts="1.000001")
    assert update.value.response["error"] == "message_not_found"
    assert delete.value.response["error"] == "message_not_found"


def test_delete_removes_the_message(slack: SlackStandIn, client: WebClient) -> None:
    keep = client.chat_postMessage(channel="C1", text="keep")["ts"]
    drop = client.chat_postMessage(channel="C1", text="drop")["ts"]
    assert client.chat_delete(channel="C1", ts=drop)["ts"] == drop
    assert [m["ts"] for m in slack.messages_to("C1")] == [keep]
