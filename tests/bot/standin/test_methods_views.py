from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn


def _modal(title: str = "Update", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "update_task",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": title}}],
        **extra,
    }


def _error(call: Any) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


def test_open_with_a_trigger_id_the_stand_in_issued(slack: SlackStandIn, client: WebClient) -> None:
    trigger = slack.issue_trigger_id(user_id="U1")
    view = client.views_open(trigger_id=trigger, view=_modal(private_metadata="T-12"))["view"]
    assert view["id"].startswith("V")
    assert view["callback_id"] == "update_task"
    assert view["private_metadata"] == "T-12"
    assert view["hash"]
    assert view["state"] == {"values": {}}
    assert [v["id"] for v in slack.open_modals("U1")] == [view["id"]]


def test_trigger_ids_are_single_use_and_must_be_known(
    slack: SlackStandIn, client: WebClient
) -> None:
    trigger = slack.issue_trigger_id(user_id="U1")
    client.views_open(trigger_id=trigger, view=_modal())
    assert _error(lambda: client.views_open(trigger_id=trigger, view=_modal())) == (
        "exchanged_trigger_id"
    )
    assert _error(lambda: client.views_open(trigger_id="1.2.made-up", view=_modal())) == (
        "invalid_trigger_id"
    )


def test_trigger_ids_expire() -> None:
    now = [1_000.0]
    with SlackStandIn(clock=lambda: now[0], trigger_ttl=3.0) as slack:
        slack.add_user(id="U1", name="ana")
        client = WebClient(token=slack.token, base_url=slack.api_url)
        trigger = slack.issue_trigger_id(user_id="U1")
        now[0] += 3.5
        assert _error(lambda: client.views_open(trigger_id=trigger, view=_modal())) == (
            "expired_trigger_id"
        )


def test_open_checks_the_view(slack: SlackStandIn, client: WebClient) -> None:
    trigger = slack.issue_trigger_id(user_id="U1")
    too_long = _modal(title="A title that is far too long for Slack")
    with pytest.raises(SlackApiError) as raised:
        client.views_open(trigger_id=trigger, view=too_long)
    assert raised.value.response["error"] == "invalid_arguments"
    assert (
        "json-pointer:/view/title/text" in raised.value.response["response_metadata"]["messages"][0]
    )


def test_update_by_id_with_hash(slack: SlackStandIn, client: WebClient) -> None:
    view = client.views_open(trigger_id=slack.issue_trigger_id(user_id="U1"), view=_modal())["view"]
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=_modal("Saved"))
    assert updated["view"]["id"] == view["id"]
    assert updated["view"]["title"]["text"] == "Saved"
    assert updated["view"]["hash"] != view["hash"]
    stale = lambda: client.views_update(view_id=view["id"], hash=view["hash"], view=_modal())  # noqa: E731
    assert _error(stale) == "hash_conflict"
    assert _error(lambda: client.views_update(view_id="V404", view=_modal())) == "not_found"


def test_update_by_external_id(slack: SlackStandIn, client: WebClient) -> None:
    trigger = slack.issue_trigger_id(user_id="U1")
    client.views_open(trigger_id=trigger, view=_modal(external_id="update-T-12"))
    updated = client.views_update(external_id="update-T-12", view=_modal("Again"))
    assert updated["view"]["title"]["text"] == "Again"


def test_push_stacks_up_to_three(slack: SlackStandIn, client: WebClient) -> None:
    def push() -> dict[str, Any]:
        trigger = slack.issue_trigger_id(user_id="U1")
        return dict(client.views_push(trigger_id=trigger, view=_modal())["view"])

    assert _error(push) == "not_found"  # nothing open yet
    root = client.views_open(trigger_id=slack.issue_trigger_id(user_id="U1"), view=_modal())
    second = push()
    assert second["previous_view_id"] == root["view"]["id"]
    assert second["root_view_id"] == root["view"]["id"]
    push()
    assert _error(push) == "push_limit_reached"
    assert len(slack.open_modals("U1")) == 3


def test_publish_home_keeps_one_view_per_user(slack: SlackStandIn, client: WebClient) -> None:
    def home(text: str) -> dict[str, Any]:
        return {
            "type": "home",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
        }

    first = client.views_publish(user_id="U1", view=home("a"))["view"]
    second = client.views_publish(user_id="U1", view=home("b"))["view"]
    assert first["id"] == second["id"]
    published = slack.home_view("U1")
    assert published is not None
    assert published["blocks"][0]["text"]["text"] == "b"
    assert slack.home_view("U2") is None
    assert _error(lambda: client.views_publish(user_id="U1", view=_modal())) == "invalid_arguments"
    assert _error(lambda: client.views_publish(user_id="U404", view=home("c"))) == "user_not_found"
