"""The error a stand-in Web API method raises to answer ``{"ok": false, ...}``."""

from typing import Any


class SlackError(Exception):
    """A Slack-style failure: ``error`` is the code Slack puts in ``{"ok": false}``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON body Slack answers with for this error."""
        return {"ok": False, "error": self.error, **self.extra}


def invalid_arguments(*messages: str) -> SlackError:
    """Slack's answer to missing or malformed arguments, with its explanations."""
    return SlackError("invalid_arguments", response_metadata={"messages": list(messages)})
