"""Reading one row of a plan file into typed values: pure, no database.

Every problem in a row is reported, not just the first, so that one pass over the file
tells a person everything to fix.
"""

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from storage.transfer.columns import Column
from storage.transfer.problems import RowProblem

# Lengths of the columns that hold them (storage/models.py).
TITLE_LENGTH = 300
HOW_LENGTH = 4000
TEAM_LENGTH = 200
METRIC_LENGTH = 100
UNIT_LENGTH = 32
EMAIL_LENGTH = 320
BUDGET_INTEGER_DIGITS = 12

_SLACK_USER_ID = re.compile(r"<?@?(?P<id>[UW][A-Z0-9]{6,31})(?:\|[^>]*)?>?")
_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLAIN_FLOAT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_PLAIN_DECIMAL = re.compile(r"(?P<sign>[+-]?)(?P<whole>\d+)(?:\.(?P<fraction>\d+))?")

T = TypeVar("T")


class _Bad(ValueError):
    """A cell's value cannot be used; the message says why and what is right."""


@dataclass(frozen=True)
class Owner:
    """A task's owner as the file names them: a Slack user id or an e-mail (lower case)."""

    slack_user_id: str | None = None
    email: str | None = None

    def __str__(self) -> str:
        return self.slack_user_id or self.email or ""


@dataclass(frozen=True)
class PlanRow:
    """One task as a row of the file says it should be."""

    line: int
    goal: str
    parent_goal: str | None
    title: str
    how: str
    owner: Owner
    team: str | None
    start: date | None
    due: date | None
    metric: str | None
    target: float | None
    unit: str | None
    budget: Decimal | None


def parse_row(*, line: int, cells: Mapping[Column, str]) -> tuple[PlanRow, list[RowProblem]]:
    """Read one row (cells by column; absent columns are empty) and list all its problems.

    Where a cell is bad the row holds a blank in its place, so that a bad row can still be
    checked against the others (duplicates, parents) but must never be written.
    """
    problems: list[RowProblem] = []

    def cell(column: Column, read: Callable[[str], T], fallback: T) -> T:
        try:
            return read(cells.get(column, "").strip())
        except _Bad as bad:
            problems.append(RowProblem(line=line, column=column.value, reason=str(bad)))
            return fallback

    row = PlanRow(
        line=line,
        goal=cell(Column.GOAL, _required_text(TITLE_LENGTH, "every task belongs to a goal"), ""),
        parent_goal=cell(Column.PARENT_GOAL, _optional_text(TITLE_LENGTH), None),
        title=cell(Column.TASK_TITLE, _required_text(TITLE_LENGTH, "every task needs one"), ""),
        how=cell(Column.HOW, _optional_text(HOW_LENGTH), None) or "",
        owner=cell(Column.OWNER, parse_owner, Owner()),
        team=cell(Column.TEAM, _optional_text(TEAM_LENGTH), None),
        start=cell(Column.START, parse_date, None),
        due=cell(Column.DUE, parse_date, None),
        metric=cell(Column.METRIC, _optional_text(METRIC_LENGTH), None),
        target=cell(Column.TARGET, parse_target, None),
        unit=cell(Column.UNIT, _optional_text(UNIT_LENGTH), None),
        budget=cell(Column.BUDGET, parse_budget, None),
    )
    if row.start and row.due and row.due < row.start:
        reason = f"{row.due.isoformat()} is before the start {row.start.isoformat()}"
        problems.append(RowProblem(line=line, column=Column.DUE.value, reason=reason))
    if row.parent_goal is not None and row.parent_goal == row.goal:
        reason = f"goal {row.goal!r} cannot be its own parent"
        problems.append(RowProblem(line=line, column=Column.PARENT_GOAL.value, reason=reason))
    return row, problems


def _required_text(length: int, why: str) -> Callable[[str], str]:
    def read(value: str) -> str:
        if not value:
            raise _Bad(f"missing: {why}")
        return _within(value, length)

    return read


def _optional_text(length: int) -> Callable[[str], str | None]:
    def read(value: str) -> str | None:
        return _within(value, length) if value else None

    return read


def _within(value: str, length: int) -> str:
    if len(value) > length:
        raise _Bad(f"{len(value)} characters long: at most {length} fit")
    return value


def parse_owner(value: str) -> Owner:
    """A Slack user id (``U012ABC``, also ``<@U012ABC|ana>``) or an e-mail address."""
    if not value:
        raise _Bad(
            "missing: every task needs an owner, a Slack user id such as U012ABC "
            "or an e-mail such as ana@example.com"
        )
    slack = _SLACK_USER_ID.fullmatch(value)
    if slack:
        return Owner(slack_user_id=slack["id"])
    if _EMAIL.fullmatch(value) and len(value) <= EMAIL_LENGTH:
        return Owner(email=value.lower())
    raise _Bad(
        f"{value!r} is neither a Slack user id (such as U012ABC) "
        "nor an e-mail address (such as ana@example.com)"
    )


def parse_date(value: str) -> date | None:
    """An ISO date, YYYY-MM-DD; empty is no date."""
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{value!r} is not a date: expected YYYY-MM-DD such as 2027-03-31") from None


def parse_target(value: str) -> float | None:
    """A plain number such as 320 or 12.5; empty is no target."""
    if not value:
        return None
    number = float(value) if _PLAIN_FLOAT.fullmatch(value) else math.nan
    if not math.isfinite(number):
        raise _Bad(f"{value!r} is not a number: expected a plain number such as 320 or 12.5")
    return number


def parse_budget(value: str) -> Decimal | None:
    """An amount of 0 or more with at most 2 decimals, such as 1200 or 1200.50."""
    if not value:
        return None
    plain = _PLAIN_DECIMAL.fullmatch(value)
    if not plain:
        raise _Bad(
            f"{value!r} is not a plain amount: expected digits with an optional . and up to "
            "2 decimals, such as 1200 or 1200.50 (no currency signs or thousands separators)"
        )
    amount = Decimal(value)
    if amount < 0:
        raise _Bad(f"{value} is negative: a budget is 0 or more")
    if len(plain["fraction"] or "") > 2:
        raise _Bad(f"{value} has more than 2 decimals: round it to cents such as 1200.50")
    if len(plain["whole"].lstrip("0")) > BUDGET_INTEGER_DIGITS:
        raise _Bad(f"{value} is too large: at most {BUDGET_INTEGER_DIGITS} digits before the .")
    return amount
