import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin.blocks import block_problems, check_message, view_problems
from bot.standin.errors import SlackError


def _section(text: str = "x") -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_fifty_blocks_pass_fifty_one_do_not() -> None:
    assert block_problems([_section()] * 50, limit=50, pointer="/blocks") == []
    assert block_problems([_section()] * 51, limit=50, pointer="/blocks") == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]


def test_block_problems_point_at_the_bad_block() -> None:
    problems = block_problems(
        [_section(), {"text": "no type"}, _section("y" * 3001)], limit=50, pointer="/blocks"
    )
    assert problems == [
        "[ERROR] missing required field: type [json-pointer:/blocks/1]",
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/2/text/text]",
    ]


def test_message_text_limit() -> None:
    check_message(text="x" * 40_000, blocks=None)
    with pytest.raises(SlackError) as raised:
        check_message(text="x" * 40_001, blocks=None)
    assert raised.value.error == "msg_too_long"


def test_view_problems() -> None:
    good = {"type": "modal", "title": {"type": "plain_text", "text": "Update"}, "blocks": []}
    assert view_problems(good) == []
    assert view_problems({**good, "blocks": [_section()] * 101}) == [
        "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"
    ]
    assert view_problems({"type": "modal", "blocks": []}) == [
        "[ERROR] missing required field: title [json-pointer:/view]"
    ]
    title_too_long = {**good, "title": {"type": "plain_text", "text": "t" * 25}}
    assert view_problems(title_too_long) == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]


def test_server_answers_invalid_blocks(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x", blocks=[_section()] * 51)
    assert raised.value.response["error"] == "invalid_blocks"
    assert raised.value.response["response_metadata"]["messages"] == [
        "[ERROR] no more than 50 items allowed [json-pointer:/blocks]"
    ]


def test_server_answers_msg_too_long(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="x" * 40_001)
    assert raised.value.response["error"] == "msg_too_long"
