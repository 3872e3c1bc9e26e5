"""A plan's review dates as an iCalendar file, for people's own calendars."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta

from icalendar import Alarm, Calendar, Event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage.models import ReviewDate
from storage.transfer.scope import PlanChoice, choose_plan, choose_workspace

PRODUCT_ID = "-//Pillar//Review dates//EN"


@dataclass(frozen=True)
class ReviewCalendar:
    workspace_id: str
    plan_name: str
    reviews: int
    text: str


def export_review_calendar(
    engine: Engine, *, workspace_id: str | None, plan: PlanChoice
) -> ReviewCalendar:
    """The plan's review dates as iCalendar text. Raises a DomainError when no such
    workspace or plan."""
    with Session(engine) as session:
        workspace, _ = choose_workspace(session, workspace_id=workspace_id)
        chosen, _ = choose_plan(session, workspace_id=workspace.id, choice=plan)
        query = (
            select(ReviewDate)
            .where(ReviewDate.plan_id == chosen.id, ReviewDate.workspace_id == workspace.id)
            .order_by(col(ReviewDate.held_on), col(ReviewDate.id))
        )
        reviews = list(session.exec(query))
    text = review_calendar(reviews, workspace_id=workspace.id, plan_name=chosen.name)
    return ReviewCalendar(
        workspace_id=workspace.id, plan_name=chosen.name, reviews=len(reviews), text=text
    )


def review_calendar(reviews: Sequence[ReviewDate], *, workspace_id: str, plan_name: str) -> str:
    """One all-day event per review, with an alarm at each of its reminder offsets."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{plan_name} reviews")
    for review in reviews:
        calendar.add_component(_event(review, workspace_id=workspace_id, plan_name=plan_name))
    text: bytes = calendar.to_ical()
    return text.decode("utf-8")


def review_uid(*, review_id: int | None, workspace_id: str) -> str:
    """Stable across exports, so that a calendar re-importing the file updates, not adds."""
    return f"review-{review_id}-{workspace_id.lower()}@pillar"


def _event(review: ReviewDate, *, workspace_id: str, plan_name: str) -> Event:
    event = Event()
    event.add("uid", review_uid(review_id=review.id, workspace_id=workspace_id))
    # The review's creation, not the export's time: the same review gives the same event.
    event.add("dtstamp", review.created_at.astimezone(UTC))
    event.add("summary", review.title)
    event.add("description", f"{review.kind.value.capitalize()} review of plan {plan_name}")
    event.add("dtstart", review.held_on)
    event.add("dtend", review.held_on + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    for days in sorted(set(review.remind_days), reverse=True):
        event.add_component(_alarm(days=days, title=review.title))
    return event


def _alarm(*, days: int, title: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{title} in {days} day{'s' if days != 1 else ''}")
    alarm.add("trigger", timedelta(days=-days))
    return alarm
