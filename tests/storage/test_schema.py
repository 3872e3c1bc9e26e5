"""The migrations and the models describe the same schema, on SQLite and PostgreSQL."""

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from storage.db import make_engine
from storage.schema import (
    SCHEMA,
    SchemaOutOfDate,
    alembic_config,
    current_revision,
    head_revision,
    require_current_schema,
    upgrade,
)
from storage.slack_tables import SLACK_SDK_METADATA


def test_migrated_schema_matches_the_models_and_slack_sdk_tables(engine: Engine) -> None:
    """Pillar's models and slack_sdk's OAuth tables (which are not models) are both
    compared: a change on either side shows as a pending migration."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SCHEMA) == []


def test_the_comparison_would_see_a_missing_slack_sdk_table(tmp_path) -> None:
    before_oauth = make_engine(f"sqlite:///{tmp_path / 'before.db'}")
    upgrade(before_oauth, "0001")
    with before_oauth.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, SCHEMA)
    # Later migrations add to Pillar's own tables too; the new tables are slack_sdk's, and
    # the kept figures of past periods (0004).
    added_tables = {diff[1].name for diff in diffs if diff[0] == "add_table"}
    assert added_tables == set(SLACK_SDK_METADATA.tables) | {"period_summary"}


def test_the_oauth_tables_migration_downgrades_and_upgrades_again(tmp_path) -> None:
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(fresh)
    command.downgrade(alembic_config(fresh), "0001")
    assert not set(SLACK_SDK_METADATA.tables) & set(sa.inspect(fresh).get_table_names())
    assert "task" in sa.inspect(fresh).get_table_names()
    upgrade(fresh)
    assert set(SLACK_SDK_METADATA.tables) <= set(sa.inspect(fresh).get_table_names())


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
