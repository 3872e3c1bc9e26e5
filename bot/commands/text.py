"""Small text helpers: cleaning raw input, Slack's entities, quoting input back to people."""

import re
import unicodedata

# Control characters (except newline and tab), lone surrogates and zero-width marks: none of
# them means anything in a command, and some (NUL) cannot even be stored.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ud800-\udfff]")
_ENTITY = re.compile("&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_WHITESPACE_RUN = re.compile(r"\s+")

ECHO_LIMIT = 40


def clean_input(text: str) -> str:
    """The command text with line endings unified and invisible characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def decode_entities(text: str) -> str:
    """Undo Slack's escaping of ``&``, ``<`` and ``>``.

    One pass, so ``&amp;lt;`` becomes ``&lt;`` (what the person typed), not ``<``.
    """
    return _ENTITY.sub(lambda match: _ENTITIES[match.group(1)], text)


def fold(word: str) -> str:
    """A keyword as compared: lower case, with typographic dashes made plain hyphens."""
    return word.translate(_DASHES).casefold()


def one_line(text: str) -> str:
    """Runs of whitespace (newlines included) collapsed to single spaces, ends trimmed."""
    return _WHITESPACE_RUN.sub(" ", text).strip()


def echo(raw: str) -> str:
    """Some of the person's input, shortened and safe to put in a mrkdwn code span."""
    flat = one_line(raw).replace("`", "'")
    if len(flat) > ECHO_LIMIT:
        flat = flat[: ECHO_LIMIT - 1] + "…"
    return f"`{flat}`" if flat else "nothing"
