"""What a handler asks the listener to do for the person who typed the command."""

from dataclasses import dataclass

from slack_sdk.models.views import View

from bot.views.message import Message, message, section
from bot.views.text import escape


@dataclass(frozen=True)
class OpenModal:
    """Open a form; ``trigger_id`` comes from the request, so it is not part of the reply."""

    view: View


Reply = Message | OpenModal


def say(text: str) -> Message:
    """A short ephemeral answer; ``text`` is mrkdwn that the handler has already escaped."""
    return message(text=text, blocks=[section(text)])


def refusal(problem: str) -> Message:
    """A refusal or input error, shown only to the person."""
    text = f":no_entry_sign: {escape(problem)}"
    return message(text=text, blocks=[section(text)])
