"""Importing a plan file: check every row, then write it all in one transaction or nothing.

The writes are bulk statements (a few per table, whatever the file's size); what exists is
fetched up front in a handful of queries (see :mod:`storage.transfer.snapshot`).
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

from storage.db import is_postgresql, session_scope
from storage.enums import Acceptance, Role, TaskState
from storage.errors import Conflict
from storage.models import AuditLog, Goal, Person, Task, Team
from storage.transfer.changes import (
    Changes,
    GoalWrite,
    ImportCounts,
    TaskWrite,
    plan_changes,
    task_values,
)
from storage.transfer.csvfile import Progress, parse_plan_file
from storage.transfer.directory import Directory
from storage.transfer.rows import Owner
from storage.transfer.scope import PlanChoice, choose_plan, choose_workspace
from storage.transfer.snapshot import load_snapshot

log = logging.getLogger(__name__)
IMPORT_ACTION = "plan.import"
STATISTICS_LOCK_WAIT = "5s"
# Rows per INSERT/UPDATE statement: well under SQLite's and PostgreSQL's parameter limits.
BATCH_SIZE = 500

# Told (phase, done, total) as the import goes: "checked" rows, then "wrote" tasks.
ImportProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportResult:
    workspace_id: str
    plan_name: str
    workspace_created: bool
    plan_created: bool
    counts: ImportCounts


def import_plan(
    engine: Engine,
    *,
    data: bytes,
    workspace_id: str | None,
    plan: PlanChoice,
    now: datetime,
    actor: str | None = None,
    source_name: str | None = None,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Import the CSV ``data`` into a plan, all or nothing.

    Raises :class:`~storage.transfer.problems.ImportRejected` listing every bad row, or a
    :class:`~storage.errors.DomainError` when the workspace or plan cannot be chosen; in
    both cases nothing is written.
    """
    parsed = parse_plan_file(data, progress=_phase(progress, "checked"))
    try:
        with session_scope(engine) as session:
            workspace, workspace_created = choose_workspace(
                session, workspace_id=workspace_id, now=now
            )
            chosen, plan_created = choose_plan(
                session, workspace_id=workspace.id, choice=plan, now=now
            )
            assert chosen.id is not None  # flushed
            snapshot = load_snapshot(session, workspace_id=workspace.id, plan_id=chosen.id)
            changes = plan_changes(parsed, snapshot)
            _Writer(session, workspace_id=workspace.id, plan_id=chosen.id, now=now).write(
                changes,
                directory=Directory(people=snapshot.people, teams=snapshot.teams),
                goal_ids={goal.title: goal.id for goal in snapshot.goals},
                progress=_phase(progress, "wrote"),
            )
            if changes.counts.changed or plan_created or workspace_created:
                session.add(
                    _audit(
                        workspace_id=workspace.id,
                        plan_id=chosen.id,
                        counts=changes.counts,
                        actor=actor,
                        source_name=source_name,
                        now=now,
                    )
                )
    except sa.exc.IntegrityError as error:
        raise Conflict(
            "the plan changed while the file was being imported; nothing was imported: "
            "run the import again"
        ) from error
    if changes.counts.changed:
        _gather_statistics(engine)
    return ImportResult(
        workspace_id=workspace.id,
        plan_name=chosen.name,
        workspace_created=workspace_created,
        plan_created=plan_created,
        counts=changes.counts,
    )


def _gather_statistics(engine: Engine) -> None:
    """Have PostgreSQL gather statistics on the tables an import fills. It plans queries
    from them, and autovacuum gathers them only a while after a bulk load (never where it
    is off): until then it may scan a whole workspace to find one person.

    The import is committed by then, so a failure here is only logged, and it waits at
    most a few seconds for a lock (a migration or a manual VACUUM may hold one).
    """
    if not is_postgresql(engine):
        return
    tables = ", ".join(str(model.__tablename__) for model in (Person, Team, Goal, Task))
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"SET LOCAL lock_timeout = '{STATISTICS_LOCK_WAIT}'"))
            connection.execute(sa.text(f"ANALYZE {tables}"))
    except sa.exc.SQLAlchemyError as error:
        log.warning("imported, but gathering statistics failed: %s", error.__class__.__name__)


def _phase(progress: ImportProgress | None, phase: str) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda done, total: report(phase, done, total)


def _audit(
    *,
    workspace_id: str,
    plan_id: int,
    counts: ImportCounts,
    actor: str | None,
    source_name: str | None,
    now: datetime,
) -> AuditLog:
    changes: dict[str, Any] = counts.as_dict()
    if source_name:
        changes["file"] = source_name
    return AuditLog(
        workspace_id=workspace_id,
        actor=actor,
        action=IMPORT_ACTION,
        entity="plan",
        entity_id=plan_id,
        changes=changes,
        at=now,
    )


class _Writer:
    """Applies :class:`Changes` with bulk statements on the session's connection."""

    def __init__(self, session: Session, *, workspace_id: str, plan_id: int, now: datetime):
        self._connection: Connection = session.connection()
        self._workspace_id = workspace_id
        self._plan_id = plan_id
        self._now = now

    def write(
        self,
        changes: Changes,
        *,
        directory: Directory,
        goal_ids: dict[str, int],
        progress: Progress | None,
    ) -> None:
        """Write ``changes``; ``directory`` and ``goal_ids`` (by title) learn the new ids."""
        self._create_people(changes.new_people, directory)
        self._create_teams(changes.new_teams, directory)
        self._write_goals(changes.goals, goal_ids=goal_ids)
        self._write_tasks(changes, directory=directory, goal_ids=goal_ids, progress=progress)

    def _create_people(self, owners: Sequence[Owner], directory: Directory) -> None:
        rows = [
            {
                "workspace_id": self._workspace_id,
                "slack_user_id": owner.slack_user_id,
                "email": owner.email,
                "name": "",
                "tz": "UTC",
                "role": Role.MEMBER,
                "is_slack_admin": False,
                "deactivated": False,
                "created_at": self._now,
            }
            for owner in owners
        ]
        created = self._insert(_table(Person), rows, key=("slack_user_id", "email"))
        for person_id, slack_user_id, email in created:
            directory.add_person(Owner(slack_user_id=slack_user_id, email=email), person_id)

    def _create_teams(self, names: Sequence[str], directory: Directory) -> None:
        rows = [
            {
                "workspace_id": self._workspace_id,
                "name": name,
                "settings": {},
                "created_at": self._now,
            }
            for name in names
        ]
        for team_id, name in self._insert(_table(Team), rows, key=("name",)):
            directory.add_team(name, team_id)

    def _write_goals(self, writes: Sequence[GoalWrite], *, goal_ids: dict[str, int]) -> None:
        """Create new goals, then set parents and budgets (a parent may be new too)."""
        new = [write for write in writes if write.id is None]
        rows = [
            {
                "workspace_id": self._workspace_id,
                "number": write.number,
                "plan_id": self._plan_id,
                "title": write.title,
                "created_at": self._now,
            }
            for write in new
        ]
        for goal_id, title in self._insert(_table(Goal), rows, key=("title",)):
            goal_ids[title] = goal_id
        updates = [
            {
                "row_id": goal_ids[write.title],
                "parent_id": goal_ids[write.parent] if write.parent else None,
                "budget": write.budget,
            }
            for write in writes
        ]
        self._update(_table(Goal), updates)

    def _write_tasks(
        self,
        changes: Changes,
        *,
        directory: Directory,
        goal_ids: dict[str, int],
        progress: Progress | None,
    ) -> None:
        def values(write: TaskWrite) -> dict[str, Any]:
            row = write.row
            return task_values(
                row,
                columns=changes.columns,
                owner_id=directory.person_id(row.owner),
                team_id=directory.team_id(row.team) if row.team else None,
            )

        new = [
            {**self._new_task(write, goal_ids), **values(write)}
            for write in changes.tasks
            if write.id is None
        ]
        self._insert(_table(Task), new, progress=progress)
        for reset in (False, True):
            extra = {"acceptance": Acceptance.PENDING} if reset else {}
            self._update(
                _table(Task),
                [
                    {"row_id": write.id, **values(write), **extra}
                    for write in changes.tasks
                    if write.id is not None and write.reset_acceptance is reset
                ],
            )

    def _new_task(self, write: TaskWrite, goal_ids: dict[str, int]) -> dict[str, Any]:
        return {
            "workspace_id": self._workspace_id,
            "number": write.number,
            "goal_id": goal_ids[write.goal],
            "how": "",
            "acceptance": Acceptance.PENDING,
            "team_id": None,
            "start_on": None,
            "due_on": None,
            "state": TaskState.OPEN,
            "metric_name": None,
            "metric_target": None,
            "metric_unit": None,
            "budget": None,
            "created_at": self._now,
            "closed_at": None,
        }

    def _insert(
        self,
        table: sa.Table,
        rows: list[dict[str, Any]],
        *,
        key: tuple[str, ...] = (),
        progress: Progress | None = None,
    ) -> list[tuple[Any, ...]]:
        """Insert ``rows`` in batches; with a ``key``, each new row's (id, *key).

        The key, not the order, ties an id to its row: asking for rows back in parameter
        order would make SQLite insert them one at a time.
        """
        created: list[tuple[Any, ...]] = []
        statement = sa.insert(table)
        if key:
            statement = statement.returning(table.c.id, *(table.c[name] for name in key))
        for start in range(0, len(rows), BATCH_SIZE):
            result = self._connection.execute(statement, rows[start : start + BATCH_SIZE])
            if key:
                created += [tuple(row) for row in result]
            if progress:
                progress(min(start + BATCH_SIZE, len(rows)), len(rows))
        return created

    def _update(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Update rows by ``row_id``: each dict sets the columns it names."""
        if not rows:
            return
        statement = sa.update(table).where(table.c.id == sa.bindparam("row_id"))
        for start in range(0, len(rows), BATCH_SIZE):
            self._connection.execute(statement, rows[start : start + BATCH_SIZE])


def _table(model: type[SQLModel]) -> sa.Table:
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table
