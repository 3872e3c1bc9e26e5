"""Turns one HTTP request into the stand-in's answer, independent of the HTTP server.

Order of checks, as Slack does them: the method exists, the token is good, the rate
limit allows the call, then any injected fault, then the method itself. OAuth methods
(``oauth.v2.access``) take the app's client id and secret instead of a token.
"""

import base64
import binascii
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl

from bot.standin.authorize import AUTHORIZE_PATH, approve
from bot.standin.errors import SlackError
from bot.standin.faults import Fault, FaultInjector, FaultKind
from bot.standin.limits import POST_MESSAGE, RateLimiter
from bot.standin.methods import METHODS, MethodContext
from bot.standin.methods.files import UPLOAD_PATH, receive_upload
from bot.standin.methods.oauth import HANDLERS as CLIENT_METHODS
from bot.standin.methods.oauth import ClientContext, ClientHandler
from bot.standin.params import parse_body
from bot.standin.recorder import CallRecorder, RecordedCall
from bot.standin.responses import RESPONSE_PATH, post_to_response_url
from bot.standin.state import SlackState, Workspace

API_PATH = "/api/"


@dataclass(frozen=True, slots=True)
class Request:
    """An HTTP request as the dispatcher needs it; header names in lower case."""

    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    """What to answer; ``hang_up`` closes the connection instead, answering nothing."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    hang_up: bool = False


def json_reply(status: int, body: Mapping[str, Any], *, retry_after: int | None = None) -> Reply:
    headers = {"Content-Type": "application/json"}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return Reply(status, json.dumps(body).encode(), headers)


@dataclass(frozen=True, slots=True)
class _Call:
    method: str
    params: dict[str, Any]
    time: float
    workspace: Workspace | None = None
    token: str | None = None


class Dispatcher:
    """Answers Web API calls, upload URLs and response_urls from the shared state."""

    def __init__(
        self,
        *,
        state: SlackState,
        recorder: CallRecorder,
        limiter: RateLimiter,
        faults: FaultInjector,
        stopping: threading.Event,
    ) -> None:
        self.state = state
        self.recorder = recorder
        self.limiter = limiter
        self.faults = faults
        self.base_url = ""
        self._stopping = stopping

    def handle(self, request: Request) -> Reply:
        if request.path.startswith(API_PATH):
            return self._api(request.path.removeprefix(API_PATH), request)
        if request.path.startswith(UPLOAD_PATH):
            return self._upload(request.path.removeprefix(UPLOAD_PATH), request.body)
        if request.path.startswith(RESPONSE_PATH):
            return self._response_url(request)
        if request.path == AUTHORIZE_PATH:
            return self._authorize(request.query)
        return json_reply(404, {"ok": False, "error": "not_found"})

    # ---- Web API -------------------------------------------------------------------

    def _api(self, method: str, request: Request) -> Reply:
        try:
            params = parse_body(
                content_type=request.headers.get("content-type", ""),
                body=request.body,
                query=request.query,
            )
        except (ValueError, SlackError):
            params = {}
            call = _Call(method, params, self.state.clock())
            return self._finish(call, json_reply(200, {"ok": False, "error": "invalid_json"}))
        client_method = CLIENT_METHODS.get(method)
        if client_method is not None:
            return self._client_call(method, client_method, request, params)
        token = _bearer(request.headers.get("authorization")) or params.pop("token", None)
        call = _Call(method, params, self.state.clock())
        handler = METHODS.get(method)
        if handler is None:
            body = {"ok": False, "error": "unknown_method", "req_method": method}
            return self._finish(call, json_reply(200, body))
        if not token:
            return self._finish(call, json_reply(200, {"ok": False, "error": "not_authed"}))
        call = _Call(method, params, call.time, token=str(token))
        try:
            with self.state.lock:
                workspace = self.state.authenticate(str(token))
        except SlackError as error:
            return self._finish(call, json_reply(200, error.body()))
        call = _Call(method, params, call.time, workspace, token=str(token))
        retry_after = self.limiter.admit(method=method, channel=self._channel_key(method, params))
        if retry_after is not None:
            reply = _rate_limited(retry_after)
            return self._finish(call, reply, fault="rate_limit")
        context = MethodContext(
            state=self.state, workspace=workspace, params=params, base_url=self.base_url
        )
        return self._run(call, lambda: handler(context), self.faults.next_fault(method))

    def _client_call(
        self, method: str, handler: ClientHandler, request: Request, params: dict[str, Any]
    ) -> Reply:
        """A method the app calls with its client id and secret instead of a token."""
        # Taken out of the parameters so that the record never keeps the secret.
        form_id, form_secret = params.pop("client_id", None), params.pop("client_secret", None)
        client_id, client_secret = _basic(request.headers.get("authorization"))
        context = ClientContext(
            state=self.state,
            params=params,
            client_id=client_id or form_id,
            client_secret=client_secret or form_secret,
        )
        call = _Call(method, params, self.state.clock())
        return self._run(call, lambda: handler(context), self.faults.next_fault(method))

    def _run(
        self, call: _Call, handler: Callable[[], dict[str, Any]], fault: Fault | None
    ) -> Reply:
        if fault is None:
            return self._finish(call, self._invoke(handler))
        outcome = self._invoke(handler) if fault.applied else None
        if fault.kind is FaultKind.RATE_LIMITED:
            reply = _rate_limited(fault.retry_after)
        elif fault.kind is FaultKind.SLACK_ERROR:
            reply = json_reply(200, {"ok": False, "error": fault.error})
        elif fault.kind is FaultKind.HTTP_ERROR:
            reply = json_reply(fault.status, {"ok": False, "error": fault.error})
        else:
            # A timeout answers too late and a disconnect not at all; the call took effect
            # only when the fault is applied.
            reply = outcome or json_reply(200, {"ok": False, "error": fault.error})
        self._finish(call, reply, fault=fault.describe())
        if fault.kind is FaultKind.TIMEOUT:
            # Stop waiting when the server stops, so shutting down never hangs.
            self._stopping.wait(fault.delay)
        if fault.kind is FaultKind.DISCONNECT:
            return replace(reply, hang_up=True)
        return reply

    def _invoke(self, handler: Callable[[], dict[str, Any]]) -> Reply:
        try:
            with self.state.changed:
                result = handler()
                self.state.changed.notify_all()
        except SlackError as error:
            return json_reply(200, error.body())
        return json_reply(200, {"ok": True, **result})

    def _finish(self, call: _Call, reply: Reply, *, fault: str | None = None) -> Reply:
        self.recorder.record(
            RecordedCall(
                method=call.method,
                params=call.params,
                time=call.time,
                status=reply.status,
                response=json.loads(reply.body),
                team_id=call.workspace.team_id if call.workspace else None,
                fault=fault,
                token=call.token,
            )
        )
        return reply

    def _channel_key(self, method: str, params: Mapping[str, Any]) -> str | None:
        if method != POST_MESSAGE or not isinstance(params.get("channel"), str):
            return None
        channel = str(params["channel"])
        with self.state.lock:
            resolved = self.state.resolve_quietly(channel)
            if resolved is None and channel in self.state.users:
                # A post to a user lands in their DM: both must share one limit.
                resolved = self.state.open_dm(channel)
        return resolved.id if resolved is not None else channel

    # ---- the approval page, upload URLs and response_urls ----------------------------

    def _authorize(self, query: str) -> Reply:
        """Approve an install and send the browser back to the app (see ``authorize``)."""
        try:
            with self.state.changed:
                location = approve(self.state, dict(parse_qsl(query, keep_blank_values=True)))
                self.state.changed.notify_all()
        except SlackError as error:
            return Reply(400, error.error.encode(), {"Content-Type": "text/plain"})
        return Reply(302, b"", {"Location": location})

    def _upload(self, file_id: str, content: bytes) -> Reply:
        if not receive_upload(self.state, file_id=file_id, content=content):
            return Reply(404, b"not_found", {"Content-Type": "text/plain"})
        return Reply(200, f"OK - {len(content)}".encode(), {"Content-Type": "text/plain"})

    def _response_url(self, request: Request) -> Reply:
        try:
            body: Any = json.loads(request.body.decode("utf-8") or "null")
        except ValueError:
            body = None
        reply = post_to_response_url(self.state, url=self.base_url + request.path, body=body)
        return json_reply(reply.status, reply.body)


def _bearer(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, credentials = authorization.partition(" ")
    return credentials.strip() or None if scheme.lower() == "bearer" else None


def _basic(authorization: str | None) -> tuple[str | None, str | None]:
    """Client id and secret from an HTTP Basic ``Authorization`` header."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, _, client_secret = decoded.partition(":")
    return client_id or None, client_secret or None


def _rate_limited(retry_after: int) -> Reply:
    return json_reply(429, {"ok": False, "error": "ratelimited"}, retry_after=retry_after)
