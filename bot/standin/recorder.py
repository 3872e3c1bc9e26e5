"""A thread-safe log of every Web API call the stand-in answered."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One Web API call: what was asked, when, and what the stand-in answered."""

    method: str
    params: dict[str, Any]
    time: float
    status: int
    response: dict[str, Any]
    team_id: str | None = None
    fault: str | None = None
    # The token the call was made with (None for calls without one, such as oauth.v2.access).
    token: str | None = None

    @property
    def ok(self) -> bool:
        """True when the caller got HTTP 200 and ``"ok": true``."""
        return self.status == 200 and self.response.get("ok") is True

    @property
    def error(self) -> str | None:
        """Slack's error code, if the call failed with one."""
        error = self.response.get("error")
        return str(error) if error is not None else None


CallFilter = Callable[[RecordedCall], bool]


class CallRecorder:
    """Appends calls from the server threads; tests read and wait on them."""

    def __init__(self) -> None:
        self._calls: list[RecordedCall] = []
        self._changed = threading.Condition()

    def record(self, call: RecordedCall) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def calls(
        self, method: str | None = None, *, where: CallFilter | None = None
    ) -> list[RecordedCall]:
        """The calls so far, oldest first, optionally of one method and matching ``where``."""
        with self._changed:
            return [c for c in self._calls if _matches(c, method, where)]

    def wait_for(
        self,
        method: str | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,
        where: CallFilter | None = None,
    ) -> list[RecordedCall]:
        """Block until ``count`` matching calls were recorded; raise TimeoutError if not.

        The app answers Slack first and works afterwards, so tests wait for its calls.
        """
        with self._changed:
            done = self._changed.wait_for(
                lambda: len([c for c in self._calls if _matches(c, method, where)]) >= count,
                timeout=timeout,
            )
            found = [c for c in self._calls if _matches(c, method, where)]
        if not done:
            raise TimeoutError(
                f"expected {count} call(s) to {method or 'any method'} within {timeout}s, "
                f"saw {len(found)}"
            )
        return found

    def clear(self) -> None:
        with self._changed:
            self._calls.clear()


def _matches(call: RecordedCall, method: str | None, where: CallFilter | None) -> bool:
    if method is not None and call.method != method:
        return False
    return where is None or where(call)
