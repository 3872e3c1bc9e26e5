import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn


def test_open_gives_one_dm_channel_per_user(client: WebClient) -> None:
    first = client.conversations_open(users="U1")["channel"]["id"]
    again = client.conversations_open(users="U1")["channel"]["id"]
    other = client.conversations_open(users="U2")["channel"]["id"]
    assert first.startswith("D")
    assert first == again
    assert other != first


def test_open_with_return_im_gives_the_full_channel(client: WebClient) -> None:
    channel = client.conversations_open(users="U1", return_im=True)["channel"]
    assert channel["is_im"] is True
    assert channel["user"] == "U1"


@pytest.mark.parametrize(("user", "error"), [("U404", "user_not_found"), ("U3", "user_disabled")])
def test_open_refuses_unknown_and_deleted_users(client: WebClient, user: str, error: str) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.conversations_open(users=user)
    assert raised.value.response["error"] == error


def test_info_of_channels_and_dms(client: WebClient) -> None:
    channel = client.conversations_info(channel="C1")["channel"]
    assert (channel["id"], channel["name"], channel["is_channel"]) == ("C1", "eng", True)
    dm = client.conversations_open(users="U1")["channel"]["id"]
    assert client.conversations_info(channel=dm)["channel"]["user"] == "U1"
    with pytest.raises(SlackApiError) as raised:
        client.conversations_info(channel="C404")
    assert raised.value.response["error"] == "channel_not_found"


def test_history_is_newest_first_and_pages(client: WebClient) -> None:
    for n in range(5):
        client.chat_postMessage(channel="C1", text=f"m{n}")
    first = client.conversations_history(channel="C1", limit=2)
    assert [m["text"] for m in first["messages"]] == ["m4", "m3"]
    assert first["has_more"] is True
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_history(channel="C1", limit=2, cursor=cursor)
    assert [m["text"] for m in second["messages"]] == ["m2", "m1"]
    last = client.conversations_history(
        channel="C1", limit=2, cursor=second["response_metadata"]["next_cursor"]
    )
    assert [m["text"] for m in last["messages"]] == ["m0"]
    assert last["has_more"] is False
    assert last["response_metadata"]["next_cursor"] == ""


def test_history_between_oldest_and_latest(client: WebClient) -> None:
    ts = [client.chat_postMessage(channel="C1", text=f"m{n}")["ts"] for n in range(4)]
    inside = client.conversations_history(channel="C1", oldest=ts[0], latest=ts[3])
    assert [m["text"] for m in inside["messages"]] == ["m2", "m1"]
    inclusive = client.conversations_history(
        channel="C1", oldest=ts[0], latest=ts[3], inclusive=True
    )
    assert [m["text"] for m in inclusive["messages"]] == ["m3", "m2", "m1", "m0"]


def test_history_shows_metadata_only_when_asked(client: WebClient) -> None:
    metadata = {
        "event_type": "pillar_outbox",
        "event_payload": {"dedupe_key": "checkin:T:U1:2026-12"},
    }
    client.chat_postMessage(channel="U1", text="time to check in", metadata=metadata)
    dm = client.conversations_open(users="U1")["channel"]["id"]
    plain = client.conversations_history(channel=dm)["messages"][0]
    assert "metadata" not in plain
    full = client.conversations_history(channel=dm, include_all_metadata=True)["messages"][0]
    assert full["metadata"] == metadata


def test_history_leaves_out_thread_replies(client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C1", text="parent")["ts"]
    client.chat_postMessage(channel="C1", text="reply", thread_ts=parent)
    texts = [m["text"] for m in client.conversations_history(channel="C1")["messages"]]
    assert texts == ["parent"]


def test_history_needs_membership(slack: SlackStandIn, client: WebClient) -> None:
    slack.add_channel(id="C2", name="sales", bot_is_member=False)
    with pytest.raises(SlackApiError) as raised:
        client.conversations_history(channel="C2")
    assert raised.value.response["error"] == "not_in_channel"


def test_history_refuses_a_cursor_it_did_not_give(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.conversations_history(channel="C1", cursor="bogus!")
    assert raised.value.response["error"] == "invalid_cursor"
