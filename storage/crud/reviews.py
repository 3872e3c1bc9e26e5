"""Review dates: the meetings a plan is reviewed at, with reminders before each.

Every function flushes and never commits: the caller's transaction decides.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from storage.crud._checks import choice, in_workspace, slack_id, text, utc
from storage.crud._tx import atomic
from storage.crud.audit import audit_row, created
from storage.enums import ReviewKind
from storage.errors import DomainError
from storage.models import Plan, ReviewDate

DEFAULT_REMIND_DAYS = (14, 3, 1)
MOST_REMINDERS = 10
FURTHEST_REMINDER_DAYS = 366
_CREATED_FIELDS = ("plan_id", "kind", "title", "held_on", "channel_id", "remind_days")


def add_review_date(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    plan: Plan,
    title: str,
    held_on: date,
    now: datetime,
    kind: ReviewKind | str = ReviewKind.MONTHLY,
    channel_id: str | None = None,
    remind_days: Sequence[int] = DEFAULT_REMIND_DAYS,
) -> ReviewDate:
    """A review of ``plan`` on ``held_on`` (today or later), reminded ``remind_days`` before."""
    plan_id = in_workspace(plan, workspace_id=workspace_id, field="plan", label="plan")
    today = utc(now).date()
    if held_on < today:
        raise DomainError(
            f"{held_on.isoformat()} is in the past; give the date of a review still to come",
            field="date",
        )
    review = ReviewDate(
        workspace_id=workspace_id,
        plan_id=plan_id,
        kind=choice(kind, ReviewKind, field="kind", label="kind of review"),
        title=text(title, field="title", label="review title", max_length=200),
        held_on=held_on,
        channel_id=slack_id(channel_id, field="channel", label="channel") if channel_id else None,
        remind_days=clean_remind_days(remind_days),
        created_at=utc(now),
    )
    with atomic(session):
        session.add(review)
        session.flush()
        audit_row(
            session, row=review, entity="review", actor=actor, action="review.add",
            changes=created(review, _CREATED_FIELDS), now=now,
        )  # fmt: skip
    return review


def clean_remind_days(days: Sequence[int]) -> list[int]:
    """Whole numbers of days before the review, 1 to 366, each once, furthest first."""
    for day in days:
        if (
            isinstance(day, bool)
            or not isinstance(day, int)
            or not 0 < day <= FURTHEST_REMINDER_DAYS
        ):
            raise DomainError(
                f"{day!s} is not a reminder offset; give whole days from 1 to "
                f"{FURTHEST_REMINDER_DAYS}, e.g. remind:14d,3d,1d",
                field="remind",
            )
    unique = sorted(set(days), reverse=True)
    if len(unique) > MOST_REMINDERS:
        raise DomainError(
            f"{len(unique)} reminders is too many; give at most {MOST_REMINDERS}", field="remind"
        )
    return unique


def list_upcoming_reviews(
    *,
    session: Session,
    workspace_id: str,
    today: date,
    within_days: int | None = None,
    plan: Plan | None = None,
) -> list[ReviewDate]:
    """Reviews held today or later (within ``within_days`` when given), soonest first."""
    query = select(ReviewDate).where(
        ReviewDate.workspace_id == workspace_id, ReviewDate.held_on >= today
    )
    if within_days is not None:
        query = query.where(ReviewDate.held_on <= today + timedelta(days=within_days))
    if plan is not None:
        query = query.where(ReviewDate.plan_id == plan.id)
    query = query.order_by(col(ReviewDate.held_on), col(ReviewDate.id))
    return list(session.exec(query).all())
