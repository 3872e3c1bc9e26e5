"""The goals a file names: one spelling each, one parent each, parents that exist, no cycles.

Pure: works on checked rows and on the goals the plan already has.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storage.transfer.columns import Column
from storage.transfer.names import loose_key
from storage.transfer.problems import RowProblem
from storage.transfer.rows import PlanRow
from storage.transfer.snapshot import KnownGoal

_PARENT = Column.PARENT_GOAL.value
_GOAL = Column.GOAL.value


@dataclass
class FileGoal:
    """A goal as the file describes it: where it first appears and its parent, if stated."""

    title: str
    line: int
    parent: str | None = None
    parent_line: int | None = None


def collect_goals(rows: Iterable[PlanRow]) -> tuple[dict[str, FileGoal], list[RowProblem]]:
    """The file's goals by title, in order of first appearance, and their inconsistencies."""
    goals: dict[str, FileGoal] = {}
    spellings: dict[str, str] = {}
    problems: list[RowProblem] = []
    for row in rows:
        first_spelling = spellings.setdefault(loose_key(row.goal), row.goal)
        if first_spelling != row.goal:
            first = goals[first_spelling]
            reason = (
                f"goal {row.goal!r} is spelled {first_spelling!r} on line {first.line}: "
                "spell one goal the same way on every row"
            )
            problems.append(RowProblem(line=row.line, column=_GOAL, reason=reason))
            continue
        goal = goals.setdefault(row.goal, FileGoal(title=row.goal, line=row.line))
        problem = _take_parent(goal, row)
        if problem:
            problems.append(problem)
    return goals, problems


def _take_parent(goal: FileGoal, row: PlanRow) -> RowProblem | None:
    if row.parent_goal is None:
        return None
    if goal.parent is None:
        goal.parent, goal.parent_line = row.parent_goal, row.line
        return None
    if goal.parent == row.parent_goal:
        return None
    reason = (
        f"goal {goal.title!r} has parent {goal.parent!r} on line {goal.parent_line}, "
        f"not {row.parent_goal!r}: a goal has one parent"
    )
    return RowProblem(line=row.line, column=_PARENT, reason=reason)


def check_goals(
    goals: Mapping[str, FileGoal], *, known: Sequence[KnownGoal], parents_stated: bool
) -> list[RowProblem]:
    """Near misses of existing goals, unknown parents and cycles, each on its line."""
    problems = _near_misses(goals, known)
    problems += _unknown_parents(goals, known)
    if not problems:
        problems += _cycles(goals, parents_of(goals, known=known, parents_stated=parents_stated))
    return problems


def parents_of(
    goals: Mapping[str, FileGoal], *, known: Sequence[KnownGoal], parents_stated: bool
) -> dict[str, str | None]:
    """Every goal's parent title after the import: the file's word where it has the column."""
    titles = {goal.id: goal.title for goal in known}
    parents: dict[str, str | None] = {
        goal.title: titles.get(goal.parent_id) if goal.parent_id else None for goal in known
    }
    for title, goal in goals.items():
        if parents_stated or title not in parents:
            parents[title] = goal.parent
    return parents


def _near_misses(goals: Mapping[str, FileGoal], known: Sequence[KnownGoal]) -> list[RowProblem]:
    exact = {goal.title for goal in known}
    loose = {loose_key(goal.title): goal for goal in known}
    problems = []
    for title, goal in goals.items():
        twin = loose.get(loose_key(title))
        if title not in exact and twin is not None:
            reason = (
                f"goal {title!r} differs only in case or spacing from G-{twin.number} "
                f"{twin.title!r}: spell it {twin.title!r} to add to that goal"
            )
            problems.append(RowProblem(line=goal.line, column=_GOAL, reason=reason))
    return problems


def _unknown_parents(goals: Mapping[str, FileGoal], known: Sequence[KnownGoal]) -> list[RowProblem]:
    titles = set(goals) | {goal.title for goal in known}
    loose = {loose_key(title): title for title in titles}
    problems = []
    for goal in goals.values():
        if goal.parent is None or goal.parent in titles or goal.parent_line is None:
            continue
        near = loose.get(loose_key(goal.parent))
        hint = f"did you mean {near!r}?" if near else "add a row for it or create it first"
        reason = f"{goal.parent!r} is neither a goal in this file nor in the plan: {hint}"
        problems.append(RowProblem(line=goal.parent_line, column=_PARENT, reason=reason))
    return problems


def _cycles(goals: Mapping[str, FileGoal], parents: Mapping[str, str | None]) -> list[RowProblem]:
    problems = []
    for title, goal in goals.items():
        path = [title]
        parent = parents.get(title)
        while parent is not None and parent not in path:
            path.append(parent)
            parent = parents.get(parent)
        if parent == title:
            chain = " → ".join(repr(step) for step in [*path, title])
            reason = f"{chain} is a cycle: a goal cannot be its own ancestor"
            problems.append(
                RowProblem(line=goal.parent_line or goal.line, column=_PARENT, reason=reason)
            )
    return problems
