"""A fresh, migrated database for one benchmark."""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from storage.db import is_postgresql, make_engine
from storage.schema import upgrade


class NotPostgreSQL(ValueError):
    """A URL given for PostgreSQL names another database."""


@contextmanager
def fresh_database(url: str | None) -> Iterator[str]:
    """The URL of an empty database at the newest schema.

    Without ``url``, a new SQLite file, removed afterwards; with it, that PostgreSQL
    database with its ``public`` schema dropped and re-created, so give it one of its own.
    """
    with tempfile.TemporaryDirectory(prefix="pillar-bench-") as directory:
        target = url or f"sqlite:///{Path(directory) / 'bench.db'}"
        engine = make_engine(target)
        try:
            if url is not None:
                _empty_public_schema(engine)
            upgrade(engine)
        finally:
            engine.dispose()
        yield target


def _empty_public_schema(engine: sa.Engine) -> None:
    if not is_postgresql(engine):
        raise NotPostgreSQL(f"expected a PostgreSQL URL, got {engine.url.drivername}")
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
