"""What Pillar keeps of a Slack user, read from a ``users.info`` answer."""

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class SlackProfile:
    user_id: str
    name: str
    email: str | None
    tz: str
    is_workspace_admin: bool
    deactivated: bool
    is_bot: bool


def _known_zone(name: object, default: str) -> str:
    if not isinstance(name, str) or not name:
        return default
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default
    return name


def _display_name(user: dict[str, Any]) -> str:
    profile = user.get("profile") or {}
    for candidate in (
        profile.get("display_name"),
        profile.get("real_name"),
        user.get("real_name"),
        user.get("name"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()[:200]
    return str(user.get("id", ""))


def profile_from_user(user: dict[str, Any], *, default_tz: str) -> SlackProfile:
    """The profile in a ``users.info`` ``user`` object; a zone Slack omits gets ``default_tz``."""
    email = (user.get("profile") or {}).get("email")
    return SlackProfile(
        user_id=str(user["id"]),
        name=_display_name(user),
        email=email.lower() if isinstance(email, str) and email else None,
        tz=_known_zone(user.get("tz"), default_tz),
        is_workspace_admin=bool(
            user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")
        ),
        deactivated=bool(user.get("deleted")),
        is_bot=bool(user.get("is_bot")),
    )
