"""Reading dates: ISO and a few everyday forms, plus relative ones against a given today.

Accepted (case-insensitive):

- ``2026-12-24``, ``2026/12/24``, ``24.12.2026``
- ``Dec 24 2026``, ``December 24, 2026``, ``24 Dec 2026``, ``24th December 2026``;
  without the year (``Dec 24``) the next such day, today included
- ``today``, ``tomorrow``; ``monday`` … ``sunday`` or ``next friday``: the next such day
  after today
- ``+3d``, ``+2w``, ``+1m``; ``in 3 days``, ``in 2 weeks``, ``in 1 month``
"""

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta

from bot.commands.errors import Invalid
from bot.commands.text import echo, fold

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
DATE_EXAMPLE = "`2026-12-24`"

# English names, spelled out rather than taken from `calendar`, which follows the locale.
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    name[:length]: number
    for number, name in enumerate(_MONTH_NAMES, 1)
    for length in (3, len(name))
}
_MONTHS["sept"] = 9
_WEEKDAYS = {
    name[:length]: number for number, name in enumerate(_DAY_NAMES) for length in (3, len(name))
}
_UNIT_DAYS = {"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7}
_UNIT_MONTHS = {"m": 1, "month": 1, "months": 1}
_LIMITS = {1: 3660, 7: 520}  # about ten years, in days and in weeks
_MONTH_LIMIT = 120

_ISO = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})")
_DOTTED = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
_SLASHED_DAY_FIRST_OR_MONTH_FIRST = re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}")
_DAY = r"([0-9]{1,2})(?:st|nd|rd|th)?"
_MONTH = r"([a-z]+)\.?"
_YEAR = r"(?: ([0-9]{4}))?"
_MONTH_FIRST = re.compile(rf"{_MONTH} {_DAY}{_YEAR}")
_DAY_FIRST = re.compile(rf"{_DAY}\.? {_MONTH}{_YEAR}")
_PLUS = re.compile(r"\+([0-9]{1,5}) ?(d|w|m)")
_IN = re.compile(r"in ([0-9]{1,5}) (days?|weeks?|months?)")
_WEEKDAY = re.compile(r"(?:next )?([a-z]+)")


def _normal(text: str) -> str:
    return " ".join(fold(text).replace(",", " ").split())


def _looks_multiword(text: str) -> bool:
    """Whether ``text`` (several words) has the shape of one of the multi-word forms."""
    normal = _normal(text)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if (match := pattern.fullmatch(normal)) is not None:
            month = match.group(1) if pattern is _MONTH_FIRST else match.group(2)
            return month in _MONTHS
    if _IN.fullmatch(normal):
        return True
    match = _WEEKDAY.fullmatch(normal)
    return match is not None and normal.startswith("next ") and match.group(1) in _WEEKDAYS


def date_word_count(words: Sequence[str]) -> int:
    """How many of the leading ``words`` make up one date (3, 2 or 1; 0 if there are none)."""
    for count in (3, 2):
        if len(words) >= count and _looks_multiword(" ".join(words[:count])):
            return count
    return 1 if words else 0


def parse_date(text: str, *, today: date) -> date:
    """The date ``text`` means; raises `Invalid` saying what is wrong and what is right."""
    normal = _normal(text)
    if not normal:
        raise Invalid(f"A date is missing; write it like {DATE_EXAMPLE}.")
    result = _absolute(normal, today=today)
    if result is None:
        result = _relative(normal, today=today)
    if result is None:
        raise Invalid(
            f"{echo(text)} is not a date I know; write it like {DATE_EXAMPLE}, "
            "`Dec 24 2026`, `tomorrow`, `friday` or `+3d` (see `/pillar help dates`)."
        )
    if not EARLIEST <= result <= LATEST:
        raise Invalid(f"{echo(text)} is out of range: dates go from 2000 to 2100.")
    return result


def _absolute(normal: str, *, today: date) -> date | None:
    if match := _ISO.fullmatch(normal):
        year, month, day = (int(part) for part in match.groups())
        return _real(year, month, day, normal)
    if match := _DOTTED.fullmatch(normal):
        day, month, year = (int(part) for part in match.groups())
        return _real(year, month, day, normal)
    if _SLASHED_DAY_FIRST_OR_MONTH_FIRST.fullmatch(normal):
        raise Invalid(
            f"{echo(normal)} could be day/month or month/day; write it like {DATE_EXAMPLE}."
        )
    if match := _MONTH_FIRST.fullmatch(normal):
        return _named_month(match.group(1), match.group(2), match.group(3), today=today)
    if match := _DAY_FIRST.fullmatch(normal):
        return _named_month(match.group(2), match.group(1), match.group(3), today=today)
    return None


def _named_month(month_name: str, day: str, year: str | None, *, today: date) -> date | None:
    month = _MONTHS.get(month_name)
    if month is None:
        return None
    label = f"{month_name.title()} {int(day)}"
    if year is not None:
        return _real(int(year), month, int(day), f"{label} {year}")
    # No year: the next such day, today included (Feb 29 may be a few years off).
    for candidate_year in range(today.year, min(today.year + 5, 10_000)):
        if _is_real(candidate_year, month, int(day)):
            candidate = date(candidate_year, month, int(day))
            if candidate >= today:
                return candidate
    raise Invalid(f"{echo(label)} is not a real date.")


def _is_real(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _real(year: int, month: int, day: int, label: str) -> date:
    if not 1 <= year <= 9999 or not 1 <= month <= 12:
        raise Invalid(f"{echo(label)} is not a real date; write it like {DATE_EXAMPLE}.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        month_label = f"{_MONTH_NAMES[month - 1].title()} {year}"
        raise Invalid(f"{echo(label)} is not a real date: {month_label} has {last} days.")
    return date(year, month, day)


def _relative(normal: str, *, today: date) -> date | None:
    if normal == "today":
        return today
    if normal == "tomorrow":
        return _plus_days(today, 1, normal)
    if match := _PLUS.fullmatch(normal) or _IN.fullmatch(normal):
        count, unit = int(match.group(1)), match.group(2)
        if unit in _UNIT_MONTHS:
            return _plus_months(today, count, normal)
        return _plus_days(today, count * _UNIT_DAYS[unit], normal, unit_days=_UNIT_DAYS[unit])
    if (match := _WEEKDAY.fullmatch(normal)) and match.group(1) in _WEEKDAYS:
        ahead = (_WEEKDAYS[match.group(1)] - today.weekday() - 1) % 7 + 1
        return _plus_days(today, ahead, normal)
    return None


def _plus_days(today: date, days: int, label: str, *, unit_days: int = 1) -> date:
    if days > _LIMITS.get(unit_days, _LIMITS[1]) * unit_days:
        raise Invalid(f"{echo(label)} is too far ahead; at most ten years.")
    try:
        return today + timedelta(days=days)
    except OverflowError:
        raise Invalid(f"{echo(label)} is too far ahead.") from None


def _plus_months(today: date, months: int, label: str) -> date:
    if months > _MONTH_LIMIT:
        raise Invalid(f"{echo(label)} is too far ahead; at most ten years.")
    index = today.month - 1 + months
    year, month = today.year + index // 12, index % 12 + 1
    if year > 9999:
        raise Invalid(f"{echo(label)} is too far ahead.")
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
