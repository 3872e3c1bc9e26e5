"""What can be wrong with a plan file, said per line."""

from collections.abc import Sequence
from dataclasses import dataclass

from storage.errors import DomainError


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong on one line of the file (the header is line 1)."""

    line: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        return (
            f"{where}: {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"
        )


class ImportRejected(DomainError):
    """The file has problems; nothing was imported. ``problems`` lists all of them."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        # By line; within a line, in column order as found.
        self.problems = tuple(sorted(problems, key=lambda problem: problem.line))
        lines = len({problem.line for problem in self.problems})
        noun = "line" if lines == 1 else "lines"
        super().__init__(f"{lines} bad {noun} in the file; nothing was imported")

    def report(self) -> str:
        """The summary line followed by one indented line per problem."""
        return "\n".join([self.message, *(f"  {problem}" for problem in self.problems)])
