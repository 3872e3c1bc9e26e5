"""From checked rows and what the plan already holds to the writes an import makes. Pure.

Tasks are matched by goal title and task title; a matched task is written only when the
file says something different. A column the file leaves out is left as it is.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from storage.enums import Acceptance
from storage.transfer.columns import Column
from storage.transfer.csvfile import ParsedFile
from storage.transfer.directory import Directory
from storage.transfer.goals import FileGoal, check_goals, collect_goals, parents_of
from storage.transfer.names import loose_key
from storage.transfer.problems import ImportRejected, RowProblem
from storage.transfer.rows import Owner, PlanRow
from storage.transfer.snapshot import KnownGoal, KnownTask, Snapshot

# Stands for the id of a person or team this import has yet to create.
NOT_YET_CREATED = -1

# Which task fields each optional column sets.
_OPTIONAL_FIELDS: dict[Column, str] = {
    Column.HOW: "how",
    Column.TEAM: "team_id",
    Column.START: "start_on",
    Column.DUE: "due_on",
    Column.METRIC: "metric_name",
    Column.TARGET: "metric_target",
    Column.UNIT: "metric_unit",
    Column.BUDGET: "budget",
}


@dataclass(frozen=True)
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportCounts:
    goals: Counts
    tasks: Counts
    people: Counts
    teams: Counts

    @property
    def changed(self) -> bool:
        kinds = (self.goals, self.tasks, self.people, self.teams)
        return any(kind.created or kind.updated for kind in kinds)

    def as_dict(self) -> dict[str, dict[str, int]]:
        kinds = {"goals": self.goals, "tasks": self.tasks, "people": self.people}
        kinds["teams"] = self.teams
        return {name: vars(counts).copy() for name, counts in kinds.items()}


@dataclass(frozen=True)
class GoalWrite:
    """A goal to create (``id`` None) or to change: its parent by title and its budget."""

    id: int | None
    number: int
    title: str
    parent: str | None
    budget: Decimal | None


@dataclass(frozen=True)
class TaskWrite:
    """A task to create (``id`` None) or to change, as its row says."""

    id: int | None
    number: int
    goal: str
    row: PlanRow
    reset_acceptance: bool = False


@dataclass(frozen=True)
class Changes:
    columns: frozenset[Column]
    new_people: tuple[Owner, ...]
    new_teams: tuple[str, ...]
    goals: tuple[GoalWrite, ...]
    tasks: tuple[TaskWrite, ...]
    counts: ImportCounts


def task_values(
    row: PlanRow, *, columns: frozenset[Column], owner_id: int | None, team_id: int | None
) -> dict[str, Any]:
    """The task fields a row sets: title and owner always, the others when their column is in."""
    given: dict[str, Any] = {
        "how": row.how,
        "team_id": team_id,
        "start_on": row.start,
        "due_on": row.due,
        "metric_name": row.metric,
        "metric_target": row.target,
        "metric_unit": row.unit,
        "budget": row.budget,
    }
    values: dict[str, Any] = {"title": row.title, "owner_id": owner_id}
    values.update(
        {field: given[field] for col, field in _OPTIONAL_FIELDS.items() if col in columns}
    )
    return values


def plan_changes(parsed: ParsedFile, snapshot: Snapshot) -> Changes:
    """Every write the file asks for, or :class:`ImportRejected` listing every problem."""
    problems = list(parsed.problems)
    file_goals, goal_problems = collect_goals(parsed.rows)
    problems += goal_problems
    parents_stated = Column.PARENT_GOAL in parsed.columns
    problems += check_goals(file_goals, known=snapshot.goals, parents_stated=parents_stated)
    directory = Directory(people=snapshot.people, teams=snapshot.teams)
    people, new_people = _people(parsed.rows, directory)
    teams, new_teams = _teams(parsed.rows, directory, parsed.columns)
    tasks = _TaskPlanner(snapshot=snapshot, directory=directory, columns=parsed.columns)
    for row in parsed.rows:
        problems += tasks.take(row)
    if problems:
        raise ImportRejected(problems)
    goals, goal_counts = _goal_writes(
        file_goals,
        snapshot=snapshot,
        parents=parents_of(file_goals, known=snapshot.goals, parents_stated=parents_stated),
        budgets=tasks.goal_budgets(),
    )
    return Changes(
        columns=parsed.columns,
        new_people=tuple(new_people),
        new_teams=tuple(new_teams),
        goals=tuple(goals),
        tasks=tuple(tasks.writes),
        counts=ImportCounts(goals=goal_counts, tasks=tasks.counts(), people=people, teams=teams),
    )


def _people(rows: Iterable[PlanRow], directory: Directory) -> tuple[Counts, list[Owner]]:
    owners = list(dict.fromkeys(row.owner for row in rows))
    new = [owner for owner in owners if directory.person_id(owner) is None]
    known = {directory.person_id(owner) for owner in owners} - {None}
    return Counts(created=len(new), unchanged=len(known)), new


def _teams(
    rows: Iterable[PlanRow], directory: Directory, columns: frozenset[Column]
) -> tuple[Counts, list[str]]:
    if Column.TEAM not in columns:
        return Counts(), []
    names = [row.team for row in rows if row.team is not None]
    new: dict[str, str] = {}
    for name in names:
        if directory.team_id(name) is None:
            new.setdefault(loose_key(name), name)
    known = {directory.team_id(name) for name in names} - {None}
    return Counts(created=len(new), unchanged=len(known)), list(new.values())


class _TaskPlanner:
    """Takes rows one by one: catches duplicates, matches known tasks, numbers new ones."""

    def __init__(
        self, *, snapshot: Snapshot, directory: Directory, columns: frozenset[Column]
    ) -> None:
        self._directory = directory
        self._columns = columns
        self._goals = {goal.title: goal for goal in snapshot.goals}
        self._known: dict[int, dict[str, KnownTask]] = defaultdict(dict)
        for task in snapshot.tasks:
            self._known[task.goal_id][task.title] = task
        self._next_number = snapshot.last_task_number + 1
        self._seen: dict[tuple[str, str], int] = {}
        self._budgets: dict[str, dict[int | str, Decimal | None]] = defaultdict(dict)
        self._budgets_changed: set[str] = set()
        self.writes: list[TaskWrite] = []
        self._unchanged = 0

    def take(self, row: PlanRow) -> list[RowProblem]:
        key = (row.goal, loose_key(row.title))
        if key in self._seen:
            return [self._duplicate(row, self._seen[key])]
        self._seen[key] = row.line
        goal = self._goals.get(row.goal)
        known = self._known[goal.id] if goal else {}
        task = known.get(row.title)
        if task is None:
            twin = next((t for t in known.values() if loose_key(t.title) == key[1]), None)
            if twin is not None:
                return [_clash(row, twin)]
            self._create(row)
            return []
        return self._compare(row, task)

    def _create(self, row: PlanRow) -> None:
        self.writes.append(TaskWrite(id=None, number=self._next_number, goal=row.goal, row=row))
        self._budgets[row.goal][f"line {row.line}"] = row.budget
        if row.budget is not None:
            self._budgets_changed.add(row.goal)
        self._next_number += 1

    def _compare(self, row: PlanRow, task: KnownTask) -> list[RowProblem]:
        values = task_values(
            row, columns=self._columns, owner_id=self._owner_id(row), team_id=self._team_id(row)
        )
        start = values.get("start_on", task.start_on)
        due = values.get("due_on", task.due_on)
        if start and due and due < start:
            return [_dates_out_of_order(row, task, start=start, due=due)]
        self._budgets[row.goal][task.id] = values.get("budget", task.budget)
        if values.get("budget", task.budget) != task.budget:
            self._budgets_changed.add(row.goal)
        if all(getattr(task, field) == value for field, value in values.items()):
            self._unchanged += 1
            return []
        new_owner = values["owner_id"] != task.owner_id
        self.writes.append(
            TaskWrite(
                id=task.id,
                number=task.number,
                goal=row.goal,
                row=row,
                reset_acceptance=new_owner and task.acceptance != Acceptance.PENDING,
            )
        )
        return []

    def _owner_id(self, row: PlanRow) -> int:
        found = self._directory.person_id(row.owner)
        return NOT_YET_CREATED if found is None else found

    def _team_id(self, row: PlanRow) -> int | None:
        if row.team is None:
            return None
        found = self._directory.team_id(row.team)
        return NOT_YET_CREATED if found is None else found

    def goal_budgets(self) -> dict[str, Decimal | None]:
        """New budgets of the goals whose tasks' budgets this import sets or changes.

        Such a goal's budget becomes the sum of its tasks' budgets (those the file does not
        mention count with the budget they have). Other goals keep theirs, which may have
        been allocated by hand, so that re-importing an export changes nothing.
        """
        sums: dict[str, Decimal | None] = {}
        for title in self._budgets_changed:
            goal = self._goals.get(title)
            budgets: dict[int | str, Decimal | None] = {}
            for task in self._known[goal.id].values() if goal else ():
                budgets[task.id] = task.budget
            budgets.update(self._budgets[title])
            present = [budget for budget in budgets.values() if budget is not None]
            sums[title] = sum(present, Decimal(0)) if present else None
        return sums

    def counts(self) -> Counts:
        created = sum(1 for write in self.writes if write.id is None)
        return Counts(
            created=created, updated=len(self.writes) - created, unchanged=self._unchanged
        )

    def _duplicate(self, row: PlanRow, first_line: int) -> RowProblem:
        reason = (
            f"task {row.title!r} of goal {row.goal!r} is already on line {first_line}: "
            "list each task once per goal, or give it a distinct title"
        )
        return RowProblem(line=row.line, column=Column.TASK_TITLE.value, reason=reason)


def _clash(row: PlanRow, twin: KnownTask) -> RowProblem:
    reason = (
        f"task {row.title!r} of goal {row.goal!r} differs only in case or spacing from "
        f"T-{twin.number} {twin.title!r}: spell it {twin.title!r} to update that task, "
        "or give it a distinct title"
    )
    return RowProblem(line=row.line, column=Column.TASK_TITLE.value, reason=reason)


def _dates_out_of_order(row: PlanRow, task: KnownTask, *, start: date, due: date) -> RowProblem:
    reason = (
        f"T-{task.number} would be due {due.isoformat()}, before its start "
        f"{start.isoformat()}: give both dates"
    )
    return RowProblem(line=row.line, column=Column.DUE.value, reason=reason)


def _goal_writes(
    goals: Mapping[str, FileGoal],
    *,
    snapshot: Snapshot,
    parents: Mapping[str, str | None],
    budgets: Mapping[str, Decimal | None],
) -> tuple[list[GoalWrite], Counts]:
    known = {goal.title: goal for goal in snapshot.goals}
    titles = {goal.id: goal.title for goal in snapshot.goals}
    writes: list[GoalWrite] = []
    next_number = snapshot.last_goal_number + 1
    unchanged = 0
    for title in goals:
        goal = known.get(title)
        if goal is None:
            budget = budgets.get(title)
            writes.append(GoalWrite(None, next_number, title, parents.get(title), budget))
            next_number += 1
            continue
        write = _goal_change(goal, parent=parents.get(title), budgets=budgets, titles=titles)
        if write is None:
            unchanged += 1
        else:
            writes.append(write)
    created = sum(1 for write in writes if write.id is None)
    return writes, Counts(created=created, updated=len(writes) - created, unchanged=unchanged)


def _goal_change(
    goal: KnownGoal,
    *,
    parent: str | None,
    budgets: Mapping[str, Decimal | None],
    titles: Mapping[int, str],
) -> GoalWrite | None:
    budget = budgets.get(goal.title) if budgets.get(goal.title) is not None else goal.budget
    old_parent = titles.get(goal.parent_id) if goal.parent_id is not None else None
    if parent == old_parent and budget == goal.budget:
        return None
    return GoalWrite(goal.id, goal.number, goal.title, parent, budget)
