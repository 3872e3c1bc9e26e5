"""Owners' check-ins: which periods each answered, and this period's check-in in full, one
row per person."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from storage.models import CheckIn
from storage.reports.facts import CheckInFact


def answers_per_person(*, workspace_id: str, periods: Sequence[str], period: str) -> sa.Subquery:
    """Per person with a check-in in ``periods``: ``answered_<n>`` for each period, and
    ``period``'s check-in (``asked`` is 1 when there is one); read with :func:`answers`."""
    now = col(CheckIn.period) == period
    answered = col(CheckIn.answered_at).is_not(None)
    flags = [
        sa.func.max(sa.case((sa.and_(col(CheckIn.period) == label, answered), 1), else_=0)).label(
            f"answered_{number}"
        )
        for number, label in enumerate(periods)
    ]
    return (
        sa.select(col(CheckIn.person_id), *flags,
                  sa.func.max(sa.case((now, 1), else_=0)).label("asked"),
                  sa.func.max(sa.case((now, col(CheckIn.asked_at)))).label("asked_at"),
                  sa.func.max(sa.case((now, col(CheckIn.answered_at)))).label("answered_at"),
                  sa.func.max(sa.case((now, col(CheckIn.nudges_sent)))).label("nudges_sent"))
        .where(col(CheckIn.workspace_id) == workspace_id,
               col(CheckIn.period).in_(sorted(periods)))
        .group_by(col(CheckIn.person_id))
        .subquery("answers")
    )  # fmt: skip


def answer_columns(per_person: sa.Subquery) -> list[sa.ColumnElement[Any]]:
    """The columns of :func:`answers_per_person` to select beside a person's own."""
    return [column for column in per_person.c if column.name != "person_id"]


def answers(
    row: Any, *, person_id: int, periods: Sequence[str], period: str
) -> tuple[frozenset[str], CheckInFact | None]:
    """The periods ``row`` (with :func:`answer_columns`) says the person answered in, and
    their check-in for ``period``, if any."""
    answered = frozenset(label for n, label in enumerate(periods) if getattr(row, f"answered_{n}"))
    if not row.asked:
        return answered, None
    check_in = CheckInFact(person_id=person_id, period=period, asked_at=row.asked_at,
                           answered_at=row.answered_at, nudges_sent=row.nudges_sent)  # fmt: skip
    return answered, check_in
