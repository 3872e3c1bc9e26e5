"""SQLite writers of one process take turns on a lock instead of in SQLite's busy handler.

SQLite admits one writer at a time. A connection that finds the write lock taken waits in
the busy handler, which sleeps between tries (up to 100 ms each), so under load the lock
sits free while every waiter sleeps: throughput drops and the slowest requests take
seconds. Queuing on a lock in the process wakes the next writer as soon as the previous
one is done. Writers in other processes still meet in SQLite's busy handler, as before.

A turn is taken just before ``BEGIN IMMEDIATE`` and given back when the connection returns
to the pool, which is after its COMMIT or ROLLBACK.
"""

import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

_TURNS = "writer_turns"  # in each pooled connection's info: the engine's WriterTurns
_HOLDS = "holds_writer_turn"  # in a pooled connection's info while it holds the turn


class WriterTurns:
    """One writing connection at a time; a thread already writing is not made to wait."""

    def __init__(self, *, timeout: float) -> None:
        self._lock = threading.Lock()
        self._holder: int | None = None
        self._timeout = timeout

    def take(self) -> bool:
        """Wait for the turn; False when not taken (nested in this thread's own, or timed out:
        the caller then goes on to SQLite's busy handler as it would without turns)."""
        if self._holder == threading.get_ident():
            return False
        if not self._lock.acquire(timeout=self._timeout):
            return False
        self._holder = threading.get_ident()
        return True

    def give_back(self) -> None:
        self._holder = None
        self._lock.release()


def install(engine: Engine, *, timeout: float) -> None:
    """Make ``engine``'s connections take turns in :func:`begin_immediate`."""
    turns = WriterTurns(timeout=timeout)

    @sa.event.listens_for(engine, "connect")
    def _remember(_dbapi_connection: Any, record: Any) -> None:
        record.info[_TURNS] = turns

    @sa.event.listens_for(engine, "checkin")
    def _give_back(_dbapi_connection: Any, record: Any) -> None:
        if record.info.pop(_HOLDS, False):
            turns.give_back()


def begin_immediate(connection: sa.Connection) -> None:
    """``BEGIN IMMEDIATE`` (take SQLite's write lock now), after this process's turn."""
    info = connection.info
    turns = info.get(_TURNS)
    if isinstance(turns, WriterTurns) and not info.get(_HOLDS) and turns.take():
        info[_HOLDS] = True
    connection.exec_driver_sql("BEGIN IMMEDIATE")
