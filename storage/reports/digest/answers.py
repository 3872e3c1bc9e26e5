"""Who answered their check-in in each period, and this period's check-ins in full: one
row per person."""

from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.models import CheckIn
from storage.reports.facts import CheckInFact


def fetch_answers(
    session: Session,
    *,
    workspace_id: str,
    people: Collection[int],
    periods: Sequence[str],
    period: str,
) -> tuple[dict[str, frozenset[int]], tuple[CheckInFact, ...]]:
    """Per period which of ``people`` answered, and their ``period`` check-ins (one
    statement; none for no one)."""
    answered: dict[str, set[int]] = {label: set() for label in periods}
    check_ins = []
    now = col(CheckIn.period) == period
    query = (
        sa.select(col(CheckIn.person_id), *_answered(periods),
                  sa.func.max(sa.case((now, 1), else_=0)).label("asked"),
                  sa.func.max(sa.case((now, col(CheckIn.asked_at)))).label("asked_at"),
                  sa.func.max(sa.case((now, col(CheckIn.answered_at)))).label("answered_at"),
                  sa.func.max(sa.case((now, col(CheckIn.nudges_sent)))).label("nudges_sent"))
        .where(col(CheckIn.workspace_id) == workspace_id,
               col(CheckIn.period).in_(sorted(periods)),
               col(CheckIn.person_id).in_(sorted(people)))
        .group_by(col(CheckIn.person_id))
        .order_by(col(CheckIn.person_id))
    )  # fmt: skip
    for row in session.execute(query) if people else ():
        for number, label in enumerate(periods):
            if getattr(row, f"answered_{number}"):
                answered[label].add(row.person_id)
        if row.asked:
            check_ins.append(
                CheckInFact(person_id=row.person_id, period=period, asked_at=row.asked_at,
                            answered_at=row.answered_at, nudges_sent=row.nudges_sent)
            )  # fmt: skip
    return {label: frozenset(ids) for label, ids in answered.items()}, tuple(check_ins)


def _answered(periods: Sequence[str]) -> list[sa.ColumnElement[Any]]:
    """Per period, whether the person answered that period's check-in."""
    answered = col(CheckIn.answered_at).is_not(None)
    return [
        sa.func.max(sa.case((sa.and_(col(CheckIn.period) == label, answered), 1), else_=0)).label(
            f"answered_{number}"
        )
        for number, label in enumerate(periods)
    ]
