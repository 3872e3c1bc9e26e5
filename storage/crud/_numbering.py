"""Short references (``T-12``, ``G-3``): numbers unique per workspace, safe under concurrency.

The next number is the workspace's highest plus one, read inside the savepoint that inserts
the row, while holding a lock that makes writers of one workspace take turns: on PostgreSQL
a transaction-scoped advisory lock per workspace and kind; on SQLite the database write
lock, taken when the savepoint begins. Both are held until the caller's transaction ends,
so the number read cannot be taken meanwhile. Should a row arrive by another road, the
unique constraint refuses the clash and the number is read again.
"""

import hashlib
import re
from collections.abc import Mapping

from sqlalchemy import func, text
from sqlmodel import Session, select

from storage.crud._tx import Violation, as_conflict, savepoint
from storage.errors import Conflict, DomainError
from storage.models import Goal, Task

ATTEMPTS = 8


def parse_ref(ref: str | int, *, prefix: str, field: str, label: str) -> int:
    """The number in ``T-12`` / ``t12`` / ``12`` (for prefix ``T``)."""
    if isinstance(ref, int) and not isinstance(ref, bool) and ref > 0:
        return ref
    pattern = rf"^(?:{prefix}-?)?(\d{{1,9}})$"
    match = re.match(pattern, str(ref).strip(), flags=re.IGNORECASE)
    if match is None or int(match[1]) == 0:
        raise DomainError(
            f"{ref!s} is not a {label} reference; write it like {prefix}-12", field=field
        )
    return int(match[1])


def lock_key(kind: str, workspace_id: str) -> int:
    """A stable signed 64-bit advisory lock key for numbering ``kind`` in a workspace."""
    digest = hashlib.blake2b(f"pillar:{kind}:{workspace_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _take_turns(session: Session, kind: str, workspace_id: str) -> None:
    if session.connection().dialect.name == "postgresql":
        key = lock_key(kind, workspace_id)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _next_number(session: Session, model: type[Task] | type[Goal], workspace_id: str) -> int:
    _take_turns(session, str(model.__tablename__), workspace_id)
    highest = session.exec(
        select(func.max(model.number)).where(model.workspace_id == workspace_id)
    ).one()
    return int(highest or 0) + 1


def insert_numbered(
    session: Session, row: Task | Goal, *, conflicts: Mapping[str, Conflict]
) -> None:
    """Give ``row`` the next number of its workspace and flush it, retrying on a clash."""
    taken = f"uq_{type(row).__tablename__!s}_workspace_id_number"
    for _ in range(ATTEMPTS):
        try:
            with savepoint(session):
                row.number = _next_number(session, type(row), row.workspace_id)
                session.add(row)
        except Violation as violation:
            if violation.constraint != taken:
                raise as_conflict(violation, conflicts) from violation
            continue
        return
    raise Conflict(
        "many references were being handed out at once and none was free; try again",
        field="ref",
    )
