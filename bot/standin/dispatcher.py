"""Turns one HTTP request into the stand-in's answer, independent of the HTTP server.

Order of checks, as Slack does them: the method exists, the token is good, the rate
limit allows the call, then any injected fault, then the method itself.
"""

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.standin.errors import SlackError
from bot.standin.faults import Fault, FaultInjector, FaultKind
from bot.standin.limits import POST_MESSAGE, RateLimiter
from bot.standin.methods import METHODS, Handler, MethodContext
from bot.standin.methods.files import UPLOAD_PATH, receive_upload
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
        token = _bearer(request.headers.get("authorization")) or params.pop("token", None)
        call = _Call(method, params, self.state.clock())
        handler = METHODS.get(method)
        if handler is None:
            body = {"ok": False, "error": "unknown_method", "req_method": method}
            return self._finish(call, json_reply(200, body))
        if not token:
            return self._finish(call, json_reply(200, {"ok": False, "error": "not_authed"}))
        with self.state.lock:
            workspace = self.state.workspace_for_token(str(token))
        if workspace is None:
            return self._finish(call, json_reply(200, {"ok": False, "error": "invalid_auth"}))
        call = _Call(method, params, call.time, workspace)
        retry_after = self.limiter.admit(method=method, channel=self._channel_key(method, params))
        if retry_after is not None:
            reply = _rate_limited(retry_after)
            return self._finish(call, reply, fault="rate_limit")
        return self._run(call, handler, self.faults.next_fault(method))

    def _run(self, call: _Call, handler: Handler, fault: Fault | None) -> Reply:
        if fault is None:
            return self._finish(call, self._invoke(call, handler))
        outcome = self._invoke(call, handler) if fault.applied else None
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

    def _invoke(self, call: _Call, handler: Handler) -> Reply:
        assert call.workspace is not None  # only authenticated calls get here
        context = MethodContext(
            state=self.state, workspace=call.workspace, params=call.params, base_url=self.base_url
        )
        try:
            with self.state.changed:
                result = handler(context)
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

    # ---- upload URLs and response_urls ------------------------------------------------

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


def _rate_limited(retry_after: int) -> Reply:
    return json_reply(429, {"ok": False, "error": "ratelimited"}, retry_after=retry_after)
