"""Failures to inject into Web API methods: HTTP errors, 429s, timeouts, dropped
connections, Slack errors.

A method can have a script (one entry per call, in order; ``None`` lets a call through)
and random faults (each with a fraction of calls), drawn from a seeded generator so a
run can be repeated. The script is used first; when it runs out, the random faults apply.
"""

import random
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    HTTP_ERROR = "http_error"
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    DISCONNECT = "disconnect"
    SLACK_ERROR = "slack_error"


@dataclass(frozen=True, slots=True)
class Fault:
    """How one call goes wrong.

    ``applied`` says whether the call still takes effect (the message is posted) before
    the failure reaches the caller: the ambiguous outcome a deliverer must cope with.
    """

    kind: FaultKind
    status: int = 200
    error: str = ""
    retry_after: int = 1
    delay: float = 0.0
    applied: bool = False

    @classmethod
    def server_error(cls, *, status: int = 500, applied: bool = False) -> "Fault":
        """An HTTP 5xx answer."""
        return cls(kind=FaultKind.HTTP_ERROR, status=status, error="fatal_error", applied=applied)

    @classmethod
    def rate_limited(cls, *, retry_after: int = 1) -> "Fault":
        """An HTTP 429 with ``Retry-After``, as if a rate limit had been hit."""
        return cls(
            kind=FaultKind.RATE_LIMITED, status=429, error="ratelimited", retry_after=retry_after
        )

    @classmethod
    def timeout(cls, *, delay: float, applied: bool = True) -> "Fault":
        """Answer only after ``delay`` seconds (longer than the client waits)."""
        return cls(kind=FaultKind.TIMEOUT, error="request_timeout", delay=delay, applied=applied)

    @classmethod
    def disconnect(cls, *, applied: bool = True) -> "Fault":
        """Close the connection without answering, as a dropped connection does."""
        return cls(kind=FaultKind.DISCONNECT, error="connection_closed", applied=applied)

    @classmethod
    def slack_error(cls, error: str) -> "Fault":
        """A normal HTTP 200 ``{"ok": false, "error": error}``."""
        return cls(kind=FaultKind.SLACK_ERROR, error=error)

    def describe(self) -> str:
        return f"{self.kind}:{self.error or self.status}"


@dataclass(frozen=True, slots=True)
class _RandomFault:
    fault: Fault
    fraction: float


class FaultInjector:
    """Chooses the fault (if any) for each call to a method; safe across threads."""

    def __init__(self, *, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(seed)
        self._scripts: dict[str, deque[Fault | None]] = {}
        self._random_faults: dict[str, list[_RandomFault]] = {}

    def script(self, method: str, faults: Iterable[Fault | None]) -> None:
        """Answer the next calls to ``method`` with these faults in order (None = normal)."""
        with self._lock:
            self._scripts.setdefault(method, deque()).extend(faults)

    def randomly(self, method: str, fault: Fault, *, fraction: float) -> None:
        """Answer about ``fraction`` of the calls to ``method`` with ``fault``."""
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
        with self._lock:
            self._random_faults.setdefault(method, []).append(_RandomFault(fault, fraction))

    def reseed(self, seed: int) -> None:
        with self._lock:
            self._random = random.Random(seed)

    def clear(self, method: str | None = None) -> None:
        """Forget the faults of one method, or of all."""
        with self._lock:
            if method is None:
                self._scripts.clear()
                self._random_faults.clear()
            else:
                self._scripts.pop(method, None)
                self._random_faults.pop(method, None)

    def next_fault(self, method: str) -> Fault | None:
        """The fault for this call to ``method``, or None to answer normally."""
        with self._lock:
            script = self._scripts.get(method)
            if script:
                return script.popleft()
            choices = self._random_faults.get(method)
            if not choices:
                return None
            draw = self._random.random()
            for choice in choices:
                if draw < choice.fraction:
                    return choice.fault
                draw -= choice.fraction
            return None
