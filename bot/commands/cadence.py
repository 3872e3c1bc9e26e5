"""Grammar of the check-in cadence (admins): cadence [show] | set | reset.

``day:`` is ``first-business`` (also ``1st-business``, ``2nd-business`` … ``10th-business``,
``business``) or a calendar day ``1``-``28`` (every month has it). ``time:`` is ``HH:MM``
(or ``9am``). ``window:`` and ``nudges:`` count business days from the prompt; nudges must
fall inside the window; ``nudges:none`` turns them off.
"""

import re

from bot.commands.cursor import Cursor
from bot.commands.errors import Invalid
from bot.commands.model import (
    CadenceDay,
    ChannelRef,
    Command,
    ResetCadence,
    SetCadence,
    ShowCadence,
)
from bot.commands.numbers import parse_clock, parse_day_count, parse_day_list
from bot.commands.options import Kind, Options, option_key
from bot.commands.refs import require_channel
from bot.commands.text import echo, fold

WINDOW_MAX = 20
BUSINESS_DAY_MAX = 10
_BUSINESS = re.compile(
    r"(?:(first|[0-9]{1,2})(?:st|nd|rd|th)?[-_ ]?)?business(?:[-_ ]?days?)?|(first|[0-9]{1,2})bd"
)
_NO_NUDGES = frozenset({"none", "off", "no", "never", "0"})
_SET_OPTIONS = dict.fromkeys(("team", "day", "time", "window", "nudges"), Kind.WORD)
_TEAM_ONLY = {"team": Kind.WORD}


def parse_cadence(cursor: Cursor) -> Command:
    first = cursor.peek()
    action = "show" if first is None or option_key(first.raw) else fold(first.text)
    if action not in _ACTIONS:
        raise Invalid(
            f"{echo(first.raw if first else '')} is not a cadence action; "
            "use `show`, `set` or `reset`."
        )
    if first is not None and not option_key(first.raw):
        cursor.take()
    try:
        return _ACTIONS[action](cursor)
    except Invalid as error:
        raise Invalid(error.problem, topic=error.topic or f"cadence {action}") from None


def _team_only(cursor: Cursor, *, command: str) -> ChannelRef | None:
    options = Options(command=command, allowed=_TEAM_ONLY, aliases={"channel": "team"})
    while not cursor.at_end():
        if not options.read(cursor):
            cursor.expect_end(command=command)  # not at the end, so this names the extra
    return options.optional("team", require_channel)


def _show(cursor: Cursor) -> Command:
    return ShowCadence(team=_team_only(cursor, command="cadence show"))


def _reset(cursor: Cursor) -> Command:
    return ResetCadence(team=_team_only(cursor, command="cadence reset"))


def _set(cursor: Cursor) -> Command:
    options = Options(
        command="cadence set",
        allowed=_SET_OPTIONS,
        aliases={"channel": "team", "at": "time", "nudge": "nudges", "reminders": "nudges"},
    )
    while not cursor.at_end():
        if not options.read(cursor):
            token = cursor.peek()
            raise Invalid(f"{echo(token.raw if token else '')} is not a setting; give `key:value`.")
    window = options.optional("window", _window)
    cadence = SetCadence(
        team=options.optional("team", require_channel),
        day=options.optional("day", parse_cadence_day),
        at=options.optional("time", parse_clock),
        window_days=window,
        nudge_days=options.optional("nudges", _nudges),
    )
    if (cadence.day, cadence.at, window, cadence.nudge_days) == (None, None, None, None):
        raise Invalid("Say what to change: `day:`, `time:`, `window:` or `nudges:`.")
    if window is not None and cadence.nudge_days and max(cadence.nudge_days) >= window:
        raise Invalid(
            f"Nudges must come before the window closes on business day {window}; "
            f"`nudges:` has day {max(cadence.nudge_days)}."
        )
    return cadence


def parse_cadence_day(text: str) -> CadenceDay:
    folded = fold(text.strip())
    if match := _BUSINESS.fullmatch(folded):
        number_text = match.group(1) or match.group(2) or "first"
        number = 1 if number_text == "first" else int(number_text)
        if not 1 <= number <= BUSINESS_DAY_MAX:
            raise Invalid(f"{echo(text)}: the business day is 1 to {BUSINESS_DAY_MAX}.")
        return CadenceDay(number=number, business=True)
    if folded.isascii() and folded.isdigit() and len(folded) <= 3:
        day = int(folded)
        if not 1 <= day <= 28:
            raise Invalid(f"{echo(text)}: a calendar day is 1 to 28, so every month has it.")
        return CadenceDay(number=day, business=False)
    raise Invalid(f"{echo(text)} is not a day; use `first-business`, `2nd-business` or `1`-`28`.")


def _window(text: str) -> int:
    return parse_day_count(text, what="the window", low=1, high=WINDOW_MAX)


def _nudges(text: str) -> tuple[int, ...]:
    if fold(text.strip()) in _NO_NUDGES:
        return ()
    days = parse_day_list(text, what="the nudges", low=1, high=WINDOW_MAX - 1)
    return tuple(sorted(days))


_ACTIONS = {"show": _show, "set": _set, "reset": _reset}
