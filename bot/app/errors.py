"""The last line of defence: an unexpected error is logged with an id the person is shown."""

import logging
import uuid
from typing import Any

from slack_bolt import App

log = logging.getLogger(__name__)


def new_error_id() -> str:
    return uuid.uuid4().hex[:8]


def apology(error_id: str) -> str:
    return (
        f":warning: Sorry, something went wrong on our side and nothing was changed. "
        f"If it keeps happening, tell your Pillar admin the error id `{error_id}`."
    )


def register_error_handler(app: App) -> None:
    @app.error
    def _unexpected(error: Exception, body: dict[str, Any], respond: Any = None) -> None:
        report_unexpected(error, body=body, respond=respond)


def report_unexpected(error: Exception, *, body: dict[str, Any], respond: Any = None) -> None:
    """Log ``error`` with a new id, and show the person the id when they can be answered."""
    error_id = new_error_id()
    log.error(
        "unhandled error %s in %s: %s",
        error_id,
        body.get("type") or body.get("command"),
        type(error).__name__,
        exc_info=error,
    )
    if respond is not None:
        respond(text=apology(error_id), response_type="ephemeral", replace_original=False)
