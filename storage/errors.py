"""The one error type that domain operations raise for bad input."""


class DomainError(Exception):
    """A change was refused; nothing was written.

    ``field`` names the input that was wrong (``"due"``, ``"owner"``, ``"T-12"``…) and the
    message says what was wrong and what is right, ready to show to a person.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """A reference (task, goal, plan, team, person) names nothing in this workspace."""


class Conflict(DomainError):
    """The change clashes with existing data (a duplicate title, a second active plan…)."""
