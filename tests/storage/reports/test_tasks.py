"""How the report statements of storage.reports.tasks reach their rows."""

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from storage.db import is_postgresql
from storage.reports.tasks import assigned_at
from tests.conftest import WORKSPACE


def _plan_of(engine: Engine, query: sa.Select[tuple[object]]) -> str:
    """The database's plan for ``query``; PostgreSQL is told to avoid scanning whole
    tables, which it would prefer for the few rows a test holds."""
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as connection:
        if is_postgresql(engine):
            connection.execute(sa.text("SET enable_seqscan = off"))
            lines = connection.execute(sa.text(f"EXPLAIN {compiled}")).scalars()
        else:
            explained = connection.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"))
            lines = (row[-1] for row in explained)
        return "\n".join(lines)


def test_when_a_task_was_given_is_read_from_that_tasks_own_log_lines(engine: Engine) -> None:
    """Not from the workspace's whole log, which grows with every update recorded."""
    given = assigned_at(sa.literal(7), workspace_id=WORKSPACE)
    plan = _plan_of(engine, sa.select(given))
    assert "ix_audit_log_entity" in plan
