"""The things the stand-in keeps: users, channels, views, files, response URLs."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True, slots=True)
class FakeUser:
    """A workspace member as ``users.info`` describes them."""

    id: str
    name: str
    real_name: str = ""
    tz: str = "UTC"
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False
    email: str | None = None
    is_bot: bool = False
    team_id: str = ""

    def to_slack(self, *, now: float) -> dict[str, Any]:
        """The ``user`` object of ``users.info``."""
        real_name = self.real_name or self.name
        profile: dict[str, Any] = {
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": self.name,
            "display_name_normalized": self.name,
            "team": self.team_id,
        }
        if self.email is not None:
            profile["email"] = self.email
        return {
            "id": self.id,
            "team_id": self.team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": tz_offset_seconds(self.tz, now=now),
            "profile": profile,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": self.is_owner,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": int(now),
        }


def tz_offset_seconds(tz: str, *, now: float) -> int:
    """The UTC offset of ``tz`` at ``now`` in seconds, as Slack reports ``tz_offset``."""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    offset = datetime.fromtimestamp(now, UTC).astimezone(zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@dataclass(slots=True)
class FakeChannel:
    """A conversation: a public or private channel, or a bot's DM with one user."""

    id: str
    name: str = ""
    is_private: bool = False
    user: str | None = None
    is_archived: bool = False
    bot_is_member: bool = True
    created: int = 0

    @property
    def is_im(self) -> bool:
        return self.user is not None

    def to_slack(self) -> dict[str, Any]:
        """The ``channel`` object of ``conversations.info`` / ``conversations.open``."""
        if self.user is not None:
            return {
                "id": self.id,
                "created": self.created,
                "is_im": True,
                "user": self.user,
                "is_org_shared": False,
                "is_user_deleted": False,
                "priority": 0,
            }
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "created": self.created,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_general": self.name == "general",
            "is_member": self.bot_is_member,
        }


@dataclass(slots=True)
class FakeFile:
    """A file uploaded with ``files.getUploadURLExternal`` and the upload URL."""

    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str = ""
    channels: list[str] = field(default_factory=list)
    completed: bool = False

    def to_slack(self) -> dict[str, Any]:
        """The ``file`` object Slack returns once the upload is complete."""
        return {
            "id": self.id,
            "name": self.filename,
            "title": self.title or self.filename,
            "size": len(self.content or b""),
            "channels": list(self.channels),
            "is_external": False,
            "mode": "hosted",
        }


@dataclass(frozen=True, slots=True)
class ResponsePost:
    """One body the app posted to a response_url the stand-in handed out."""

    response_url: str
    channel_id: str
    user_id: str
    body: dict[str, Any]
    time: float

    @property
    def replace_original(self) -> bool:
        return bool(self.body.get("replace_original"))

    @property
    def delete_original(self) -> bool:
        return bool(self.body.get("delete_original"))

    @property
    def in_channel(self) -> bool:
        return self.body.get("response_type") == "in_channel"


@dataclass(slots=True)
class ResponseUrl:
    """Where a response_url leads: the channel and person of the original request."""

    url: str
    channel_id: str
    user_id: str
    team_id: str
    message_ts: str | None
    issued_at: float
    uses: int = 0


@dataclass(slots=True)
class TriggerId:
    """A trigger_id handed to the app with an interaction; one use, short-lived."""

    value: str
    user_id: str
    issued_at: float
    used: bool = False
