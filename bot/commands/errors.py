"""The one exception used inside the parser; `parse` turns it into a `UsageError` value."""


class Invalid(Exception):
    """A problem with the person's input, phrased for them.

    ``topic`` names the command whose usage should be shown with the problem (for example
    ``"plan add"``); ``None`` means the command being parsed.
    """

    def __init__(self, problem: str, *, topic: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.topic = topic
