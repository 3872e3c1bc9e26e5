"""Helpers for the import and export tests: plan files and a picture of the database."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

HEADER = "goal,parent goal,task title,how,owner,team,start,due,metric,target,unit,budget\n"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

PLAN_FILE = (
    HEADER + 'Grow revenue,,Hire two sales reps,"Post ads, interview",U012ABC,Sales,'
    "2027-01-01,2027-03-31,reps hired,2,people,12000\n"
    + 'Grow revenue,,Open Berlin office,"Find a place\nsign the lease",ana@example.com,Ops,'
    ",2027-06-30,,,,50000.50\n"
    + "EU expansion,Grow revenue,Register the company,,U045DEF,ops,,,,,,\n"
    + "EU expansion,Grow revenue,Hire a country lead,,ana@example.com,,,2027-09-30,,,,0\n"
)


@pytest.fixture
def plan_file() -> bytes:
    return ("\ufeff" + PLAN_FILE).encode()


@pytest.fixture
def snapshot_of(engine: Engine) -> Callable[[], dict[str, list[Any]]]:
    """Every row of every table, to show that something changed nothing."""

    def take() -> dict[str, list[Any]]:
        with engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        sa.select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in SQLModel.metadata.sorted_tables
            }

    return take
