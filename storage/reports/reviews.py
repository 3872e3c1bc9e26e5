"""A plan's coming reviews."""

from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.models import ReviewDate
from storage.reports.facts import ReviewFact
from storage.reports.scope import ReportScope


def fetch_reviews(
    session: Session, scope: ReportScope, *, today: date, within_days: int
) -> list[ReviewFact]:
    """The plan's reviews from ``today`` to ``within_days`` later, soonest first."""
    query = (
        sa.select(ReviewDate)
        .where(
            col(ReviewDate.workspace_id) == scope.workspace_id,
            col(ReviewDate.plan_id) == scope.plan_id,
            col(ReviewDate.held_on) >= today,
            col(ReviewDate.held_on) <= today + timedelta(days=within_days),
        )
        .order_by(col(ReviewDate.held_on), col(ReviewDate.id))
    )
    return [
        ReviewFact(title=row.title, held_on=row.held_on, kind=row.kind, channel_id=row.channel_id)
        for row in session.scalars(query)
    ]
