"""Run one request as a person: resolve them, do the work in one transaction, answer.

Never raises: a person's mistake becomes an ephemeral message saying what is right; an
unexpected error is logged with an id the person is shown, and nothing is written.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_sdk import WebClient

from bot.app.errors import apology, new_error_id
from bot.app.services import Services
from bot.commands import UsageError, parse
from bot.handlers.context import HandlerContext
from bot.handlers.registry import handler_for
from bot.handlers.replies import Reply, refusal, say
from bot.people.actor import resolve_actor
from bot.people.roles import Refused
from bot.views.message import Message
from storage.crud import refusal_ends_transaction
from storage.db import session_scope
from storage.errors import DomainError

log = logging.getLogger(__name__)
Result = TypeVar("Result")


@dataclass(frozen=True)
class CommandRequest:
    workspace_id: str
    user_id: str
    channel_id: str
    text: str

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> "CommandRequest":
        return cls(
            workspace_id=str(body.get("team_id", "")),
            user_id=str(body.get("user_id", "")),
            channel_id=str(body.get("channel_id", "")),
            text=str(body.get("text", "")),
        )


def run_as(
    *,
    services: Services,
    client: WebClient,
    workspace_id: str,
    user_id: str,
    channel_id: str,
    work: Callable[[HandlerContext], Result],
) -> Result | Message:
    """``work`` as this person, committed on success; a refusal or failure as a message."""
    try:
        with session_scope(services.engine) as session:
            # A refusal below ends the request and rolls its transaction back.
            refusal_ends_transaction(session)
            actor, person = resolve_actor(
                session=session,
                client=client,
                services=services,
                workspace_id=workspace_id,
                user_id=user_id,
            )
            context = HandlerContext(
                services=services,
                session=session,
                client=client,
                actor=actor,
                person=person,
                channel_id=channel_id,
                now=services.clock.now(),
            )
            return work(context)
    except Refused as refused:  # our own mrkdwn, mentions included
        return say(f":no_entry_sign: {refused}")
    except DomainError as error:  # may quote what the person typed
        return refusal(error.message)
    except Exception:
        error_id = new_error_id()
        log.exception("request failed with error %s", error_id)
        return say(apology(error_id))


def _handle_text(text: str) -> Callable[[HandlerContext], Reply]:
    def work(context: HandlerContext) -> Reply:
        parsed = parse(text, today=context.today)
        if isinstance(parsed, UsageError):
            return say(parsed.message)
        return handler_for(parsed)(parsed, context)

    return work


def run_command(*, services: Services, client: WebClient, request: CommandRequest) -> Reply:
    return run_as(
        services=services,
        client=client,
        workspace_id=request.workspace_id,
        user_id=request.user_id,
        channel_id=request.channel_id,
        work=_handle_text(request.text),
    )
