"""Alembic, driven from code: upgrade, and the check that refuses an out-of-date schema."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.slack_tables import SLACK_SDK_METADATA

MIGRATIONS = Path(__file__).with_name("migrations")

# Everything the migrations create: Pillar's models and slack_sdk's OAuth tables.
SCHEMA: tuple[MetaData, ...] = (SQLModel.metadata, SLACK_SDK_METADATA)


class SchemaOutOfDate(RuntimeError):
    """The database is not at the newest migration."""


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    script = ScriptDirectory(str(MIGRATIONS))
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def require_current_schema(engine: Engine) -> None:
    """Raise :class:`SchemaOutOfDate` with one line saying what to run."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        found = f"at revision {current}" if current else "empty"
        raise SchemaOutOfDate(
            f"the database schema is {found}, not at {head}: run `pillar db upgrade` first"
        )
