"""Safe text for Block Kit: escaping user input, shortening to Slack's limits, splitting.

User text (titles, notes, reasons, names) always goes through :func:`escape` before it is
placed in mrkdwn, so that a title such as ``<!channel>`` or ``a < b`` is shown, not obeyed.
Shortening happens after escaping and never cuts an ``&amp;``-style entity in half.
"""

import re

ELLIPSIS = "…"
SECTION_TEXT_LIMIT = 3000
CONTEXT_TEXT_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
OPTION_TEXT_LIMIT = 75
HEADER_TEXT_LIMIT = 150
FALLBACK_TEXT_LIMIT = 3000

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_WHITESPACE = re.compile(r"\s+")
_FENCE = "```"


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return "".join(_ESCAPES.get(character, character) for character in text)


def ellipsize(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis when cut."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    """Collapse runs of whitespace (newlines included) to single spaces."""
    return _WHITESPACE.sub(" ", text).strip()


def escape_within(text: str, limit: int) -> str:
    """Escape ``text`` for mrkdwn and shorten it to ``limit`` characters, entities intact."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    pieces: list[str] = []
    used = 0
    for character in text:
        piece = _ESCAPES.get(character, character)
        if used + len(piece) > limit - 1:
            break
        pieces.append(piece)
        used += len(piece)
    return "".join(pieces).rstrip() + ELLIPSIS


def plain(text: str, limit: int) -> str:
    """A single line of plain text (buttons, options, headers, titles) within ``limit``."""
    return ellipsize(one_line(text), limit) or "-"


def split_mrkdwn(text: str, *, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Split mrkdwn into chunks of at most ``limit`` characters.

    Splits prefer paragraph breaks, then line breaks, then spaces; a code block cut in two
    is closed at the end of one chunk and reopened at the start of the next, so each
    chunk renders on its own. The text is not escaped: it is trusted mrkdwn (help text).
    """
    if limit < 2 * len(_FENCE) + 8:
        raise ValueError(f"limit must be at least {2 * len(_FENCE) + 8}, got {limit}")
    chunks: list[str] = []
    rest = text.strip("\n")
    in_fence = False
    while rest:
        prefix = _FENCE + "\n" if in_fence else ""
        # Leave room to close a code block that this piece may leave open.
        budget = limit - len(prefix) - len(_FENCE) - 1
        if len(rest) <= budget:
            piece, rest = rest, ""
        else:
            cut = _cut_point(rest, budget)
            piece, rest = rest[:cut].rstrip(), rest[cut:].lstrip("\n")
        if not piece.strip():
            continue
        chunk = prefix + piece
        in_fence = chunk.count(_FENCE) % 2 == 1
        if in_fence:
            chunk += "\n" + _FENCE
        chunks.append(chunk)
    return chunks


def _cut_point(text: str, budget: int) -> int:
    """Where to cut ``text`` so the head fits ``budget``: the last natural break, if any."""
    window = text[: budget + 1]
    for separator in ("\n\n", "\n", " "):
        position = window.rfind(separator)
        if position > budget // 2:
            return position
    return budget
