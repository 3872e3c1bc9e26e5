"""SQLite writers of one process wait their turn on a lock, given back with the connection."""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import make_engine
from storage.writers import WriterTurns, begin_immediate


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE note (n INTEGER NOT NULL)")
    yield engine
    engine.dispose()


def _turns(engine: Engine) -> WriterTurns:
    with engine.connect() as connection:
        turns = connection.info["writer_turns"]
    assert isinstance(turns, WriterTurns)
    return turns


def _in_thread(target: threading.Thread) -> None:
    target.start()
    target.join(timeout=10)
    assert not target.is_alive()


def test_a_second_thread_waits_until_the_turn_is_given_back() -> None:
    turns = WriterTurns(timeout=5)
    assert turns.take()
    taken_at: list[float] = []

    def wait_for_the_turn() -> None:
        if turns.take():
            taken_at.append(time.monotonic())

    waiter = threading.Thread(target=wait_for_the_turn)
    waiter.start()
    time.sleep(0.2)
    assert taken_at == []
    given_back_at = time.monotonic()
    turns.give_back()
    waiter.join(timeout=5)
    assert len(taken_at) == 1
    assert taken_at[0] >= given_back_at


def test_the_thread_holding_the_turn_is_not_made_to_wait_for_itself() -> None:
    turns = WriterTurns(timeout=5)
    assert turns.take()
    started = time.monotonic()
    assert turns.take() is False
    assert time.monotonic() - started < 0.1


def test_a_turn_not_given_back_in_time_lets_the_waiter_go_on_without_it() -> None:
    turns = WriterTurns(timeout=0.1)
    assert turns.take()
    outcome: list[bool] = []
    _in_thread(threading.Thread(target=lambda: outcome.append(turns.take())))
    assert outcome == [False]


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_the_turn_is_given_back_when_the_transaction_ends(sqlite_file: Engine, ending: str) -> None:
    turns = _turns(sqlite_file)
    with Session(sqlite_file) as session:
        begin_immediate(session.connection())
        session.execute(sa.text("INSERT INTO note (n) VALUES (1)"))
        getattr(session, ending)()
    outcome: list[bool] = []
    _in_thread(threading.Thread(target=lambda: outcome.append(turns.take())))
    assert outcome == [True]


def test_writers_in_threads_take_turns_and_all_commit(sqlite_file: Engine) -> None:
    order: list[str] = []

    def write(name: str) -> None:
        with Session(sqlite_file) as session:
            begin_immediate(session.connection())
            order.append(f"{name} begins")
            session.execute(sa.text("INSERT INTO note (n) VALUES (1)"))
            time.sleep(0.05)  # hold the write lock a while: the others must wait
            order.append(f"{name} commits")
            session.commit()

    writers = [threading.Thread(target=write, args=(f"w{n}",)) for n in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=10)
    # Each writer's begin is followed by its own commit: no two were ever writing at once.
    assert [entry.split()[0] for entry in order[::2]] == [e.split()[0] for e in order[1::2]]
    assert all(entry.endswith("begins") for entry in order[::2])
    with sqlite_file.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM note").scalar() == 4


def test_an_in_memory_database_has_no_turns_and_still_begins() -> None:
    engine = make_engine("sqlite://")
    with Session(engine) as session:
        connection = session.connection()
        assert "writer_turns" not in connection.info
        begin_immediate(connection)
        assert connection.exec_driver_sql("SELECT 1").scalar() == 1
        session.rollback()
    engine.dispose()
