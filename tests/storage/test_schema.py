"""The migrations and the models describe the same schema, on SQLite and PostgreSQL."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from storage.db import make_engine
from storage.schema import (
    SchemaOutOfDate,
    current_revision,
    head_revision,
    require_current_schema,
    upgrade,
)


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrated_database_is_current(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    require_current_schema(engine)


def test_an_empty_database_is_refused_with_the_command_to_run(tmp_path) -> None:
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(SchemaOutOfDate, match="run `pillar db upgrade`"):
        require_current_schema(empty)


def test_upgrade_is_idempotent(tmp_path) -> None:
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(fresh)
    upgrade(fresh)
    require_current_schema(fresh)
    assert "task" in sa.inspect(fresh).get_table_names()
