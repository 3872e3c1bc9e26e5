"""Owners' check-ins: which periods each answered, and this period's check-in in full, one
row per person. Built with parameters (:func:`answer_parameters`)."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from storage.models import CheckIn
from storage.reports.facts import CheckInFact


def answer_parameters(periods: Sequence[str], *, period: str) -> dict[str, Any]:
    """The values of :func:`answers_per_person`'s parameters: ``periods`` asked about,
    ``period`` whose check-in is read in full."""
    labels = {f"answered_{number}": label for number, label in enumerate(periods)}
    return {**labels, "answer_periods": list(periods), "check_in_period": period}


def answers_per_person(*, periods: int) -> sa.Subquery:
    """Per person with a check-in in the ``periods`` periods asked about (in the
    workspace ``:workspace_id``): ``answered_<n>`` for each, and the check-in period's in
    full (``asked`` is 1 when there is one); read with :func:`check_in`."""
    now = col(CheckIn.period) == sa.bindparam("check_in_period")
    answered = col(CheckIn.answered_at).is_not(None)
    flags = [
        sa.func.max(
            sa.case((sa.and_(col(CheckIn.period) == sa.bindparam(name), answered), 1), else_=0)
        ).label(name)
        for name in (f"answered_{number}" for number in range(periods))
    ]
    return (
        sa.select(col(CheckIn.person_id), *flags,
                  sa.func.max(sa.case((now, 1), else_=0)).label("asked"),
                  sa.func.max(sa.case((now, col(CheckIn.asked_at)))).label("asked_at"),
                  sa.func.max(sa.case((now, col(CheckIn.answered_at)))).label("answered_at"),
                  sa.func.max(sa.case((now, col(CheckIn.nudges_sent)))).label("nudges_sent"))
        .where(col(CheckIn.workspace_id) == sa.bindparam("workspace_id"),
               col(CheckIn.period).in_(sa.bindparam("answer_periods", expanding=True)))
        .group_by(col(CheckIn.person_id))
        .subquery("answers")
    )  # fmt: skip


def answer_columns(per_person: sa.Subquery) -> list[sa.ColumnElement[Any]]:
    """The columns of :func:`answers_per_person` to select beside a person's own."""
    return [column for column in per_person.c if column.name != "person_id"]


def check_in(row: Any, *, person_id: int, period: str) -> CheckInFact | None:
    """The person's check-in for ``period`` in ``row`` (with :func:`answer_columns`), if
    they were asked; whether they answered each period asked about is ``answered_<n>``."""
    if not row.asked:
        return None
    return CheckInFact(person_id=person_id, period=period, asked_at=row.asked_at,
                       answered_at=row.answered_at, nudges_sent=row.nudges_sent)  # fmt: skip
