"""The columns of a plan file and the reading of its header line."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from storage.transfer.problems import RowProblem

HEADER_LINE = 1


class Column(StrEnum):
    """A plan file's columns, in the order an export writes them."""

    GOAL = "goal"
    PARENT_GOAL = "parent goal"
    TASK_TITLE = "task title"
    HOW = "how"
    OWNER = "owner"
    TEAM = "team"
    START = "start"
    DUE = "due"
    METRIC = "metric"
    TARGET = "target"
    UNIT = "unit"
    BUDGET = "budget"


COLUMNS: tuple[Column, ...] = tuple(Column)
REQUIRED: tuple[Column, ...] = (Column.GOAL, Column.TASK_TITLE, Column.OWNER)


def _key(name: str) -> str:
    """Header names match whatever their case, spaces and underscores."""
    return re.sub(r"[\s_]+", "", name).casefold()


_BY_KEY: dict[str, Column] = {_key(column.value): column for column in Column}


@dataclass(frozen=True)
class Header:
    """Which column each position of a row holds (``None`` for an unnamed, ignored column)."""

    positions: tuple[Column | None, ...]

    @property
    def present(self) -> frozenset[Column]:
        return frozenset(column for column in self.positions if column is not None)


def read_header(cells: Sequence[str], *, line: int = HEADER_LINE) -> Header | list[RowProblem]:
    """Map the header line's names to columns, or say every way in which it is wrong."""

    def problem(reason: str) -> RowProblem:
        return RowProblem(line=line, column=None, reason=reason)

    problems: list[RowProblem] = []
    positions: list[Column | None] = []
    for cell in cells:
        name = cell.strip()
        if not name:
            positions.append(None)
            continue
        column = _BY_KEY.get(_key(name))
        if column is None:
            problems.append(problem(f"unknown column {name!r}: expected {_known()}"))
        elif column in positions:
            problems.append(problem(f"column {column.value!r} appears twice: keep one"))
        positions.append(column)
    missing = [column.value for column in REQUIRED if column not in positions]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        problems.append(problem(f"missing required column {names}: every task needs them"))
    return problems or Header(positions=tuple(positions))


def _known() -> str:
    return ", ".join(column.value for column in COLUMNS)
