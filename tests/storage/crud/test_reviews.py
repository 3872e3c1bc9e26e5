from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from storage.crud import add_review_date, create_plan, list_upcoming_reviews
from storage.enums import ReviewKind
from storage.errors import DomainError, NotFound
from storage.models import AuditLog, Plan, ReviewDate
from tests.conftest import NOW, WORKSPACE

TODAY = NOW.date()


def review(session: Session, plan: Plan, held_on: date, **options: object) -> ReviewDate:
    options.setdefault("title", "Review")
    return add_review_date(
        session=session,
        workspace_id=plan.workspace_id,
        actor="UADMIN",
        plan=plan,
        held_on=held_on,
        now=NOW,
        **options,  # type: ignore[arg-type]
    )


def test_add_a_review_with_reminders(session: Session, plan: Plan) -> None:
    added = review(
        session,
        plan,
        date(2027, 3, 31),
        title="Q1 review",
        kind="quarterly",
        channel_id="CLEADS",
        remind_days=[1, 14, 7, 14],
    )
    session.commit()
    assert (added.kind, added.channel_id, added.remind_days) == (
        ReviewKind.QUARTERLY,
        "CLEADS",
        [14, 7, 1],
    )
    audit = session.exec(select(AuditLog).where(AuditLog.action == "review.add")).one()
    assert audit.changes["held_on"] == [None, "2027-03-31"]


def test_defaults(session: Session, plan: Plan) -> None:
    added = review(session, plan, TODAY)
    assert (added.kind, added.remind_days, added.channel_id) == (
        ReviewKind.MONTHLY,
        [14, 3, 1],
        None,
    )


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"held_on": TODAY - timedelta(days=1)}, "date", "is in the past"),
        ({"title": ""}, "title", "the review title is empty"),
        ({"kind": "weekly"}, "kind", "use one of: monthly, quarterly, annual"),
        ({"remind_days": [3, 0]}, "remind", "give whole days from 1 to 366"),
        ({"remind_days": [-1]}, "remind", "not a reminder offset"),
        ({"remind_days": [400]}, "remind", "not a reminder offset"),
        ({"remind_days": list(range(1, 12))}, "remind", "at most 10"),
        ({"channel_id": "# leads"}, "channel", "not a Slack channel id"),
    ],
)
def test_bad_input_is_refused(
    session: Session, plan: Plan, options: dict[str, object], field: str, message: str
) -> None:
    held_on = options.pop("held_on", date(2027, 3, 31))
    with pytest.raises(DomainError, match=message) as refused:
        review(session, plan, held_on, **options)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert session.exec(select(ReviewDate)).all() == []


def test_upcoming_reviews_soonest_first(session: Session, plan: Plan) -> None:
    later = review(session, plan, TODAY + timedelta(days=60), title="Later")
    soon = review(session, plan, TODAY + timedelta(days=5), title="Soon")
    today = review(session, plan, TODAY, title="Today")
    session.add(
        ReviewDate(
            workspace_id=WORKSPACE, plan_id=plan.id or 0, title="Past",
            held_on=TODAY - timedelta(days=1), created_at=NOW,
        )
    )  # fmt: skip
    session.commit()
    upcoming = list_upcoming_reviews(session=session, workspace_id=WORKSPACE, today=TODAY)
    assert upcoming == [today, soon, later]
    within = list_upcoming_reviews(
        session=session, workspace_id=WORKSPACE, today=TODAY, within_days=30
    )
    assert within == [today, soon]


def test_upcoming_reviews_of_one_plan_and_one_workspace(session: Session, plan: Plan) -> None:
    ours = review(session, plan, TODAY)
    other = create_plan(
        session=session, workspace_id=WORKSPACE, actor=None, name="FY2028",
        starts_on=date(2028, 1, 1), ends_on=date(2028, 12, 31), now=NOW,
    )  # fmt: skip
    review(session, other, TODAY)
    foreign = create_plan(
        session=session, workspace_id="T0OTHER", actor=None, name="FY2027",
        starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31), now=NOW,
    )  # fmt: skip
    review(session, foreign, TODAY)
    assert list_upcoming_reviews(
        session=session, workspace_id=WORKSPACE, today=TODAY, plan=plan
    ) == [ours]
    assert len(list_upcoming_reviews(session=session, workspace_id=WORKSPACE, today=TODAY)) == 2
    with pytest.raises(NotFound):
        add_review_date(
            session=session, workspace_id=WORKSPACE, actor=None, plan=foreign, title="x",
            held_on=TODAY, now=NOW,
        )  # fmt: skip
