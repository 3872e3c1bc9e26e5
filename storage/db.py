"""Engines and sessions.

SQLite gets foreign keys, WAL and a busy timeout so that the web threads, the scheduler
and the deliverers can share one file; PostgreSQL is used as it comes.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Engine
from sqlmodel import Session

from storage import writers

SQLITE_BUSY_TIMEOUT_MS = 15_000


def make_engine(url: str, **options: Any) -> Engine:
    """Create an engine for ``url`` configured for this application.

    A failed statement's error leaves its values out: they hold what people wrote (notes,
    message bodies), and such errors end up in the log.
    """
    options.setdefault("hide_parameters", True)
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, **options)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # Without a driver named, SQLAlchemy would reach for psycopg2; we ship psycopg 3.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    options.setdefault("pool_pre_ping", True)
    return sa.create_engine(url, **options)


def _sqlite_engine(url: str, **options: Any) -> Engine:
    connect_args = options.pop("connect_args", {})
    connect_args.setdefault("check_same_thread", False)
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = sa.create_engine(url, connect_args=connect_args, **options)
    in_memory = sa.make_url(url).database in (None, "", ":memory:")

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    if not in_memory:
        writers.install(engine, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    return engine


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def database_answers(engine: Engine) -> bool:
    """True when the database accepts a trivial query (used by the health check)."""
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    return True


def insert_unless_present(
    session: Session, model: Any, *, key: list[str]
) -> postgresql.Insert | sqlite.Insert | None:
    """An INSERT into ``model`` that skips rows whose ``key`` columns are already taken
    (ON CONFLICT DO NOTHING), or None on a database without that form."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing(index_elements=key)
    if dialect == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing(index_elements=key)
    return None


def rows_affected(result: sa.Result[Any]) -> int:
    """How many rows an UPDATE or DELETE changed."""
    return int(cast(CursorResult[Any], result).rowcount)
