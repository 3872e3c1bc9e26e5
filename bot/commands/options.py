"""``key:value`` options: recognising them, refusing unknown or repeated ones, converting.

A value may be quoted (``how:"call every vendor"``), may follow after a space (``due:
2026-12-24``), and a date value may span words (``due:Dec 24 2026``).
"""

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from bot.commands.cursor import Cursor
from bot.commands.dates import date_word_count
from bot.commands.errors import Invalid
from bot.commands.text import echo
from bot.commands.tokens import unquote

T = TypeVar("T")

_OPTION = re.compile(r"([A-Za-z][A-Za-z_-]{0,30}):(.*)", re.DOTALL)


class Kind(Enum):
    WORD = "word"
    DATE = "date"


@dataclass(frozen=True)
class OptionValue:
    key: str
    text: str
    raw: str


def option_key(raw: str) -> str | None:
    """The key of a token shaped like ``key:value`` (lower case), else ``None``."""
    match = _OPTION.fullmatch(raw)
    return match.group(1).lower() if match else None


class Options:
    """The options given to one command, checked against the ones it takes."""

    def __init__(
        self,
        *,
        command: str,
        allowed: Mapping[str, Kind],
        repeatable: Collection[str] = (),
        aliases: Mapping[str, str] | None = None,
        has_title: bool = False,
    ) -> None:
        self.command = command
        self.allowed = allowed
        self.repeatable = repeatable
        self.aliases = aliases or {}
        self.has_title = has_title
        self.values: dict[str, list[OptionValue]] = {}

    def read(self, cursor: Cursor, *, strict: bool = True) -> bool:
        """Read the option at the cursor, if there is one. Unknown keys fail when ``strict``;
        otherwise only near-misses fail (``spnt:``) and other ``word:`` tokens are left."""
        token = cursor.peek()
        if token is None or (key := option_key(token.raw)) is None:
            return False
        key = self.aliases.get(key, key)
        if key not in self.allowed:
            suggestion = self._suggest(key)
            if strict or suggestion:
                raise Invalid(self._unknown(key, suggestion))
            return False
        cursor.take()
        value_raw = token.raw.split(":", 1)[1]
        self._add(key, self._value(cursor, key, value_raw))
        return True

    def _value(self, cursor: Cursor, key: str, value_raw: str) -> OptionValue:
        value = unquote(value_raw)
        words = [value.text] if value_raw else []
        raws = [value_raw] if value_raw else []
        following = cursor.peek()
        if not words and following is not None and option_key(following.raw) is None:
            words, raws = [following.text], [following.raw]
            cursor.take()
        if self.allowed[key] is Kind.DATE and words and not value.quoted:
            extra = date_word_count(words + cursor.words(2)) - 1
            for _ in range(max(extra, 0)):
                taken = cursor.take()
                if taken is not None:
                    words.append(taken.text)
                    raws.append(taken.raw)
        return OptionValue(key=key, text=" ".join(words), raw=" ".join(raws))

    def _add(self, key: str, value: OptionValue) -> None:
        if key in self.values and key not in self.repeatable:
            raise Invalid(f"`{key}:` is given twice; give it once.")
        self.values.setdefault(key, []).append(value)

    def _suggest(self, key: str) -> str | None:
        close = difflib.get_close_matches(key[:30], list(self.allowed), n=1, cutoff=0.75)
        return close[0] if close else None

    def _unknown(self, key: str, suggestion: str | None) -> str:
        known = ", ".join(f"`{name}:`" for name in self.allowed)
        message = f"Unknown option `{key}:`"
        message += f" (did you mean `{suggestion}:`?)" if suggestion else ""
        message += f"; options for `{self.command}` are {known}."
        if self.has_title and not suggestion:
            message += " A title with a colon goes in quotes."
        return message

    def optional(self, key: str, convert: Callable[[str], T]) -> T | None:
        values = self.values.get(key)
        return _converted(values[0], convert) if values else None

    def required(self, key: str, convert: Callable[[str], T], *, example: str) -> T:
        values = self.values.get(key)
        if not values:
            raise Invalid(f"`{self.command}` needs `{key}:`, like `{example}`.")
        if not values[0].text.strip():
            raise Invalid(f"`{key}:` has no value; write it like `{example}`.")
        return _converted(values[0], convert)

    def every(self, key: str, convert: Callable[[str], T]) -> list[T]:
        return [_converted(value, convert) for value in self.values.get(key, [])]


def _converted(value: OptionValue, convert: Callable[[str], T]) -> T:
    if not value.text.strip():
        raise Invalid(f"`{value.key}:` has no value.")
    try:
        return convert(value.text)
    except Invalid as error:
        raise Invalid(f"`{value.key}:` {error.problem}", topic=error.topic) from None


def reject_unterminated(cursor: Cursor) -> None:
    """Fail on a quote that never closes: it would swallow the options after it."""
    for token in cursor.tokens[cursor.index :]:
        if token.unterminated:
            raise Invalid(f"A quote is opened but never closed: {echo(token.raw)}.")
