"""Every request's log lines carry its workspace and a request id.

Bolt's middleware cannot wrap the listener (``next()`` only lets the request go on), so
this sets the context for the rest of the request: the web layer gives each request a
fresh context, and listener threads copy it (``bot.app.executor``).
"""

import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.logs import set_log_context


def register(app: App) -> None:
    @app.middleware
    def _log_context(
        context: BoltContext, body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        set_log_context(
            workspace=context.team_id or context.enterprise_id, request=request_id(body)
        )
        return next()


def request_id(body: dict[str, Any]) -> str:
    """Slack's own id for the request where it has one (trigger or event id), else a new one."""
    known = body.get("trigger_id") or body.get("event_id")
    return str(known) if known else f"req-{uuid.uuid4().hex[:12]}"
