"""Reading a status word. The five statuses and the words taken for each:

- on-track: ``on-track``, ``ontrack``, ``on_track``, ``on track``, ``green``, ``good``, ``ok``
- at-risk: ``at-risk``, ``atrisk``, ``at_risk``, ``at risk``, ``risk``, ``amber``, ``yellow``
- off-track: ``off-track``, ``offtrack``, ``off_track``, ``off track``, ``red``, ``behind``
- blocked: ``blocked``, ``blocker``, ``stuck``
- done: ``done``, ``complete``, ``completed``, ``finished``

Slack's emoji names work too (``:large_green_circle:``, ``:red_circle:``, …). Case and
dashes do not matter (an en dash works as a hyphen). Two-word forms need exactly the second
word ``track`` or ``risk``, so a note starting "on Monday" is not misread.
"""

import difflib
from collections.abc import Sequence

from bot.commands.text import fold
from storage.enums import Status

_WORDS: dict[Status, tuple[str, ...]] = {
    Status.ON_TRACK: (
        "on-track", "ontrack", "on_track", "green", "good", "ok",
        ":large_green_circle:", ":green_circle:", ":white_circle:",
    ),
    Status.AT_RISK: (
        "at-risk", "atrisk", "at_risk", "risk", "amber", "yellow",
        ":large_yellow_circle:", ":yellow_circle:", ":large_orange_circle:", ":warning:",
    ),
    Status.OFF_TRACK: (
        "off-track", "offtrack", "off_track", "red", "behind", ":red_circle:",
    ),
    Status.BLOCKED: (
        "blocked", "blocker", "stuck", ":no_entry:", ":octagonal_sign:", ":construction:",
    ),
    Status.DONE: (
        "done", "complete", "completed", "finished",
        ":white_check_mark:", ":heavy_check_mark:", ":checkered_flag:",
    ),
}  # fmt: skip
_BY_WORD = {word: status for status, words in _WORDS.items() for word in words}
_TWO_WORDS = {
    ("on", "track"): Status.ON_TRACK,
    ("at", "risk"): Status.AT_RISK,
    ("off", "track"): Status.OFF_TRACK,
}
STATUS_WORDS = ", ".join(f"`{status.value}`" for status in Status)


def read_status(words: Sequence[str]) -> tuple[Status, int] | None:
    """The status the leading ``words`` name and how many words it took, or ``None``."""
    if not words:
        return None
    first = fold(words[0])
    if len(words) >= 2 and (pair := (first, fold(words[1]))) in _TWO_WORDS:
        return _TWO_WORDS[pair], 2
    status = _BY_WORD.get(first)
    return (status, 1) if status is not None else None


def suggest_status(word: str) -> Status | None:
    """The status ``word`` is probably a misspelling of (``at-rsk``), else ``None``."""
    folded = fold(word)[:30]
    if len(folded) < 4:
        return None
    candidates = [candidate for candidate in _BY_WORD if len(candidate) >= 4]
    close = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.8)
    return _BY_WORD[close[0]] if close else None
