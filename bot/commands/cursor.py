"""A position in the token list, for the grammar functions to read from left to right."""

from datetime import date

from bot.commands.dates import date_word_count, parse_date
from bot.commands.errors import Invalid
from bot.commands.text import decode_entities, echo
from bot.commands.tokens import QUOTES, Token


class Cursor:
    """Tokens of one command, read in order; ``rest`` gives the raw remainder as free text.

    ``today`` is the date relative dates count from (the parser never reads a clock).
    """

    def __init__(self, source: str, tokens: list[Token], *, today: date) -> None:
        self.source = source
        self.tokens = tokens
        self.today = today
        self.index = 0

    def peek(self, ahead: int = 0) -> Token | None:
        position = self.index + ahead
        return self.tokens[position] if position < len(self.tokens) else None

    def take(self) -> Token | None:
        token = self.peek()
        if token is not None:
            self.index += 1
        return token

    def take_text(self) -> str | None:
        """The text of the next token (which is then read), or ``None`` at the end."""
        token = self.take()
        return token.text if token is not None else None

    def at_end(self) -> bool:
        return self.index >= len(self.tokens)

    def words(self, limit: int | None = None) -> list[str]:
        """The texts of the tokens not yet read (the first ``limit`` of them, if given)."""
        end = None if limit is None else self.index + limit
        return [token.text for token in self.tokens[self.index : end]]

    def rest(self) -> str:
        """Everything not yet read, as typed (entities decoded), and mark it read.

        A remainder that is one quoted token loses its quotes.
        """
        if self.at_end():
            return ""
        first = self.tokens[self.index]
        remaining = self.tokens[self.index :]
        self.index = len(self.tokens)
        if len(remaining) == 1 and first.quoted and first.raw[0] in QUOTES:
            return first.text.strip()
        return decode_entities(self.source[first.start :].strip())

    def take_date(self, *, what: str) -> date:
        """Read one date, which may span several words (``Dec 24 2026``, ``in 2 weeks``)."""
        words = self.words(3)
        count = date_word_count(words)
        if count == 0:
            raise Invalid(f"{what} is missing; write it like `2026-12-24`.")
        self.index += count
        return parse_date(" ".join(words[:count]), today=self.today)

    def expect_end(self, *, command: str) -> None:
        """Fail when tokens are left over, naming them."""
        if not self.at_end():
            extra = self.source[self.tokens[self.index].start :]
            raise Invalid(f"`{command}` takes nothing more, but got {echo(extra)}.")
