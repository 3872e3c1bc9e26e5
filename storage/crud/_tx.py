"""Writing inside a savepoint, and turning a violated constraint into a :class:`Conflict`.

Every operation in this package flushes its rows inside a savepoint, so a refused change
leaves the caller's session usable and the rest of its transaction intact (an importer can
skip one bad row and go on). A session marked with :func:`refusal_ends_transaction` skips
the savepoint for its first change: nothing before it is kept. Nothing here commits: the
caller owns the transaction.
"""

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.errors import Conflict
from storage.writers import begin_immediate

# SQLite names a unique index by its columns, not by its name; map those to the index name
# PostgreSQL reports.
_SQLITE_INDEX_ALIASES = {"uq_plan_workspace_id": "uq_plan_one_active"}
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>.+)")
_SQLITE_CHECK = re.compile(r"CHECK constraint failed: (?P<name>\w+)")
_FIRST_CHANGE_UNGUARDED = "first_change_unguarded"  # in Session.info


class Violation(Exception):
    """The database refused a write; ``constraint`` is the constraint's name."""

    def __init__(self, constraint: str) -> None:
        super().__init__(constraint)
        self.constraint = constraint


def constraint_name(error: IntegrityError) -> str:
    """The violated constraint's name, the same on PostgreSQL and SQLite."""
    diag = getattr(error.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if isinstance(name, str) and name:
        return name
    message = str(error.orig)
    if unique := _SQLITE_UNIQUE.search(message):
        columns = [column.strip() for column in unique["columns"].split(",")]
        table = columns[0].split(".")[0]
        joined = "_".join(column.split(".")[-1] for column in columns)
        name = f"uq_{table}_{joined}"
        return _SQLITE_INDEX_ALIASES.get(name, name)
    if check := _SQLITE_CHECK.search(message):
        return check["name"]
    return message.splitlines()[0] if message else "unknown"


def _begin_sqlite_transaction(session: Session) -> None:
    """Open a real transaction before the first savepoint on SQLite.

    Python's sqlite3 module only begins a transaction before an INSERT, UPDATE or DELETE;
    a SAVEPOINT issued outside one starts its own transaction, and releasing it would
    commit the caller's work early. BEGIN IMMEDIATE also takes the write lock now, so a
    number read inside the savepoint (T-n) cannot be taken by another writer meanwhile.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver_connection = connection.connection.dbapi_connection
    if driver_connection is not None and not driver_connection.in_transaction:
        begin_immediate(connection)


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """Run the block in a savepoint and flush it; raise :class:`Violation` on refusal.

    On a refusal the savepoint is rolled back: the rows added in the block are gone and
    the rows changed in it are expired, so they read back their stored values.
    """
    with _flushed(session, in_savepoint=True):
        yield


def refusal_ends_transaction(session: Session) -> None:
    """Promise that ``session``'s transaction is rolled back, never continued, once a change
    is refused (one request's work). Its first change then needs no savepoint: there is
    nothing before it to keep. That saves two statements on every request that writes."""
    session.info[_FIRST_CHANGE_UNGUARDED] = True


@contextmanager
def atomic(session: Session, conflicts: Mapping[str, Conflict] | None = None) -> Iterator[None]:
    """Like :func:`savepoint`, but a refusal becomes the matching :class:`Conflict`."""
    unguarded = session.info.pop(_FIRST_CHANGE_UNGUARDED, False)
    try:
        with _flushed(session, in_savepoint=not unguarded):
            yield
    except Violation as violation:
        raise as_conflict(violation, conflicts or {}) from violation


@contextmanager
def _flushed(session: Session, *, in_savepoint: bool) -> Iterator[None]:
    _begin_sqlite_transaction(session)
    try:
        with session.begin_nested() if in_savepoint else nullcontext():
            yield
            session.flush()
    except IntegrityError as error:
        raise Violation(constraint_name(error)) from error


def as_conflict(violation: Violation, conflicts: Mapping[str, Conflict]) -> Conflict:
    known = conflicts.get(violation.constraint)
    if known is not None:
        return known
    return Conflict(
        f"the change clashes with existing data ({violation.constraint}); "
        "nothing was saved: check the references and try again"
    )
