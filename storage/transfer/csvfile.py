"""Plan files as CSV: bytes in, checked rows out; rows in, CSV text out. Pure, no database."""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from storage.transfer.columns import COLUMNS, HEADER_LINE, Column, Header, read_header
from storage.transfer.problems import RowProblem
from storage.transfer.rows import PlanRow, parse_row

# A progress callback receives (rows done, rows in all).
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ParsedFile:
    """The file's rows, the columns it has, and every problem found.

    ``rows`` holds every row that names a goal and a task, bad ones too (with blanks for
    their bad cells) so that they can be checked against each other: write them only when
    ``problems`` is empty.
    """

    rows: tuple[PlanRow, ...]
    columns: frozenset[Column]
    problems: tuple[RowProblem, ...]


@dataclass(frozen=True)
class _Record:
    line: int
    cells: list[str]


def parse_plan_file(data: bytes, *, progress: Progress | None = None) -> ParsedFile:
    """Decode (UTF-8, with or without a byte-order mark), split and check every row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reason = "the file is not UTF-8 text: save it as CSV UTF-8 and try again"
        return _rejected(RowProblem(line=line, column=None, reason=reason))
    records = _records(text)
    if isinstance(records, RowProblem):
        return _rejected(records)
    if not records:
        reason = f"the file is empty: expected a header line such as {','.join(COLUMNS)}"
        return _rejected(RowProblem(line=HEADER_LINE, column=None, reason=reason))
    header = read_header(records[0].cells, line=records[0].line)
    if not isinstance(header, Header):
        return _rejected(*header)
    return _parse_records(header, records[1:], progress)


def _parse_records(
    header: Header, records: Sequence[_Record], progress: Progress | None
) -> ParsedFile:
    rows: list[PlanRow] = []
    problems: list[RowProblem] = []
    for done, record in enumerate(records, start=1):
        row, row_problems = _parse_record(header, record)
        if row is not None and row.goal and row.title:
            rows.append(row)
        problems += row_problems
        if progress and (done % PROGRESS_EVERY == 0 or done == len(records)):
            progress(done, len(records))
    return ParsedFile(rows=tuple(rows), columns=header.present, problems=tuple(problems))


def _parse_record(header: Header, record: _Record) -> tuple[PlanRow | None, list[RowProblem]]:
    width = len(header.positions)
    extra = [cell for cell in record.cells[width:] if cell.strip()]
    unnamed = [
        cell
        for column, cell in zip(header.positions, record.cells, strict=False)
        if column is None and cell.strip()
    ]
    if extra or unnamed:
        reason = (
            f"{len(record.cells)} cells but the header names {len(header.present)} columns: "
            "give every value a column or remove it"
        )
        return None, [RowProblem(line=record.line, column=None, reason=reason)]
    cells = {
        column: cell
        for column, cell in zip(header.positions, record.cells, strict=False)
        if column is not None
    }
    return parse_row(line=record.line, cells=cells)


def _records(text: str) -> list[_Record] | RowProblem:
    """Non-blank records, each with the line it starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[_Record] = []
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append(_Record(line=line, cells=cells))
            line = reader.line_num + 1
    except csv.Error as error:
        reason = f"not valid CSV ({error}): check the quotes on this line"
        return RowProblem(line=line, column=None, reason=reason)
    return records


def _rejected(*problems: RowProblem) -> ParsedFile:
    return ParsedFile(rows=(), columns=frozenset(), problems=problems)


def render_csv(rows: Iterable[Sequence[str]]) -> str:
    """The header line and ``rows`` (cells in :data:`COLUMNS` order) as CSV text."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.value for column in COLUMNS])
    writer.writerows(rows)
    return buffer.getvalue()
