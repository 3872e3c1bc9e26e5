"""Plays Slack toward the app: signed slash commands, interactions and events.

    driver = SlackDriver(app_url=f"{app}/slack/events", signing_secret=secret, slack=slack)
    reply = driver.slash_command(user_id="U1", text="mine")
    assert reply.status == 200
    slack.wait_for_calls("chat.postEphemeral")  # or slack.response_posts(reply.response_url)

Every request is signed like Slack's (``v0`` HMAC-SHA256 of ``v0:{timestamp}:{body}``);
pass ``timestamp`` and/or ``signature`` to send stale or forged ones.
"""

import dataclasses
import itertools
import json
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from bot.standin import forms, payloads
from bot.standin.payloads import Actor
from bot.standin.server import SlackStandIn
from bot.standin.transport import AppResponse, SignedSender

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class SlackDriver:
    """Sends the app what Slack would, with ids the stand-in recognises."""

    def __init__(
        self,
        *,
        app_url: str,
        signing_secret: str,
        slack: SlackStandIn,
        clock: Callable[[], float] = time.time,
        timeout: float = 10.0,
    ) -> None:
        self.slack = slack
        self.sender = SignedSender(
            app_url=app_url, signing_secret=signing_secret, clock=clock, timeout=timeout
        )
        self._clock = clock
        self._event_numbers = itertools.count(1)

    # ---- slash commands ------------------------------------------------------------

    def slash_command(
        self,
        *,
        user_id: str,
        text: str = "",
        command: str = "/pillar",
        channel_id: str | None = None,
        team_id: str | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
    ) -> AppResponse:
        """``command text`` typed by ``user_id`` in ``channel_id`` (default: their DM),
        in the user's workspace or in ``team_id`` (someone in several workspaces)."""
        actor = self._actor(user_id, team_id=team_id)
        channel_id = channel_id or self.slack.dm_channel(user_id)
        response_url = self._response_url(actor, channel_id=channel_id)
        trigger_id = self.slack.issue_trigger_id(user_id=user_id)
        form = payloads.slash_command_form(
            actor=actor,
            command=command,
            text=text,
            channel_id=channel_id,
            channel_name=self._channel_name(channel_id),
            response_url=response_url,
            trigger_id=trigger_id,
        )
        reply = self.send(
            body=urlencode(form).encode(),
            content_type=FORM,
            timestamp=timestamp,
            signature=signature,
        )
        return _with_ids(reply, response_url=response_url, trigger_id=trigger_id)

    # ---- interactions ----------------------------------------------------------------

    def click(
        self,
        *,
        user_id: str,
        channel_id: str,
        message_ts: str,
        action_id: str,
        value: Any = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
    ) -> AppResponse:
        """Use the element ``action_id`` of a message the app posted (or showed ephemerally).

        ``value`` picks the option of a select, the date of a datepicker, …; for a
        button it defaults to the button's own value.
        """
        actor = self._actor(user_id)
        with self.slack.state.lock:
            channel = self.slack.state.resolve_quietly(channel_id)
        channel_id = channel.id if channel is not None else channel_id
        message, is_ephemeral = self._message(user_id, channel_id=channel_id, ts=message_ts)
        block_id, element = forms.find_element(message.get("blocks", []), action_id)
        action = forms.action_payload(
            block_id=block_id, element=element, value=value, action_ts=self._action_ts()
        )
        response_url = self._response_url(actor, channel_id=channel_id, message_ts=message_ts)
        trigger_id = self.slack.issue_trigger_id(user_id=user_id)
        payload = payloads.message_actions_payload(
            actor=actor,
            actions=[action],
            channel_id=channel_id,
            message=message,
            is_ephemeral=is_ephemeral,
            response_url=response_url,
            trigger_id=trigger_id,
        )
        reply = self.interaction(payload, timestamp=timestamp, signature=signature)
        return _with_ids(reply, response_url=response_url, trigger_id=trigger_id)

    def click_in_view(
        self,
        *,
        user_id: str,
        view_id: str,
        action_id: str,
        value: Any = None,
        values: Mapping[str, Any] | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
    ) -> AppResponse:
        """Use the element ``action_id`` in a modal or App Home (``values``: inputs so far)."""
        actor = self._actor(user_id)
        view = self._view(view_id, values=values)
        block_id, element = forms.find_element(view.get("blocks", []), action_id)
        action = forms.action_payload(
            block_id=block_id, element=element, value=value, action_ts=self._action_ts()
        )
        trigger_id = self.slack.issue_trigger_id(user_id=user_id)
        payload = payloads.view_actions_payload(
            actor=actor, actions=[action], view=view, trigger_id=trigger_id
        )
        reply = self.interaction(payload, timestamp=timestamp, signature=signature)
        return _with_ids(reply, response_url=None, trigger_id=trigger_id)

    def submit_view(
        self,
        *,
        user_id: str,
        view_id: str,
        values: Mapping[str, Any] | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
    ) -> AppResponse:
        """Submit a modal with ``values`` by action_id (text, option value, date, user id…).

        The app's answer is applied to the stand-in: a bare ack closes the modal,
        ``response_action`` errors/update/push/clear do what Slack does.
        """
        actor = self._actor(user_id)
        view = self._view(view_id, values=values)
        trigger_id = self.slack.issue_trigger_id(user_id=user_id)
        payload = payloads.view_submission_payload(actor=actor, view=view, trigger_id=trigger_id)
        reply = self.interaction(payload, timestamp=timestamp, signature=signature)
        if reply.status == 200:
            ack = reply.json()
            self.slack.settle_view_submission(
                user_id=user_id, view_id=view_id, ack=ack if isinstance(ack, dict) else {}
            )
        return _with_ids(reply, response_url=None, trigger_id=trigger_id)

    def close_view(self, *, user_id: str, view_id: str) -> AppResponse:
        """The person closes a modal (Slack tells the app only with ``notify_on_close``)."""
        payload = payloads.view_closed_payload(actor=self._actor(user_id), view=self._view(view_id))
        reply = self.interaction(payload)
        self.slack.settle_view_submission(user_id=user_id, view_id=view_id, ack={})
        return reply

    def interaction(
        self,
        payload: Mapping[str, Any],
        *,
        timestamp: int | str | None = None,
        signature: str | None = None,
    ) -> AppResponse:
        """Send any interactivity payload as Slack does: a ``payload`` form field."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.send(body=body, content_type=FORM, timestamp=timestamp, signature=signature)

    # ---- events --------------------------------------------------------------------

    def event(
        self,
        event: Mapping[str, Any],
        *,
        team_id: str | None = None,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        timestamp: int | str | None = None,
        signature: str | None = None,
    ) -> AppResponse:
        """Deliver an Events API event; give the same ``event_id`` and a ``retry_num``
        to replay it as Slack's retries do."""
        workspace = self.slack.state.workspaces[team_id or self.slack.default_workspace.team_id]
        envelope = payloads.event_callback(
            workspace=workspace,
            event=dict(event),
            event_id=event_id or self.new_event_id(),
            event_time=int(self._clock()),
        )
        headers: dict[str, str] = {}
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
        body = json.dumps(envelope).encode()
        return self.send(
            body=body, content_type=JSON, timestamp=timestamp, signature=signature, headers=headers
        )

    def app_home_opened(
        self,
        *,
        user_id: str,
        tab: str = "home",
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> AppResponse:
        """The person opens the app's Home (or Messages) tab."""
        actor = self._actor(user_id)
        event = payloads.app_home_opened_event(
            user_id=user_id,
            channel_id=self.slack.dm_channel(user_id),
            tab=tab,
            view=self.slack.home_view(user_id),
            event_ts=self._action_ts(),
        )
        return self.event(
            event,
            team_id=actor.workspace.team_id,
            event_id=event_id,
            retry_num=retry_num,
            retry_reason=retry_reason,
        )

    def url_verification(self, challenge: str) -> AppResponse:
        """Slack's check of a new Request URL: the app must echo ``challenge``."""
        body = {
            "token": payloads.VERIFICATION_TOKEN,
            "challenge": challenge,
            "type": "url_verification",
        }
        return self.send(body=json.dumps(body).encode(), content_type=JSON)

    @property
    def app_url(self) -> str:
        return self.sender.app_url

    def new_event_id(self) -> str:
        return f"Ev{next(self._event_numbers):010d}"

    # ---- signing and sending -------------------------------------------------------

    def sign(self, *, body: bytes, timestamp: str) -> str:
        """The ``X-Slack-Signature`` Slack would send for ``body`` at ``timestamp``."""
        return self.sender.sign(body=body, timestamp=timestamp)

    def send(
        self,
        *,
        body: bytes,
        content_type: str,
        timestamp: int | str | None = None,
        signature: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AppResponse:
        """POST ``body`` to the app, signed now (or at ``timestamp``, or with ``signature``)."""
        return self.sender.send(
            body=body,
            content_type=content_type,
            timestamp=timestamp,
            signature=signature,
            headers=headers,
        )

    # ---- helpers -------------------------------------------------------------------

    def _actor(self, user_id: str, *, team_id: str | None = None) -> Actor:
        with self.slack.state.lock:
            user = self.slack.state.users.get(user_id)
            if user is None:
                raise ValueError(f"unknown user {user_id!r}: add it first with slack.add_user(...)")
            workspaces = self.slack.state.workspaces
            if team_id is not None and team_id not in workspaces:
                raise ValueError(f"unknown workspace {team_id!r}: add it with slack.add_workspace")
            workspace = workspaces.get(team_id or user.team_id, self.slack.default_workspace)
        return Actor(user=user, workspace=workspace)

    def _response_url(self, actor: Actor, *, channel_id: str, message_ts: str | None = None) -> str:
        return self.slack.new_response_url(
            channel_id=channel_id,
            user_id=actor.user.id,
            message_ts=message_ts,
            team_id=actor.workspace.team_id,
        )

    def _channel_name(self, channel_id: str) -> str:
        with self.slack.state.lock:
            channel = self.slack.state.resolve_quietly(channel_id)
        if channel is None or channel.is_im:
            return "directmessage"
        return channel.name

    def _message(self, user_id: str, *, channel_id: str, ts: str) -> tuple[dict[str, Any], bool]:
        for message in self.slack.messages_to(channel_id):
            if message["ts"] == ts:
                return message, False
        for message in self.slack.ephemerals_to(user_id, channel_id=channel_id):
            if message["ts"] == ts:
                return message, True
        raise ValueError(f"no message {ts} in {channel_id} that {user_id} can see")

    def _view(self, view_id: str, *, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        view = self.slack.view(view_id)
        if view is None:
            raise ValueError(f"no view {view_id!r}: open one with views.open first")
        view["state"] = {"values": forms.state_values(view.get("blocks", []), values or {})}
        return view

    def _action_ts(self) -> str:
        return f"{self._clock():.6f}"


def _with_ids(reply: AppResponse, *, response_url: str | None, trigger_id: str) -> AppResponse:
    return dataclasses.replace(reply, response_url=response_url, trigger_id=trigger_id)
