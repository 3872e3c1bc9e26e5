import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import ButtonElement, SectionBlock

from bot.views.message import Message, context, header, message, section


def test_message_to_dict_refuses_more_than_50_blocks() -> None:
    too_many = Message(text="x", blocks=[section(f"{n}") for n in range(51)])
    with pytest.raises(ValueError, match="at most 50 blocks, got 51"):
        too_many.to_dict()


def test_message_to_dict_lets_slack_sdk_validate_blocks() -> None:
    bad = Message(text="x", blocks=[SectionBlock(text="y" * 3001)])
    with pytest.raises(SlackObjectFormationError):
        bad.to_dict()
    button = ButtonElement(text="b" * 76, action_id="a")
    with pytest.raises(SlackObjectFormationError):
        Message(text="x", blocks=[section("ok", accessory=button)]).to_dict()


def test_builders_shorten_to_slacks_limits() -> None:
    assert len(section("s" * 5000).to_dict()["text"]["text"]) == 3000
    assert len(context("c" * 5000).to_dict()["elements"][0]["text"]) == 3000
    assert len(header("h" * 500).to_dict()["text"]["text"]) == 150
    assert len(message(text="t" * 5000, blocks=[]).text) == 3000
