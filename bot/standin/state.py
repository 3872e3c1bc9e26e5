"""Everything the stand-in remembers, behind one lock.

Web API handlers run with ``lock`` held, so each call sees and leaves a consistent
state; the query methods take the lock themselves and return copies.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.standin.errors import SlackError
from bot.standin.grants import Grants
from bot.standin.models import (
    FakeChannel,
    FakeFile,
    FakeUser,
    ResponsePost,
    ResponseUrl,
    TriggerId,
)

Clock = Callable[[], float]
Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Workspace:
    """A Slack team the stand-in serves, with the bot token installed in it."""

    team_id: str
    name: str
    token: str
    bot_user_id: str
    bot_id: str
    app_id: str = "A0STANDIN"

    @property
    def domain(self) -> str:
        return self.name.lower().replace(" ", "-")


@dataclass(slots=True)
class SlackState:
    """Users, conversations, messages, views and files of the fake workspaces."""

    clock: Clock
    strict_channels: bool = True
    trigger_ttl: float = 3.0
    lock: threading.RLock = field(default_factory=threading.RLock)
    changed: threading.Condition = field(init=False)
    workspaces: dict[str, Workspace] = field(default_factory=dict)
    users: dict[str, FakeUser] = field(default_factory=dict)
    channels: dict[str, FakeChannel] = field(default_factory=dict)
    messages: dict[str, list[Message]] = field(default_factory=dict)
    ephemerals: list[Message] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    modal_stacks: dict[str, list[str]] = field(default_factory=dict)
    home_views: dict[str, str] = field(default_factory=dict)
    files: dict[str, FakeFile] = field(default_factory=dict)
    triggers: dict[str, TriggerId] = field(default_factory=dict)
    response_urls: dict[str, ResponseUrl] = field(default_factory=dict)
    response_posts: list[ResponsePost] = field(default_factory=list)
    grants: Grants = field(default_factory=Grants)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _last_ts_micros: int = 0

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    def wait_until(self, predicate: Callable[[], bool], *, timeout: float) -> bool:
        """Wait (up to ``timeout``) for ``predicate`` to hold after some change."""
        with self.changed:
            return self.changed.wait_for(predicate, timeout=timeout)

    # ---- identifiers -------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        """A fresh Slack-looking id such as ``D00000007`` (deterministic, never reused)."""
        return f"{prefix}{next(self._counter):08d}"

    def new_ts(self) -> str:
        """A message timestamp from the clock, strictly increasing like Slack's."""
        micros = max(int(self.clock() * 1_000_000), self._last_ts_micros + 1)
        self._last_ts_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_trigger_id(self, *, user_id: str) -> str:
        """A trigger_id the ``views.open``/``views.push`` handlers will accept once."""
        with self.lock:
            number = next(self._counter)
            now = self.clock()
            digest = hashlib.sha256(f"trigger:{number}".encode()).hexdigest()[:20]
            value = f"{int(now)}.{number}.{digest}"
            self.triggers[value] = TriggerId(value=value, user_id=user_id, issued_at=now)
            return value

    # ---- registries ----------------------------------------------------------------

    def workspace_for_token(self, token: str) -> Workspace | None:
        return next((w for w in self.workspaces.values() if w.token == token), None)

    def authenticate(self, token: str) -> Workspace:
        """The workspace a token acts in: its first token or one issued by OAuth.

        Raises Slack's ``invalid_auth``, ``token_revoked`` or ``token_expired``.
        """
        issued = self.grants.check_token(token, now=self.clock())
        workspace = (
            self.workspaces.get(issued.team_id)
            if issued is not None
            else self.workspace_for_token(token)
        )
        if workspace is None:
            raise SlackError("invalid_auth")
        return workspace

    def user(self, user_id: str) -> FakeUser:
        """The user with this id, or Slack's ``user_not_found``."""
        found = self.users.get(user_id)
        if found is None:
            raise SlackError("user_not_found")
        return found

    def channel(self, channel_id: str) -> FakeChannel:
        """The conversation with this id or ``#name``, or Slack's ``channel_not_found``.

        A user id stands for the bot's DM with that user, as ``chat.postMessage`` allows.
        With ``strict_channels`` off, an unknown ``C…`` id is created on first use.
        """
        found = self.channels.get(channel_id) or self._channel_by_name(channel_id)
        if found is not None:
            return found
        if channel_id in self.users:
            return self.open_dm(channel_id)
        if not self.strict_channels and channel_id[:1] in ("C", "G"):
            return self.add_channel(FakeChannel(id=channel_id, name=channel_id.lower()))
        raise SlackError("channel_not_found")

    def _channel_by_name(self, reference: str) -> FakeChannel | None:
        name = reference.removeprefix("#")
        return next((c for c in self.channels.values() if c.name and c.name == name), None)

    def add_channel(self, channel: FakeChannel) -> FakeChannel:
        with self.lock:
            if not channel.created:
                channel.created = int(self.clock())
            self.channels[channel.id] = channel
            self.messages.setdefault(channel.id, [])
            return channel

    def open_dm(self, user_id: str) -> FakeChannel:
        """The bot's DM with ``user_id``, created on first use (one per user)."""
        with self.lock:
            existing = next((c for c in self.channels.values() if c.user == user_id), None)
            if existing is not None:
                return existing
            return self.add_channel(FakeChannel(id=self.new_id("D"), user=user_id))

    # ---- messages ------------------------------------------------------------------

    def find_message(self, channel_id: str, ts: str) -> Message:
        """The stored message (not a copy), or Slack's ``message_not_found``."""
        for message in self.messages.get(channel_id, []):
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def messages_in(self, channel_or_user: str) -> list[Message]:
        """Copies of the messages now in a channel (or a user's DM), oldest first."""
        with self.lock:
            channel = self.resolve_quietly(channel_or_user)
            if channel is None:
                return []
            return copy.deepcopy(self.messages.get(channel.id, []))

    def resolve_quietly(self, channel_or_user: str) -> FakeChannel | None:
        found = self.channels.get(channel_or_user) or self._channel_by_name(channel_or_user)
        if found is None and channel_or_user in self.users:
            found = next((c for c in self.channels.values() if c.user == channel_or_user), None)
        return found
