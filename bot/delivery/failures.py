"""What a failed Web API call means for the message: wait, try again later, or give up.

Pure functions of the error (and of a random draw for jitter), so every rule is tested
without Slack.
"""

import http.client
import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any
from urllib.error import URLError

from slack_sdk.errors import SlackApiError

_ERROR_CODE = re.compile(r"^[a-z0-9_.]{1,80}$")


class FailureKind(StrEnum):
    RATE_LIMITED = "rate_limited"  # HTTP 429: wait Retry-After; not the message's fault
    TRANSIENT = "transient"  # Slack or the network hiccuped: back off and retry
    PERMANENT = "permanent"  # the request itself is wrong: retrying cannot help


@dataclass(frozen=True, slots=True)
class Failure:
    kind: FailureKind
    reason: str
    retry_after: float | None = None


# Slack's error codes that say "try again later".
TRANSIENT_ERRORS = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "team_added_to_org",
    }
)

# The usual permanent ones, for reference: every other Slack error code is permanent too,
# because Slack understood the request and refused it.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "is_archived",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_metadata_format",
        "msg_too_long",
        "no_text",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "restricted_action",
        "cannot_dm_bot",
        "too_many_attachments",
    }
)


def classify(error: BaseException) -> Failure:
    """The meaning of an exception raised by a ``WebClient`` call."""
    if isinstance(error, SlackApiError):
        return _from_response(
            status=int(error.response.status_code),
            data=error.response.data,
            headers=error.response.headers,
        )
    if isinstance(error, TimeoutError) or (
        isinstance(error, URLError) and isinstance(error.reason, TimeoutError)
    ):
        return Failure(FailureKind.TRANSIENT, "timeout")
    if isinstance(error, OSError | http.client.HTTPException):
        return Failure(FailureKind.TRANSIENT, f"connection error ({type(error).__name__})")
    return Failure(FailureKind.TRANSIENT, f"unexpected error ({type(error).__name__})")


def _from_response(*, status: int, data: Any, headers: Any) -> Failure:
    code = _code(data)
    if status == 429:
        return Failure(FailureKind.RATE_LIMITED, code or "ratelimited", _retry_after(headers))
    if status >= 500:
        return Failure(FailureKind.TRANSIENT, f"http {status}" + (f" {code}" if code else ""))
    if code in TRANSIENT_ERRORS:
        return Failure(FailureKind.TRANSIENT, code)
    return Failure(FailureKind.PERMANENT, code or f"http {status}")


def _code(data: Any) -> str:
    """Slack's error code; not the prose slack_sdk puts there for a non-JSON answer."""
    code = str(data.get("error") or "") if isinstance(data, dict) else ""
    return code if _ERROR_CODE.match(code) else ""


def _retry_after(headers: Any) -> float | None:
    """Seconds from a ``Retry-After`` header (any case), or None when absent or unreadable."""
    if not isinstance(headers, dict):
        return None
    for name, value in headers.items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(0.0, float(str(raw).strip()))
            except ValueError:
                return None
    return None


def backoff_delay(*, attempt: int, base: timedelta, cap: timedelta, draw: float) -> timedelta:
    """The wait after ``attempt`` failed attempts: doubling from ``base`` up to ``cap``,
    then jittered to between half and all of it by ``draw`` in [0, 1) so that messages
    that failed together do not retry together."""
    exponent = min(max(attempt - 1, 0), 64)
    ceiling = min(cap.total_seconds(), base.total_seconds() * 2.0**exponent)
    return timedelta(seconds=ceiling * (0.5 + 0.5 * min(max(draw, 0.0), 1.0)))
