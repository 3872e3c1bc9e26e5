"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when
``PILLAR_TEST_DATABASE_URL`` is set), emptied before each test."""

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import is_postgresql, make_engine
from storage.schema import SCHEMA, upgrade

WORKSPACE = "T0TEST"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _fresh_database(tmp_path: Path) -> Engine:
    url = os.environ.get("PILLAR_TEST_DATABASE_URL")
    if not url:
        return make_engine(f"sqlite:///{tmp_path / 'pillar-test.db'}")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(scope="session")
def migrated_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = _fresh_database(tmp_path_factory.mktemp("db"))
    upgrade(engine)
    yield engine
    engine.dispose()


def _empty(engine: Engine) -> None:
    tables = [table.name for metadata in SCHEMA for table in reversed(metadata.sorted_tables)]
    with engine.begin() as connection:
        if is_postgresql(engine):
            names = ", ".join(f'"{name}"' for name in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(sa.text(f'DELETE FROM "{name}"'))


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    """The migrated database, with every table empty."""
    _empty(migrated_engine)
    return migrated_engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the test runs, in order."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", count)


class QueryPlans:
    """The database's plan for each query the engine runs while recorded: to check that
    a lookup goes through the index meant for it. PostgreSQL is told to avoid scanning
    whole tables, which it prefers for the few rows a test holds."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.queries: list[tuple[str, Any]] = []

    def record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.queries.append((statement, parameters))

    def plans(self, containing: str) -> list[str]:
        """The plans of the recorded queries whose text contains ``containing``."""
        return [self._plan(statement, parameters)
                for statement, parameters in self.queries if containing in statement]  # fmt: skip

    def _plan(self, statement: str, parameters: Any) -> str:
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            if is_postgresql(self.engine):
                cursor.execute("SET enable_seqscan = off")
                cursor.execute(f"EXPLAIN {statement}", parameters)
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        finally:
            connection.rollback()
            connection.close()


@pytest.fixture
def query_plans(engine: Engine) -> Iterator[QueryPlans]:
    plans = QueryPlans(engine)
    sa.event.listen(engine, "before_cursor_execute", plans.record)
    yield plans
    sa.event.remove(engine, "before_cursor_execute", plans.record)
