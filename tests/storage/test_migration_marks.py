"""Migration 0002 marks the progress updates already there, and can be undone."""

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine

from storage.schema import alembic_config, current_revision, head_revision, upgrade

MARKS = ("is_latest", "is_last_of_period", "is_latest_spend")


@pytest.fixture
def before_marks(engine: Engine) -> Iterator[Engine]:
    """The test database taken back to 0001; brought to the newest schema afterwards."""
    command.downgrade(alembic_config(engine), "0001")
    try:
        yield engine
    finally:
        upgrade(engine)


def _at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=UTC)


def _seed_0001(engine: Engine) -> dict[str, int]:
    """Two tasks in the 0001 schema, one with four updates (two at the same instant)."""
    tables = sa.MetaData()
    tables.reflect(engine, only=["workspace", "plan", "goal", "task", "progress_update"])
    workspace, plan, goal, task, update = (tables.tables[name] for name in (
        "workspace", "plan", "goal", "task", "progress_update"))  # fmt: skip
    with engine.begin() as connection:
        connection.execute(sa.insert(workspace).values(id="T0MIG", name="", settings={},
                                                       created_at=_at(1, 1)))  # fmt: skip
        connection.execute(sa.insert(plan).values(id=1, workspace_id="T0MIG", name="FY",
            starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), state="active",
            created_at=_at(1, 1)))  # fmt: skip
        connection.execute(sa.insert(goal).values(id=1, workspace_id="T0MIG", number=1,
            plan_id=1, title="Grow", created_at=_at(1, 1)))  # fmt: skip
        for number in (1, 2):
            connection.execute(sa.insert(task).values(id=number, workspace_id="T0MIG",
                number=number, goal_id=1, title=f"Task {number}", how="", acceptance="accepted",
                state="open", created_at=_at(1, 1)))  # fmt: skip
        ids = {}
        for name, when, period, spent in (
            ("early", _at(10, 5), "2026-10", 10),
            ("october", _at(10, 20), "2026-10", None),
            ("spent", _at(11, 3), "2026-11", 20),
            ("tied", _at(11, 3), "2026-11", None),
        ):
            ids[name] = connection.execute(
                sa.insert(update).values(workspace_id="T0MIG", task_id=1, created_at=when,
                    period=period, status="on-track", spent=spent, note="", source="command")
                .returning(update.c.id)
            ).scalar_one()  # fmt: skip
    return ids


def _marked(engine: Engine) -> dict[str, set[int]]:
    with engine.connect() as connection:
        return {
            mark: set(connection.scalars(sa.text(
                f"SELECT id FROM progress_update WHERE {mark} = :yes"), {"yes": True}))
            for mark in MARKS
        }  # fmt: skip


def test_upgrading_marks_the_updates_already_there(before_marks: Engine) -> None:
    ids = _seed_0001(before_marks)
    upgrade(before_marks)
    assert _marked(before_marks) == {
        "is_latest": {ids["tied"]},
        "is_last_of_period": {ids["october"], ids["tied"]},
        "is_latest_spend": {ids["spent"]},
    }


def test_downgrading_takes_the_marks_away(before_marks: Engine) -> None:
    upgrade(before_marks)
    command.downgrade(alembic_config(before_marks), "0001")
    columns = {column["name"] for column in sa.inspect(before_marks).get_columns("progress_update")}
    assert columns.isdisjoint(MARKS)
    assert current_revision(before_marks) == "0001"
    upgrade(before_marks)
    assert current_revision(before_marks) == head_revision()
