"""Splitting command text into tokens, shell-like but forgiving.

Whitespace separates tokens. Straight and typographic double quotes (" “ ” „ ‟ « ») group
words; each opening quote accepts the closing quotes people actually type with it (phones
mix straight and curly ones), so ``"Launch “Atlas”"`` keeps its inner quotes. Single
quotes are left alone: they are apostrophes far more often than quotes. Slack markup
(``<@U123|bob>``, ``<#C1|team>``, ``<https://…|link>``) is kept whole, spaces and all.
"""

from dataclasses import dataclass

from bot.commands.text import decode_entities

# Opening quote -> the quotes that close it.
_CLOSERS = {
    '"': '"',
    "“": '”"“',
    "„": '“”"',
    "”": '”"',
    "‟": '”"',
    "«": "»",
    "»": "«",
}
QUOTES = frozenset(_CLOSERS)


@dataclass(frozen=True)
class Token:
    """One token: ``raw`` exactly as sent, ``text`` unquoted with entities decoded."""

    raw: str
    text: str
    start: int
    end: int
    quoted: bool = False
    unterminated: bool = False


@dataclass
class _Scanner:
    """Walks the text once; remembers where markup cannot close any more."""

    source: str
    no_markup_close_after: int = -1

    def markup_end(self, start: int) -> int:
        """Index just past the ``>`` closing markup opened at ``start``, or -1."""
        if 0 <= self.no_markup_close_after <= start:
            return -1
        close = self.source.find(">", start + 1)
        if close < 0:
            self.no_markup_close_after = start
            return -1
        return close + 1

    def quote_end(self, start: int) -> int:
        """Index of the quote closing the one at ``start``, or -1."""
        closers = _CLOSERS[self.source[start]]
        for index in range(start + 1, len(self.source)):
            if self.source[index] in closers:
                return index
        return -1


def tokenize(source: str) -> list[Token]:
    """All tokens of ``source``, in order. Never fails: an unclosed quote runs to the end."""
    scanner = _Scanner(source)
    tokens: list[Token] = []
    index = 0
    while index < len(source):
        if source[index].isspace():
            index += 1
            continue
        token = _read_token(scanner, index)
        tokens.append(token)
        index = token.end
    return tokens


def _read_token(scanner: _Scanner, start: int) -> Token:
    source = scanner.source
    parts: list[str] = []
    quoted = unterminated = False
    index = start
    while index < len(source) and not source[index].isspace():
        char = source[index]
        if char in QUOTES:
            quoted = True
            close = scanner.quote_end(index)
            if close < 0:
                parts.append(source[index + 1 :])
                unterminated = True
                index = len(source)
                break
            parts.append(source[index + 1 : close])
            index = close + 1
        elif char == "<" and (end := scanner.markup_end(index)) > 0:
            parts.append(source[index:end])
            index = end
        else:
            parts.append(char)
            index += 1
    return Token(
        raw=source[start:index],
        text=decode_entities("".join(parts)),
        start=start,
        end=index,
        quoted=quoted,
        unterminated=unterminated,
    )


def unquote(raw: str) -> Token:
    """``raw`` read as one token (used for option values such as ``how:"a b"``)."""
    tokens = tokenize(raw)
    if not tokens:
        return Token(raw=raw, text="", start=0, end=len(raw))
    if len(tokens) == 1:
        return tokens[0]
    # A value never contains unquoted whitespace, but be safe: keep it all.
    text = " ".join(token.text for token in tokens)
    return Token(
        raw=raw,
        text=text,
        start=0,
        end=len(raw),
        quoted=any(token.quoted for token in tokens),
        unterminated=tokens[-1].unterminated,
    )
