"""Short references (``T-12``, ``G-3``): numbers unique per workspace, safe under concurrency.

The next number is the workspace's highest plus one, read inside the savepoint that inserts
the row. Two writers may still read the same highest number (PostgreSQL, READ COMMITTED):
the unique constraint refuses the second, which then reads again and retries.
"""

import re
from collections.abc import Mapping

from sqlalchemy import func
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


def _next_number(session: Session, model: type[Task] | type[Goal], workspace_id: str) -> int:
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
