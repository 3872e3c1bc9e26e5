"""Run one `/pillar` command: parse, resolve the actor, call its handler, in one transaction.

Never raises: a person's mistake becomes an ephemeral message saying what is right; an
unexpected error is logged with an id the person is shown, and nothing is written.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.app.errors import apology, new_error_id
from bot.app.services import Services
from bot.commands import Command, UsageError, parse
from bot.handlers.context import HandlerContext
from bot.handlers.registry import handler_for
from bot.handlers.replies import Reply, refusal, say
from bot.people.actor import resolve_actor
from bot.people.roles import Refused
from storage.db import session_scope
from storage.errors import DomainError

log = logging.getLogger(__name__)


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


def run_command(*, services: Services, client: WebClient, request: CommandRequest) -> Reply:
    try:
        return _run(services=services, client=client, request=request)
    except Refused as refused:  # our own mrkdwn, mentions included
        return say(f":no_entry_sign: {refused}")
    except DomainError as error:  # may quote what the person typed
        return refusal(error.message)
    except Exception:
        error_id = new_error_id()
        log.exception("command failed with error %s", error_id)
        return say(apology(error_id))


def _run(*, services: Services, client: WebClient, request: CommandRequest) -> Reply:
    with session_scope(services.engine) as session:
        now = services.clock.now()
        actor, person = resolve_actor(
            session=session,
            client=client,
            services=services,
            workspace_id=request.workspace_id,
            user_id=request.user_id,
        )
        context = HandlerContext(
            services=services,
            session=session,
            client=client,
            actor=actor,
            person=person,
            channel_id=request.channel_id,
            now=now,
        )
        parsed = parse(request.text, today=context.today)
        if isinstance(parsed, UsageError):
            return say(parsed.message)
        handler: Callable[[Command, HandlerContext], Reply] = handler_for(parsed)
        return handler(parsed, context)
