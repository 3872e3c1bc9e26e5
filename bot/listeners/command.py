"""The `/pillar` slash command: ack within Slack's deadline, then answer or open a form."""

import logging
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app.handoff import Listen, OnceAck
from bot.app.metrics import COMMAND_SECONDS, COMMANDS, command_name
from bot.app.reply import CommandReply
from bot.app.services import Services
from bot.handlers.dispatch import CommandRequest, run_command
from bot.handlers.replies import OpenModal
from bot.views.message import Message

log = logging.getLogger(__name__)
FORM_FAILED = "Sorry, Slack would not open the form just now. Please try the command again."


def register(listen: Listen, *, services: Services) -> None:
    @listen.command("/pillar")
    def _pillar(ack: OnceAck, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        answer(ack=ack, respond=respond, client=client, services=services, body=body)


def answer(
    *, ack: OnceAck, respond: Respond, client: WebClient, services: Services, body: dict[str, Any]
) -> None:
    request = CommandRequest.from_body(body)
    name = command_name(request.text)
    reply = CommandReply(ack=ack, respond=respond)
    with COMMAND_SECONDS.labels(name).time():
        result = run_command(services=services, client=client, request=request)
        outcome = "modal" if isinstance(result, OpenModal) else "answered"
        COMMANDS.labels(name, outcome).inc()
        log.info("/pillar %s from %s: %s", name, request.user_id, outcome)
        if isinstance(result, Message):
            rendered = result.to_dict()
            reply.send(text=rendered["text"], blocks=rendered["blocks"] or None)
        elif isinstance(result, OpenModal):
            reply.ack_now()
            _open(
                client=client,
                trigger_id=str(body.get("trigger_id", "")),
                modal=result,
                respond=respond,
            )


def _open(*, client: WebClient, trigger_id: str, modal: OpenModal, respond: Respond) -> None:
    try:
        client.views_open(trigger_id=trigger_id, view=modal.view)
    except SlackApiError as error:
        log.warning("views.open failed: %s", error.response.get("error"))
        respond(text=FORM_FAILED, response_type="ephemeral", replace_original=False)
