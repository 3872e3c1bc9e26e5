"""Signed HTTP requests to the app, as Slack sends them.

Slack signs ``v0:{timestamp}:{body}`` with HMAC-SHA256 and the app's signing secret;
the app refuses a bad signature or a timestamp more than five minutes old.
"""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.signature import SignatureVerifier

SLACK_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"


@dataclass(frozen=True, slots=True)
class AppResponse:
    """The app's HTTP answer, with the response_url and trigger_id it was handed."""

    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)
    response_url: str | None = None
    trigger_id: str | None = None

    def json(self) -> Any:
        """The body parsed as JSON, or None when it is empty (a bare ack)."""
        return json.loads(self.body) if self.body.strip() else None


class SignedSender:
    """POSTs bodies to the app with Slack's signature headers."""

    def __init__(
        self,
        *,
        app_url: str,
        signing_secret: str,
        clock: Callable[[], float] = time.time,
        timeout: float = 10.0,
    ) -> None:
        self.app_url = app_url
        self._verifier = SignatureVerifier(signing_secret)
        self._clock = clock
        self._timeout = timeout

    def sign(self, *, body: bytes, timestamp: str) -> str:
        """The ``X-Slack-Signature`` Slack would send for ``body`` at ``timestamp``."""
        signature = self._verifier.generate_signature(timestamp=timestamp, body=body)
        assert signature is not None  # only None when timestamp is None
        return signature

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
        stamp = str(int(self._clock()) if timestamp is None else timestamp)
        request_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature or self.sign(body=body, timestamp=stamp),
            "User-Agent": SLACK_USER_AGENT,
            **(headers or {}),
        }
        request = urllib.request.Request(
            self.app_url, data=body, headers=request_headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:
                return _app_response(answer.status, answer.read(), dict(answer.headers.items()))
        except urllib.error.HTTPError as error:
            return _app_response(error.code, error.read(), dict(error.headers.items()))


def _app_response(status: int, body: bytes, headers: dict[str, str]) -> AppResponse:
    return AppResponse(status=status, body=body.decode("utf-8", "replace"), headers=headers)
