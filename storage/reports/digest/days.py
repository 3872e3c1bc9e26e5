"""Calendar arithmetic in SQL, written for each database: days between two dates, and
the UTC date of a stored instant."""

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class utc_date(FunctionElement[date]):
    """The UTC calendar date of a stored instant."""

    type = sa.Date()
    inherit_cache = True


class days_between(FunctionElement[float]):
    """``days_between(later, earlier)``: whole days from one date to the other."""

    type = sa.Float()
    inherit_cache = True


def _arguments(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(argument, **kw) for argument in element.clauses]


@compiles(utc_date)
def _utc_date(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    [instant] = _arguments(element, compiler, **kw)
    return f"CAST(({instant}) AT TIME ZONE 'UTC' AS DATE)"


@compiles(utc_date, "sqlite")
def _utc_date_sqlite(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    [instant] = _arguments(element, compiler, **kw)
    return f"date({instant})"  # stored as UTC text


@compiles(days_between)
def _days_between(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _arguments(element, compiler, **kw)
    return f"(({later}) - ({earlier}))"  # date - date is a number of days


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _arguments(element, compiler, **kw)
    return f"(julianday({later}) - julianday({earlier}))"
