"""Buttons and forms: ack at once, do the work as the person, answer in place."""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app.handoff import Listen, OnceAck
from bot.app.services import Services
from bot.handlers import buttons
from bot.handlers.buttons import Confirmed
from bot.handlers.context import HandlerContext
from bot.handlers.dispatch import run_as
from bot.handlers.replies import OpenModal
from bot.views import actions as ids
from bot.views.actions import ActionValue, decode_value
from bot.views.message import Message
from bot.views.replace import replace_assignment_actions, replace_task_actions

log = logging.getLogger(__name__)
Work = Callable[[HandlerContext], Any]


def _value(body: dict[str, Any]) -> ActionValue:
    action = (body.get("actions") or [{}])[0]
    return decode_value(action.get("value")) or ActionValue(task_id=None)


def run_for(services: Services, client: WebClient, body: dict[str, Any], work: Work) -> Any:
    user = body.get("user") or {}
    channel = (body.get("channel") or {}).get("id") or ""
    return run_as(
        services=services,
        client=client,
        workspace_id=str(user.get("team_id") or (body.get("team") or {}).get("id") or ""),
        user_id=str(user.get("id", "")),
        channel_id=str(channel),
        work=work,
    )


def tell(respond: Respond, note: Message) -> None:
    """An ephemeral answer beside the message the person acted on."""
    rendered = note.to_dict()
    respond(response_type="ephemeral", replace_original=False, **rendered)


def open_modal(client: WebClient, trigger_id: str, modal: OpenModal, respond: Respond) -> None:
    try:
        client.views_open(trigger_id=trigger_id, view=modal.view)
    except SlackApiError as error:
        log.warning("views.open failed: %s", error.response.get("error"))
        respond(
            text="Slack would not open the form just now; please try again.",
            response_type="ephemeral",
            replace_original=False,
        )


def confirm_in_place(
    body: dict[str, Any], respond: Respond, outcome: Confirmed, *, assignment: bool = False
) -> None:
    blocks = (body.get("message") or {}).get("blocks") or []
    replace = replace_assignment_actions if assignment else replace_task_actions
    new_blocks = replace(blocks, task_id=outcome.task_id, confirmation_text=outcome.text)
    text = (body.get("message") or {}).get("text") or "Updated"
    respond(replace_original=True, text=text, blocks=new_blocks)


def register(listen: Listen, *, services: Services) -> None:
    def answer(respond: Respond, body: dict[str, Any], outcome: Any, **options: Any) -> None:
        if isinstance(outcome, Confirmed):
            confirm_in_place(body, respond, outcome, **options)
        elif isinstance(outcome, Message):
            tell(respond, outcome)

    @listen.action(ids.QUICK_STATUS_PATTERN)
    def _quick(ack: OnceAck, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        value = _value(body)
        outcome = run_for(services, client, body, lambda c: buttons.quick_status(c, value))
        answer(respond, body, outcome)

    @listen.action(ids.ACCEPT_TASK)
    def _accept(ack: OnceAck, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        value = _value(body)
        outcome = run_for(services, client, body, lambda c: buttons.accept(c, value))
        answer(respond, body, outcome, assignment=True)

    def modal_action(work: Callable[[HandlerContext, dict[str, Any]], OpenModal]) -> Any:
        def listener(
            ack: OnceAck, body: dict[str, Any], respond: Respond, client: WebClient
        ) -> None:
            ack()
            outcome = run_for(services, client, body, lambda c: work(c, body))
            if isinstance(outcome, OpenModal):
                open_modal(client, str(body.get("trigger_id", "")), outcome, respond)
            elif isinstance(outcome, Message):
                tell(respond, outcome)

        return listener

    def _update_form(context: HandlerContext, body: dict[str, Any]) -> OpenModal:
        channel = (body.get("channel") or {}).get("id")
        return buttons.update_form(context, _value(body).task_id, channel_id=channel)

    def _decline_form(context: HandlerContext, body: dict[str, Any]) -> OpenModal:
        channel = (body.get("channel") or {}).get("id")
        message_ts = (body.get("message") or {}).get("ts")
        return buttons.decline_form(
            context, _value(body), channel_id=channel, message_ts=message_ts
        )

    def _details(context: HandlerContext, body: dict[str, Any]) -> OpenModal:
        return buttons.task_details(context, _value(body))

    listen.action(ids.OPEN_UPDATE_FORM)(modal_action(_update_form))
    listen.action(ids.DECLINE_TASK)(modal_action(_decline_form))
    listen.action(ids.VIEW_TASK)(modal_action(_details))

    @listen.action(ids.MESSAGE_OWNER)
    def _message_owner(ack: OnceAck, body: dict[str, Any], respond: Respond) -> None:
        ack()
        owner = _value(body).slack_id
        text = (
            f"Open a direct message with <@{owner}> from their name."
            if owner
            else ("This task has no owner on Slack yet: assign one with `/pillar assign`.")
        )
        respond(text=text, response_type="ephemeral", replace_original=False)
