"""People are created on first contact from ``users.info`` and refreshed when stale."""

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlmodel import Session

from bot.app.services import Services
from bot.people.profile import SlackProfile, profile_from_user
from storage import crud
from storage.errors import NotFound
from storage.models import Person, Workspace

log = logging.getLogger(__name__)
REFRESH_AFTER = timedelta(hours=24)


def ensure_workspace(*, session: Session, services: Services, workspace_id: str) -> Workspace:
    workspace = session.get(Workspace, workspace_id)
    if workspace is None:
        workspace = Workspace(id=workspace_id, created_at=services.clock.now())
        session.add(workspace)
        session.flush()
    return workspace


def fetch_profile(*, client: WebClient, user_id: str, default_tz: str) -> SlackProfile | None:
    """What Slack says of the user, or None when Slack cannot be asked right now."""
    try:
        answer = client.users_info(user=user_id)
    except (SlackApiError, SlackClientError, OSError) as error:
        log.warning("users.info for %s failed: %s", user_id, type(error).__name__)
        return None
    user = answer.get("user")
    return profile_from_user(user, default_tz=default_tz) if isinstance(user, dict) else None


def _is_fresh(person: Person | None, *, services: Services) -> bool:
    if person is None or person.refreshed_at is None:
        return False
    return services.clock.now() - person.refreshed_at < REFRESH_AFTER


def ensure_person(
    *, session: Session, client: WebClient, services: Services, workspace_id: str, user_id: str
) -> Person:
    """The person behind ``user_id``, created or refreshed from Slack when needed."""
    known = _known(session=session, workspace_id=workspace_id, user_id=user_id)
    if _is_fresh(known, services=services) and known is not None:
        return known  # its workspace exists: the person's row refers to it
    ensure_workspace(session=session, services=services, workspace_id=workspace_id)
    profile = fetch_profile(
        client=client, user_id=user_id, default_tz=services.settings.PILLAR_TIMEZONE
    )
    if profile is None and known is not None:
        return known
    return _save(
        session=session,
        services=services,
        workspace_id=workspace_id,
        user_id=user_id,
        profile=profile,
    )


def _known(*, session: Session, workspace_id: str, user_id: str) -> Person | None:
    try:
        return crud.find_person_by_slack_id(
            session=session, workspace_id=workspace_id, slack_user_id=user_id
        )
    except NotFound:
        return None


def save_profile(
    *, session: Session, services: Services, workspace_id: str, profile: SlackProfile
) -> Person:
    """Create or refresh the person from what Slack says; a deleted user is deactivated."""
    ensure_workspace(session=session, services=services, workspace_id=workspace_id)
    return _save(
        session=session,
        services=services,
        workspace_id=workspace_id,
        user_id=profile.user_id,
        profile=profile,
    )


def _save(
    *,
    session: Session,
    services: Services,
    workspace_id: str,
    user_id: str,
    profile: SlackProfile | None,
) -> Person:
    now = services.clock.now()
    person = crud.get_or_create_person(
        session=session,
        workspace_id=workspace_id,
        actor=None,
        slack_user_id=user_id,
        now=now,
        name=profile.name if profile else None,
        tz=profile.tz if profile else services.settings.PILLAR_TIMEZONE,
        email=profile.email if profile else None,
        is_slack_admin=profile.is_workspace_admin if profile else None,
    )
    if profile is not None and profile.deactivated and not person.deactivated:
        crud.deactivate_person(
            session=session, workspace_id=workspace_id, actor=None, person=person, now=now
        )
    return person
