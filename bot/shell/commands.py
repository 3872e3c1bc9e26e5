"""How the shell reads a typed line: a `/pillar` command for the bot, or a colon command
for the shell itself (`:as @bob`, `:click 2`, `:advance 3d`, …). Pure: no I/O."""

import difflib
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True, slots=True)
class SlashCommand:
    """``/pillar TEXT`` (or ``pillar TEXT``) typed as the current person."""

    text: str


@dataclass(frozen=True, slots=True)
class SwitchPerson:
    """``:as @name [ZONE]``: act as someone else (created when unknown)."""

    name: str
    tz: str | None = None


@dataclass(frozen=True, slots=True)
class ListPeople:
    """``:people``."""


@dataclass(frozen=True, slots=True)
class Click:
    """``:click N [VALUE]``: use the N-th action shown (VALUE picks an option or a date)."""

    number: int
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Submit:
    """``:submit field=value …``: submit the open form."""

    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CloseForm:
    """``:close``: close the open form without submitting it."""


@dataclass(frozen=True, slots=True)
class OpenHome:
    """``:home``: open the App Home tab."""


@dataclass(frozen=True, slots=True)
class Advance:
    """``:advance 3d``: move the bot's clock forward."""

    by: timedelta


@dataclass(frozen=True, slots=True)
class ShowTime:
    """``:time``."""


@dataclass(frozen=True, slots=True)
class ShowHelp:
    """``:help``."""


@dataclass(frozen=True, slots=True)
class Quit:
    """``:quit``."""


@dataclass(frozen=True, slots=True)
class Nothing:
    """An empty line."""


@dataclass(frozen=True, slots=True)
class Invalid:
    """A line the shell cannot use, with a one-line message saying what is right."""

    message: str


ShellInput = (
    SlashCommand
    | SwitchPerson
    | ListPeople
    | Click
    | Submit
    | CloseForm
    | OpenHome
    | Advance
    | ShowTime
    | ShowHelp
    | Quit
    | Nothing
    | Invalid
)
Reader = Callable[[str], ShellInput]

HELP = """\
Talk to the bot as the current person:
  /pillar help              (or just: pillar help)
Shell commands:
  :as @name [Zone/City]     act as someone else; an unknown name is created (time zone optional)
  :people                   who is here
  :click N [value]          press the N-th action of the last message shown ([1], [2], …)
  :submit field=value …     submit the open form; quote values with spaces: note="on hold"
  :close                    close the open form
  :home                     open the App Home tab
  :advance 3d               move the clock forward (m, h, d or w: 90m, 2h, 3d, 1w)
  :time                     the time now, in your zone
  :help                     this help
  :quit                     leave (Ctrl-D works too)"""

_SHELL_HINT = "type /pillar help to talk to the bot, or :help for the shell's own commands"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
_DURATION_PART = re.compile(r"(\d+)([mhdw])")
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
          "w": timedelta(weeks=1)}  # fmt: skip
_UNIT_NAMES = {"m": "minute", "h": "hour", "d": "day", "w": "week"}
LONGEST_ADVANCE = timedelta(weeks=520)


def read_line(line: str) -> ShellInput:
    """What a typed line asks for; never raises."""
    text = line.strip()
    if not text:
        return Nothing()
    if text.startswith(":"):
        return _colon_command(text[1:])
    words = text.split(maxsplit=1)
    head = words[0].lower()
    rest = words[1].strip() if len(words) > 1 else ""
    if head in ("/pillar", "pillar"):
        return SlashCommand(text=rest)
    if head.startswith("/"):
        return Invalid(f"{words[0]} is not a command here; the bot's one command is /pillar")
    return Invalid(f"{words[0]!r} means nothing to the shell: {_SHELL_HINT}")


def _colon_command(text: str) -> ShellInput:
    words = text.split(maxsplit=1)
    if not words:
        return Invalid("':' alone is no command: :help lists the shell's commands")
    name, rest = words[0].lower(), (words[1].strip() if len(words) > 1 else "")
    reader = _READERS.get(name)
    if reader is None:
        return Invalid(_unknown(name))
    return reader(rest)


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, list(_READERS), n=1, cutoff=0.6)
    suggestion = f" Did you mean :{close[0]}?" if close else ""
    return f"There is no shell command :{name}.{suggestion} :help lists them."


def _no_arguments(name: str, command: ShellInput) -> Reader:
    def read(rest: str) -> ShellInput:
        if rest:
            return Invalid(f":{name} takes nothing after it; type just :{name}")
        return command

    return read


def _read_as(rest: str) -> ShellInput:
    words = rest.split()
    if not words:
        return Invalid("Say who to act as, e.g. :as @lena (or :as @newcomer Asia/Tokyo)")
    if len(words) > 2:
        return Invalid("Give a name and at most a time zone, e.g. :as @newcomer Asia/Tokyo")
    name = words[0].removeprefix("@").lower()
    if not _NAME.match(name):
        return Invalid(
            f"{words[0]!r} is not a name: use letters, digits, '.', '_' or '-', e.g. :as @lena"
        )
    tz = words[1] if len(words) == 2 else None
    if tz is not None and not is_time_zone(tz):
        return Invalid(f"{tz!r} is not a time zone: give one like Europe/Berlin or Asia/Tokyo")
    return SwitchPerson(name=name, tz=tz)


def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _read_click(rest: str) -> ShellInput:
    words = rest.split(maxsplit=1)
    if not words:
        return Invalid("Say which action: :click 1 presses the action shown as [1]")
    number = words[0].strip("[]")
    if not number.isdigit() or int(number) < 1:
        return Invalid(f"{words[0]!r} is not an action number: use the number shown, e.g. :click 2")
    value = words[1].strip() if len(words) > 1 else None
    return Click(number=int(number), value=_unquote(value) if value else None)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _read_submit(rest: str) -> ShellInput:
    try:
        words = shlex.split(rest)
    except ValueError:
        return Invalid('A quote is not closed: write a value with spaces as note="on hold"')
    values: dict[str, str] = {}
    for word in words:
        field, equals, value = word.partition("=")
        if not equals or not field:
            return Invalid(f"{word!r} is not field=value, as in :submit status=at-risk percent=40")
        if field in values:
            return Invalid(f"{field} is given twice; give each field once")
        values[field] = value
    return Submit(values=tuple(values.items()))


def _read_advance(rest: str) -> ShellInput:
    if not rest:
        return Invalid("Say how far: :advance 3d (m, h, d or w: 90m, 2h, 3d, 1w)")
    try:
        return Advance(by=parse_duration(rest))
    except ValueError as error:
        return Invalid(str(error))


def parse_duration(text: str) -> timedelta:
    """``90m``, ``2h``, ``3d``, ``1w`` or a sum such as ``1d12h``; ValueError if not."""
    compact = text.strip().lower().replace(" ", "")
    parts = _DURATION_PART.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ValueError(
            f"{text.strip()!r} is not a duration: use a number and a unit, "
            "e.g. 90m, 2h, 3d or 1w (m minutes, h hours, d days, w weeks)"
        )
    total = sum((int(number) * _UNITS[unit] for number, unit in parts), timedelta())
    if total <= timedelta():
        raise ValueError("Time only moves forward here: give a duration above zero, e.g. 1d")
    if total > LONGEST_ADVANCE:
        raise ValueError("That is more than ten years; give a shorter duration, e.g. 4w")
    return total


def describe_duration(duration: timedelta) -> str:
    """``3 days``, ``1 week 2 days``, ``1 hour 30 minutes``."""
    minutes = int(duration.total_seconds() // 60)
    parts: list[str] = []
    for unit in "wdhm":
        size = int(_UNITS[unit].total_seconds() // 60)
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count} {_UNIT_NAMES[unit]}{'s' if count != 1 else ''}")
    return " ".join(parts) or "less than a minute"


_READERS: dict[str, Reader] = {
    "as": _read_as,
    "people": _no_arguments("people", ListPeople()),
    "click": _read_click,
    "submit": _read_submit,
    "close": _no_arguments("close", CloseForm()),
    "home": _no_arguments("home", OpenHome()),
    "advance": _read_advance,
    "time": _no_arguments("time", ShowTime()),
    "help": _no_arguments("help", ShowHelp()),
    "quit": _no_arguments("quit", Quit()),
    "exit": _no_arguments("exit", Quit()),
    "q": _no_arguments("q", Quit()),
}
