"""Who answered their check-in in each period, and this period's check-ins in full."""

from collections import defaultdict
from collections.abc import Collection, Sequence

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
    answered: dict[str, set[int]] = defaultdict(set)
    check_ins = []
    now = col(CheckIn.period) == period
    query = (
        sa.select(col(CheckIn.person_id), col(CheckIn.period),
                  col(CheckIn.answered_at).is_not(None).label("answered"),
                  sa.case((now, col(CheckIn.asked_at))).label("asked_at"),
                  sa.case((now, col(CheckIn.answered_at))).label("answered_at"),
                  col(CheckIn.nudges_sent))
        .where(col(CheckIn.workspace_id) == workspace_id,
               col(CheckIn.period).in_(sorted(periods)),
               col(CheckIn.person_id).in_(sorted(people)))
        .order_by(col(CheckIn.period), col(CheckIn.person_id))
    )  # fmt: skip
    for row in session.execute(query) if people else ():
        if row.answered:
            answered[row.period].add(row.person_id)
        if row.period == period:
            check_ins.append(
                CheckInFact(person_id=row.person_id, period=row.period, asked_at=row.asked_at,
                            answered_at=row.answered_at, nudges_sent=row.nudges_sent)
            )  # fmt: skip
    return {p: frozenset(answered.get(p, ())) for p in periods}, tuple(check_ins)
