"""Slack re-sends an event it thinks was lost; a retried event must not act twice."""

import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from slack_bolt import App, BoltResponse
from sqlmodel import Session

from bot.app.services import Services
from storage.models import ProcessedEvent

log = logging.getLogger(__name__)


def first_delivery(
    *, session: Session, event_id: str, workspace_id: str, services: Services
) -> bool:
    """Record ``event_id``; False if it was recorded before (a retry)."""
    session.add(
        ProcessedEvent(
            event_id=event_id, workspace_id=workspace_id, received_at=services.clock.now()
        )
    )
    try:
        session.commit()
    except sa.exc.IntegrityError:
        session.rollback()
        return False
    return True


def register(app: App, *, services: Services) -> None:
    @app.middleware
    def _drop_retried_events(
        body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return next()
        with Session(services.engine) as session:
            fresh = first_delivery(
                session=session,
                event_id=str(event_id),
                workspace_id=str(body.get("team_id", "")),
                services=services,
            )
        if fresh:
            return next()
        log.info("ignored a repeated delivery of event %s", event_id)
        return BoltResponse(status=200, body="")
