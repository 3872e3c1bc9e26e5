"""Reading numbers: percentages, amounts, day counts and lists, times of day."""

import re
from datetime import time
from decimal import Decimal

from bot.commands.errors import Invalid
from bot.commands.text import echo, fold

_PERCENT = re.compile(r"([-+]?[0-9]{1,4}(?:[.,][0-9]+)?) ?%")
# Thousands separated by commas (1,200) or not (1200); a dot for decimals; a currency sign
# and a k/m multiplier are tolerated (`$1,200.50`, `50k`, `1.5m`, `1200€`).
_AMOUNT = re.compile(
    r"(?P<sign>[-+])?[$€£¥]?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})"
    r"(?:\.(?P<frac>[0-9]{1,6}))?(?P<mult>[km])?[$€£¥]?"
)
_MULTIPLIERS = {None: Decimal(1), "k": Decimal(1000), "m": Decimal(1_000_000)}
MONEY_MAX = Decimal("999999999999.99")
VALUE_MAX = Decimal("1e15")
_DAYS = re.compile(r"([0-9]{1,3}) ?(?:d|days?|bd)?")
_CLOCK_24 = re.compile(r"([0-9]{1,2})(?:[:.h]([0-9]{2})|h)?")
_CLOCK_12 = re.compile(r"([0-9]{1,2})(?:[:.]([0-9]{2}))? ?([ap])\.?m\.?")


def looks_like_percent(word: str) -> bool:
    return _PERCENT.fullmatch(word.strip()) is not None


def parse_percent(word: str) -> int:
    """``40%`` as 40; only whole numbers from 0 to 100."""
    match = _PERCENT.fullmatch(word.strip())
    if match is None:
        raise Invalid(f"{echo(word)} is not a percentage; write it like `40%`.")
    number = match.group(1).replace(",", ".")
    if not re.fullmatch(r"[-+]?[0-9]+", number):
        raise Invalid(f"{echo(word)}: percent complete is a whole number, like `40%`.")
    percent = int(number)
    if not 0 <= percent <= 100:
        raise Invalid(f"{echo(word)}: percent complete goes from `0%` to `100%`.")
    return percent


def parse_amount(word: str, *, what: str, money: bool) -> Decimal:
    """A number such as ``1,200``, ``1200.50`` or ``50k``.

    ``money`` amounts are never negative and have at most two decimals.
    """
    match = _AMOUNT.fullmatch(fold(word.strip()))
    if match is None:
        raise Invalid(
            f"{echo(word)} is not a number for {what}; write it like `1200`, `1,200` or `1200.50`."
        )
    digits = match.group("int").replace(",", "")
    fraction = match.group("frac") or "0"
    amount = Decimal(f"{digits}.{fraction}") * _MULTIPLIERS[match.group("mult")]
    if match.group("sign") == "-":
        amount = -amount
    return _checked(amount, word=word, what=what, money=money)


def _checked(amount: Decimal, *, word: str, what: str, money: bool) -> Decimal:
    if abs(amount) > (MONEY_MAX if money else VALUE_MAX):
        raise Invalid(f"{echo(word)}: {what} is too large.")
    if money and amount < 0:
        raise Invalid(f"{echo(word)}: {what} cannot be negative.")
    if money and amount != amount.quantize(Decimal("0.01")):
        raise Invalid(f"{echo(word)}: {what} has at most two decimals, like `1200.50`.")
    # 50k is 50000, not 50000.0; 1200.50 keeps its cents.
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def parse_day_count(word: str, *, what: str, low: int, high: int) -> int:
    """``5d``, ``5 days`` or ``5`` as 5, within ``low..high``."""
    match = _DAYS.fullmatch(fold(word.strip()))
    if match is None:
        raise Invalid(f"{echo(word)} is not a number of days for {what}; write it like `5d`.")
    days = int(match.group(1))
    if not low <= days <= high:
        raise Invalid(f"{echo(word)}: {what} must be from {low} to {high} days.")
    return days


def parse_day_list(word: str, *, what: str, low: int, high: int) -> tuple[int, ...]:
    """``14d,3d,1d`` as (14, 3, 1): distinct day counts, in the order given."""
    parts = [part for part in re.split(r"[,;]", word) if part.strip()]
    if not parts:
        raise Invalid("give days, like `14d,3d,1d`.")
    if len(parts) > 10:
        raise Invalid(f"{echo(word)}: {what} takes at most 10 days.")
    days = tuple(parse_day_count(part, what=what, low=low, high=high) for part in parts)
    if len(set(days)) != len(days):
        raise Invalid(f"{echo(word)}: {what} lists a day twice.")
    return days


def parse_clock(word: str) -> time:
    """``09:00``, ``9:30``, ``9am``, ``5:30pm`` as a time of day."""
    folded = fold(word.strip())
    if match := _CLOCK_12.fullmatch(folded):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise Invalid(f"{echo(word)} is not a time of day; write it like `09:00`.")
        return time(hour % 12 + (12 if match.group(3) == "p" else 0), minute)
    if match := _CLOCK_24.fullmatch(folded):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            raise Invalid(f"{echo(word)} is not a time of day; write it like `09:00`.")
        return time(hour, minute)
    raise Invalid(f"{echo(word)} is not a time of day; write it like `09:00` (24-hour).")
