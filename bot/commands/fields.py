"""Free-text fields (titles, names, notes) and their limits."""

from collections.abc import Sequence

from bot.commands.errors import Invalid
from bot.commands.text import one_line
from bot.commands.tokens import Token

TITLE_LIMIT = 300
NAME_LIMIT = 200
NOTE_LIMIT = 3000
HOW_LIMIT = 4000
METRIC_LIMIT = 100
UNIT_LIMIT = 32

_NOTE_PREFIXES = ("note:", "reason:", "because:")


def title_from(tokens: Sequence[Token], *, what: str, limit: int, example: str) -> str:
    """The words of ``tokens`` as one line of text (quoted or not), checked."""
    for token in tokens:
        if token.unterminated:
            raise Invalid(f"The {what}'s opening quote is never closed.")
    text = one_line(" ".join(token.text for token in tokens))
    if not text:
        raise Invalid(f"The {what} is missing; put it in quotes, like `{example}`.")
    return checked(text, what=what, limit=limit)


def checked(text: str, *, what: str, limit: int) -> str:
    if len(text) > limit:
        raise Invalid(
            f"The {what} is {len(text)} characters long; at most {limit} fit. Shorten it."
        )
    return text


def line(text: str, *, what: str, limit: int) -> str:
    """A one-line value such as a unit or a metric name."""
    return checked(one_line(text), what=what, limit=limit)


def note(text: str, *, what: str = "note") -> str:
    """Free text after the other parts; a leading ``note:`` or ``reason:`` is dropped."""
    stripped = text.strip()
    for prefix in _NOTE_PREFIXES:
        if stripped[: len(prefix)].lower() == prefix:
            stripped = stripped[len(prefix) :].strip()
            break
    return checked(stripped, what=what, limit=NOTE_LIMIT)
