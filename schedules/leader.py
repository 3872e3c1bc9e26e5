"""One sweeper at a time on PostgreSQL: a session advisory lock on a connection of its own.

The lock belongs to the database session that took it, so it lasts exactly as long as
that connection: when the process holding it dies (or its connection drops), PostgreSQL
releases it and the next replica to ask takes it over. The holder checks each time that
it still has it, because a dropped connection loses the lock without telling anyone.
On SQLite there is one process per database file, and :class:`AlwaysLeader` is used.
"""

import logging
import threading
import zlib
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

# A fixed 32-bit key, so that every replica of every version asks for the same lock.
SWEEP_LOCK_KEY = zlib.crc32(b"pillar:sweeps")

# A holder whose process dies frees the lock at once (its socket closes). One whose machine
# or network vanishes says nothing; these server-side keepalives make PostgreSQL end its
# session, and so free the lock, about 25 seconds later instead of hours (TCP only).
KEEPALIVES = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}
_SET = sa.text("SELECT set_config(:name, :value, false)")

_HOLDS = sa.text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND pid = pg_backend_pid() AND classid = 0 AND objid = :key AND objsubid = 1)"
)


class Leadership(Protocol):
    def is_leader(self) -> bool:
        """True when this process should run the sweeps now (may take the lead)."""
        ...

    def release(self) -> None:
        """Give the lead up (at shutdown)."""
        ...


class AlwaysLeader:
    """The only sweeper there is (SQLite)."""

    def is_leader(self) -> bool:
        return True

    def release(self) -> None:
        return None


class AdvisoryLockLeader:
    """Leadership held as ``pg_try_advisory_lock(key)`` on a connection kept for it alone."""

    def __init__(self, engine: Engine, *, key: int = SWEEP_LOCK_KEY) -> None:
        if not 0 <= key < 2**32:
            raise ValueError(f"the lock key must fit in 32 bits, got {key}")
        self._engine = engine
        self._key = key
        self._connection: Connection | None = None
        self._holding = False  # a replica that never held the lock cannot lose it
        self._lock = threading.Lock()

    def is_leader(self) -> bool:
        with self._lock:
            try:
                connection = self._connection
                if self._holding and connection is not None and self._still_held(connection):
                    return True
                return self._take()
            except sa.exc.SQLAlchemyError as error:
                log.warning("cannot reach the database for the sweep lock: %s", error)
                self._drop()
                return False

    def _still_held(self, connection: Connection) -> bool:
        held = bool(connection.execute(_HOLDS, {"key": self._key}).scalar())
        connection.rollback()  # never sit idle in a transaction
        if not held:
            log.warning("the sweep lock was lost; asking for it again")
            self._drop()
        return held

    def _take(self) -> bool:
        if self._connection is None:
            self._connection = self._connect()
        taken = bool(
            self._connection.execute(
                sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
            ).scalar()
        )
        self._connection.rollback()
        if taken:
            log.info("this process now runs the sweeps")
        self._holding = taken
        return taken

    def _connect(self) -> Connection:
        """Checked out for good: the lock lives and dies with this one connection."""
        connection = self._engine.connect()
        for name, value in KEEPALIVES.items():
            connection.execute(_SET, {"name": name, "value": value})
        connection.commit()  # a rollback would undo the settings
        return connection

    def _drop(self) -> None:
        self._holding = False
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.invalidate()  # a possibly broken connection must not go back to the pool
            connection.close()
        except sa.exc.SQLAlchemyError:
            log.debug("closing the sweep lock connection failed", exc_info=True)

    def release(self) -> None:
        with self._lock:
            connection = self._connection
            if connection is not None:
                try:
                    connection.execute(
                        sa.text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                    )
                    connection.rollback()
                except sa.exc.SQLAlchemyError:
                    log.debug("unlocking the sweep lock failed", exc_info=True)
            self._drop()


def leadership_for(engine: Engine) -> Leadership:
    """The advisory lock on PostgreSQL; on any other database this process always leads."""
    if engine.dialect.name == "postgresql":
        return AdvisoryLockLeader(engine)
    return AlwaysLeader()
