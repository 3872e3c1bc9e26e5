"""The stand-in's registry and query methods, the part tests and tools talk to."""

import copy
from typing import Any

from bot.standin.authorize import AUTHORIZE_PATH
from bot.standin.grants import OAuthApp
from bot.standin.methods.views import settle_submission
from bot.standin.models import FakeChannel, FakeFile, FakeUser, ResponsePost
from bot.standin.recorder import CallFilter, CallRecorder, RecordedCall
from bot.standin.responses import issue_response_url
from bot.standin.state import Message, SlackState, Workspace


class StandInQueries:
    """Add users and channels, hand out trigger_ids and response_urls, read what happened."""

    default_workspace: Workspace

    def __init__(self, *, state: SlackState, recorder: CallRecorder) -> None:
        self.state = state
        self.recorder = recorder
        self._base_url = ""

    # ---- registry ------------------------------------------------------------------

    def add_workspace(self, workspace: Workspace) -> Workspace:
        """Serve another workspace, reached with its own bot token."""
        with self.state.lock:
            self.state.workspaces[workspace.team_id] = workspace
            if workspace.bot_user_id not in self.state.users:
                self.state.users[workspace.bot_user_id] = FakeUser(
                    id=workspace.bot_user_id, name="pillar", is_bot=True, team_id=workspace.team_id
                )
        return workspace

    def set_oauth_app(
        self,
        *,
        client_id: str,
        client_secret: str,
        redirect_url: str | None = None,
        token_lifetime: int | None = None,
    ) -> OAuthApp:
        """Let people install the app with these credentials (see ``bot.standin.grants``)."""
        app = OAuthApp(
            client_id=client_id,
            client_secret=client_secret,
            redirect_url=redirect_url,
            token_lifetime=token_lifetime,
        )
        with self.state.lock:
            self.state.grants.app = app
        return app

    @property
    def authorize_url(self) -> str:
        """Slack's approval page, where an app's install sends the browser."""
        return self._base_url + AUTHORIZE_PATH

    def revoke_tokens(self, team_id: str) -> None:
        """Every token of the workspace stops working, as when the app is uninstalled."""
        with self.state.lock:
            self.state.grants.revoke_team(team_id, also=self.state.workspaces[team_id].token)

    def live_tokens(self, team_id: str) -> list[str]:
        """The OAuth tokens of the workspace that still work, oldest first."""
        with self.state.lock:
            return self.state.grants.live_tokens(team_id, now=self.state.clock())

    def add_user(
        self,
        *,
        id: str,
        name: str,
        real_name: str = "",
        tz: str = "UTC",
        is_admin: bool = False,
        is_owner: bool = False,
        deleted: bool = False,
        email: str | None = None,
        is_bot: bool = False,
        team_id: str | None = None,
    ) -> FakeUser:
        """Register (or replace) a user that ``users.info`` will describe."""
        user = FakeUser(
            id=id,
            name=name,
            real_name=real_name,
            tz=tz,
            is_admin=is_admin,
            is_owner=is_owner,
            deleted=deleted,
            email=email,
            is_bot=is_bot,
            team_id=team_id or self.default_workspace.team_id,
        )
        with self.state.lock:
            self.state.users[id] = user
        return user

    def add_channel(
        self,
        *,
        id: str,
        name: str,
        is_private: bool = False,
        bot_is_member: bool = True,
        is_archived: bool = False,
    ) -> FakeChannel:
        """Register a channel the bot can post to (unless it is not a member or archived)."""
        channel = FakeChannel(
            id=id,
            name=name,
            is_private=is_private,
            bot_is_member=bot_is_member,
            is_archived=is_archived,
        )
        return self.state.add_channel(channel)

    def dm_channel(self, user_id: str) -> str:
        """The id of the bot's DM with ``user_id`` (opened if need be)."""
        return self.state.open_dm(user_id).id

    # ---- what the driver hands to the app -------------------------------------------

    def issue_trigger_id(self, *, user_id: str) -> str:
        """A trigger_id ``views.open``/``views.push`` accept once, within ``trigger_ttl``."""
        return self.state.new_trigger_id(user_id=user_id)

    def new_response_url(
        self,
        *,
        channel_id: str,
        user_id: str,
        message_ts: str | None = None,
        team_id: str | None = None,
    ) -> str:
        """A response_url on this server for an interaction by ``user_id`` in ``channel_id``."""
        return issue_response_url(
            self.state,
            base_url=self._base_url,
            channel_id=channel_id,
            user_id=user_id,
            team_id=team_id or self.default_workspace.team_id,
            message_ts=message_ts,
        )

    def settle_view_submission(self, *, user_id: str, view_id: str, ack: dict[str, Any]) -> None:
        """Apply the app's answer to a view_submission to the user's open modals."""
        settle_submission(
            self.state, workspace=self.default_workspace, user_id=user_id, view_id=view_id, ack=ack
        )

    # ---- queries -------------------------------------------------------------------

    def calls(
        self, method: str | None = None, *, where: CallFilter | None = None
    ) -> list[RecordedCall]:
        """Every call answered so far (including refused ones), oldest first."""
        return self.recorder.calls(method, where=where)

    def wait_for_calls(
        self,
        method: str | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,
        where: CallFilter | None = None,
    ) -> list[RecordedCall]:
        """Wait until ``count`` matching calls arrived; TimeoutError otherwise."""
        return self.recorder.wait_for(method, count=count, timeout=timeout, where=where)

    def clear_calls(self) -> None:
        self.recorder.clear()

    def messages_to(self, channel_or_user: str) -> list[Message]:
        """The messages now in a channel (id or ``#name``) or a user's DM, oldest first."""
        return self.state.messages_in(channel_or_user)

    def ephemerals_to(self, user_id: str, *, channel_id: str | None = None) -> list[Message]:
        """Ephemeral messages shown to ``user_id`` (via the API or a response_url)."""
        with self.state.lock:
            return [
                copy.deepcopy(m)
                for m in self.state.ephemerals
                if m["user"] == user_id and channel_id in (None, m["channel"])
            ]

    def response_posts(self, response_url: str | None = None) -> list[ResponsePost]:
        """What the app posted to response_urls, oldest first."""
        with self.state.lock:
            return [p for p in self.state.response_posts if response_url in (None, p.response_url)]

    def view(self, view_id: str) -> dict[str, Any] | None:
        with self.state.lock:
            found = self.state.views.get(view_id)
            return copy.deepcopy(found) if found is not None else None

    def open_modals(self, user_id: str) -> list[dict[str, Any]]:
        """The user's modal stack, bottom first (empty when no modal is open)."""
        with self.state.lock:
            stack = self.state.modal_stacks.get(user_id, [])
            return [copy.deepcopy(self.state.views[v]) for v in stack]

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home last published for ``user_id``."""
        with self.state.lock:
            view_id = self.state.home_views.get(user_id)
            return copy.deepcopy(self.state.views[view_id]) if view_id is not None else None

    def wait_for_messages(
        self, channel_or_user: str, *, count: int = 1, timeout: float = 5.0
    ) -> list[Message]:
        """Wait until ``count`` messages are in a channel or DM; TimeoutError otherwise."""
        arrived = self.state.wait_until(
            lambda: len(self.state.messages_in(channel_or_user)) >= count, timeout=timeout
        )
        messages = self.messages_to(channel_or_user)
        if not arrived:
            raise TimeoutError(
                f"expected {count} message(s) in {channel_or_user} within {timeout}s, "
                f"saw {len(messages)}"
            )
        return messages

    def wait_for_response_posts(
        self, response_url: str | None = None, *, count: int = 1, timeout: float = 5.0
    ) -> list[ResponsePost]:
        """Wait until ``count`` posts reached a response_url (any, if None)."""
        arrived = self.state.wait_until(
            lambda: len(self.response_posts(response_url)) >= count, timeout=timeout
        )
        posts = self.response_posts(response_url)
        if not arrived:
            raise TimeoutError(
                f"expected {count} post(s) to {response_url or 'a response_url'} "
                f"within {timeout}s, saw {len(posts)}"
            )
        return posts

    def uploaded_files(self) -> list[FakeFile]:
        with self.state.lock:
            return [copy.deepcopy(f) for f in self.state.files.values()]
