"""Form submissions: errors go back onto the form's fields; success closes it."""

import html
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app.handoff import Listen, OnceAck
from bot.app.services import Services
from bot.handlers import buttons, lookups
from bot.handlers.buttons import Confirmed
from bot.handlers.context import HandlerContext
from bot.handlers.replies import OpenModal
from bot.listeners.interactions import run_for
from bot.views import actions as ids
from bot.views.assignment import DECLINE_REASON_BLOCK, parse_decline_submission
from bot.views.confirmations import render_progress_recorded
from bot.views.message import Message
from bot.views.metadata import read_modal_context
from bot.views.models import UpdateSubmission
from bot.views.replace import replace_assignment_actions
from bot.views.update_form import TASK_BLOCK, parse_update_submission

log = logging.getLogger(__name__)
FIELD_ERROR_LIMIT = 150


@dataclass(frozen=True)
class Saved:
    """The form's change was saved; ``note`` confirms it to the person."""

    note: Message


def _field_error(note: Message) -> str:
    """A refusal as the plain text Slack shows under a field."""
    text = html.unescape(note.text).replace(":no_entry_sign: ", "")
    return text if len(text) <= FIELD_ERROR_LIMIT else text[: FIELD_ERROR_LIMIT - 1] + "…"


def _post_privately(
    client: WebClient, *, user_id: str, channel_id: str | None, note: Message
) -> None:
    rendered = note.to_dict()
    try:
        if channel_id:
            client.chat_postEphemeral(channel=channel_id, user=user_id, **rendered)
            return
    except SlackApiError as error:
        log.info("ephemeral confirmation failed (%s); sending a DM", error.response.get("error"))
    client.chat_postMessage(channel=user_id, **rendered)


def register(listen: Listen, *, services: Services) -> None:
    @listen.view(ids.UPDATE_TASK_CALLBACK)
    def _update(
        ack: OnceAck, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        parsed = parse_update_submission(view["state"]["values"])
        if not isinstance(parsed, UpdateSubmission):
            ack(response_action="errors", errors=parsed)
            return
        submission = parsed

        def work(context: HandlerContext) -> Saved:
            update = buttons.submit_update(context, submission)
            task_row = buttons.task_by_id(context, update.task_id)
            task = lookups.line_after(context.session, task_row, update=update)
            note = render_progress_recorded(task=task, today=context.today, spent=update.spent)
            return Saved(note=note)

        outcome = run_for(services, client, body, work)
        if not isinstance(outcome, Saved):
            ack(response_action="errors", errors={TASK_BLOCK: _field_error(outcome)})
            return
        ack()
        where = read_modal_context(view.get("private_metadata"))
        _post_privately(
            client, user_id=body["user"]["id"], channel_id=where.channel_id, note=outcome.note
        )

    @listen.view(ids.DECLINE_TASK_CALLBACK)
    def _decline(
        ack: OnceAck, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        reason = parse_decline_submission(view["state"]["values"])
        if isinstance(reason, dict):
            ack(response_action="errors", errors=reason)
            return
        where = read_modal_context(view.get("private_metadata"))
        outcome = run_for(
            services, client, body, lambda c: buttons.submit_decline(c, where, reason)
        )
        if not isinstance(outcome, Confirmed):
            ack(response_action="errors", errors={DECLINE_REASON_BLOCK: _field_error(outcome)})
            return
        ack()
        _replace_assignment(client, where.channel_id, where.message_ts, outcome)

    @listen.action(ids.UPDATE_FORM_TASK_PICKED)
    def _picked(ack: OnceAck, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body.get("view") or {}
        picked = ((body.get("actions") or [{}])[0].get("selected_option") or {}).get("value")
        where = read_modal_context(view.get("private_metadata"))
        task_id = int(picked) if picked and str(picked).isdigit() else None
        outcome = run_for(
            services,
            client,
            body,
            lambda c: buttons.update_form(c, task_id, channel_id=where.channel_id),
        )
        if isinstance(outcome, OpenModal):
            client.views_update(view_id=view["id"], hash=view.get("hash"), view=outcome.view)


def _replace_assignment(
    client: WebClient, channel_id: str | None, message_ts: str | None, outcome: Confirmed
) -> None:
    if not channel_id or not message_ts:
        return
    try:
        found = client.conversations_history(
            channel=channel_id, latest=message_ts, inclusive=True, limit=1
        )
        messages = found.get("messages") or []
        if not messages:
            return
        blocks = replace_assignment_actions(
            messages[0].get("blocks") or [], task_id=outcome.task_id, confirmation_text=outcome.text
        )
        client.chat_update(channel=channel_id, ts=message_ts, text=outcome.text, blocks=blocks)
    except SlackApiError as error:
        log.info("could not update the assignment message: %s", error.response.get("error"))
