"""The delivery's Web API calls against the Slack stand-in."""

from datetime import timedelta
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient

from bot.cli.manifest import PLACEHOLDER, manifest_for
from bot.delivery import delivery_client, single_workspace
from bot.delivery.slack import (
    EVENT_TYPE,
    REQUIRED_SCOPES,
    find_earlier_post,
    is_user_id,
    open_dm,
)
from bot.standin import SlackStandIn


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return delivery_client(token=slack.token, base_url=slack.api_url)


def _post(client: WebClient, channel: str, key: str | None, **more: Any) -> str:
    metadata = (
        {"event_type": more.pop("event_type", EVENT_TYPE), "event_payload": {"dedupe_key": key}}
        if key is not None
        else None
    )
    return str(client.chat_postMessage(channel=channel, text="x", metadata=metadata)["ts"])


def test_finds_the_message_carrying_the_key_among_others(client: WebClient, clock: Any) -> None:
    start = clock.now() - timedelta(seconds=1)
    _post(client, "C1", "other")
    wanted = _post(client, "C1", "wanted")
    _post(client, "C1", None)
    _post(client, "C1", "wanted", event_type="someone_else")

    found = find_earlier_post(
        client, conversation="C1", dedupe_key="wanted", oldest=start, page_size=100, max_pages=1
    )

    assert found is not None
    assert (found.ts, found.channel) == (wanted, "C1")
    assert (
        find_earlier_post(
            client, conversation="C1", dedupe_key="absent", oldest=start, page_size=100, max_pages=1
        )
        is None
    )


def test_pages_through_history_up_to_the_page_limit(
    client: WebClient, clock: Any, slack: SlackStandIn
) -> None:
    start = clock.now() - timedelta(seconds=1)
    wanted = _post(client, "C2", "old-one")
    for number in range(6):
        _post(client, "C2", f"newer-{number}")

    arguments: dict[str, Any] = {
        "conversation": "C2",
        "dedupe_key": "old-one",
        "oldest": start,
        "page_size": 2,
    }
    assert find_earlier_post(client, max_pages=3, **arguments) is None
    found = find_earlier_post(client, max_pages=4, **arguments)
    assert found is not None
    assert found.ts == wanted
    histories = slack.calls("conversations.history")
    assert all(call.params.get("include_all_metadata") in ("true", "1", True) for call in histories)


def test_messages_before_oldest_are_not_looked_at(client: WebClient, clock: Any) -> None:
    _post(client, "C1", "before")
    clock.advance(60)
    found = find_earlier_post(
        client,
        conversation="C1",
        dedupe_key="before",
        oldest=clock.now() - timedelta(seconds=1),
        page_size=100,
        max_pages=1,
    )
    assert found is None


def test_open_dm_gives_the_dm_id(client: WebClient, slack: SlackStandIn) -> None:
    assert open_dm(client, "U1") == slack.dm_channel("U1")


def test_user_ids_are_told_from_conversation_ids() -> None:
    assert is_user_id("U012AB3CD")
    assert is_user_id("W012AB3CD")
    assert not any(is_user_id(target) for target in ("C012AB3CD", "G01", "D024BE91L"))


def test_a_client_that_retries_on_its_own_is_refused(slack: SlackStandIn) -> None:
    with pytest.raises(ValueError, match=r"must not retry on its own.*delivery_client\(\)"):
        single_workspace(WebClient(token=slack.token, base_url=slack.api_url))
    factory = single_workspace(delivery_client(token=slack.token, base_url=slack.api_url))
    assert factory("T1") is factory("T2")


def test_the_app_manifest_grants_the_scopes_delivery_needs() -> None:
    manifest = yaml.safe_load(manifest_for(PLACEHOLDER))
    assert REQUIRED_SCOPES <= set(manifest["oauth_config"]["scopes"]["bot"])
