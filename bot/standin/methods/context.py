"""What a Web API method handler is given, and what it returns."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.standin.params import Params
from bot.standin.state import SlackState, Workspace


@dataclass(frozen=True, slots=True)
class MethodContext:
    """One call: the shared state, the caller's workspace and the call's arguments."""

    state: SlackState
    workspace: Workspace
    params: Params
    base_url: str

    @property
    def now(self) -> float:
        return self.state.clock()


# A handler returns the body of a successful answer without ``"ok": true`` and raises
# SlackError for a failed one. It runs with the state's lock held.
Handler = Callable[[MethodContext], dict[str, Any]]
