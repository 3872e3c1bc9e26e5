from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from schedules.digest import Digest, StaleReason, StaleSign, assemble_digest
from storage.enums import Status, TaskState
from storage.reports import CheckInFact, GoalFact, Listing, ReviewFact, TaskFact, recent_periods
from tests.storage.reports.factories import (
    PERIOD,
    TODAY,
    done_task,
    facts,
    owner,
    point,
    task,
    update,
)
from tests.storage.reports.reference import digest_facts_of


def digest_of(**kwargs: Any) -> Digest:
    return assemble_digest(digest_facts_of(facts(**kwargs)), period=PERIOD, today=TODAY)


def test_an_empty_plan_gives_an_empty_digest() -> None:
    digest = assemble_digest(digest_facts_of(facts(goals=())), period=PERIOD, today=TODAY)
    assert digest.is_empty
    assert digest.open_tasks == Listing()
    assert [count.count for count in digest.counts] == [0] * len(Status)
    assert digest.attention == digest.unreported == digest.overdue == digest.completed == Listing()
    assert digest.current_participation is not None
    assert digest.current_participation.rate is None
    assert [p.period for p in digest.series] == list(recent_periods(PERIOD, 6))
    assert digest.scope_name == "FY2027"


def test_the_period_must_be_the_one_the_facts_were_fetched_for() -> None:
    with pytest.raises(ValueError, match="2026-11"):
        assemble_digest(digest_facts_of(facts()), period="2026-10", today=TODAY)


def test_one_blocked_task_is_named_with_its_owner_and_note() -> None:
    blocked = task(7, latest=update(Status.BLOCKED, note="waiting on legal"), due_on=TODAY)
    digest = digest_of(
        tasks=[blocked],
        status_counts={PERIOD: {Status.BLOCKED: 1}, "2026-10": {Status.ON_TRACK: 1}},
        reporting={PERIOD: [1]},
        history=[point(7, PERIOD, Status.BLOCKED)],
    )
    assert not digest.is_empty
    [item] = digest.attention.first
    assert (item.ref, item.note, item.owner and item.owner.slack_id) == (
        "T-7", "waiting on legal", "U00001",
    )  # fmt: skip
    counts = {count.status: (count.count, count.change) for count in digest.counts}
    assert counts[Status.BLOCKED] == (1, 1)
    assert counts[Status.ON_TRACK] == (0, -1)
    assert digest.without_update == 0
    assert digest.unreported == Listing()
    assert [t.ref for t in digest.due_soon.first] == ["T-7"]


def test_attention_lists_blocked_then_off_track_then_at_risk() -> None:
    tasks = [
        task(1, latest=update(Status.AT_RISK)),
        task(2, latest=update(Status.ON_TRACK)),
        task(3, latest=update(Status.BLOCKED)),
        task(4, latest=update(Status.OFF_TRACK)),
        task(5),
    ]
    digest = digest_of(tasks=tasks)
    assert [item.ref for item in digest.attention.first] == ["T-3", "T-4", "T-1"]


def test_owners_who_did_not_report_are_named_with_their_tasks() -> None:
    quiet, talkative, answered = owner(1), owner(2), owner(3)
    away = owner(4, away_until=TODAY + timedelta(days=3))
    tasks = [
        task(1, owner=quiet),
        task(2, owner=quiet),
        task(3, owner=talkative),
        task(4, owner=answered),
        task(5, owner=away),
        task(6, owner=None),
    ]
    check_ins = [
        CheckInFact(person_id=1, period=PERIOD, asked_at=datetime(2026, 11, 2, tzinfo=UTC),
                    nudges_sent=2),
        CheckInFact(person_id=3, period=PERIOD, answered_at=datetime(2026, 11, 3, tzinfo=UTC)),
    ]  # fmt: skip
    digest = digest_of(tasks=tasks, reporting={PERIOD: [2]}, check_ins=check_ins)
    [silent] = digest.unreported.first
    assert silent.person.name == "Owner 1"
    assert silent.task_refs == ("T-1", "T-2")
    assert silent.task_count == 2
    assert silent.nudges_sent == 2
    participation = digest.current_participation
    assert participation is not None
    # Away owner 4 is not expected; owners 2 and 3 reported, owner 1 did not.
    assert (participation.expected, participation.reported) == (3, 2)


def test_participation_trend_follows_the_periods_and_when_tasks_were_open() -> None:
    created = datetime(2026, 9, 10, tzinfo=UTC)
    tasks = [
        task(1, owner=owner(1), created_at=created),
        task(2, owner=owner(2), created_at=created),
        done_task(3, owner=owner(3), created_at=created, closed=datetime(2026, 10, 2, tzinfo=UTC)),
    ]
    digest = digest_of(
        tasks=tasks, reporting={"2026-09": [1, 2, 3], "2026-10": [1], PERIOD: [1, 2]}
    )
    rates = {p.period: (p.reported, p.expected) for p in digest.participation}
    assert rates["2026-08"] == (0, 0)
    assert rates["2026-09"] == (3, 3)
    assert rates["2026-10"] == (1, 3)  # task 3 was open on 1 October
    assert rates[PERIOD] == (2, 2)
    assert digest.previous_participation is not None
    assert digest.previous_participation.rate == pytest.approx(1 / 3)


def test_overdue_due_soon_and_reviews_in_the_next_thirty_days() -> None:
    tasks = [
        task(1, due_on=TODAY - timedelta(days=1)),
        task(2, due_on=TODAY),
        task(3, due_on=TODAY + timedelta(days=30)),
        task(4, due_on=TODAY + timedelta(days=31)),
        task(5),
        done_task(6, due_on=TODAY - timedelta(days=9), closed=datetime(2026, 9, 1, tzinfo=UTC)),
    ]
    review = ReviewFact(title="Q4 review", held_on=TODAY + timedelta(days=8))
    digest = digest_of(tasks=tasks, reviews=[review])
    assert [t.ref for t in digest.overdue.first] == ["T-1"]
    assert [t.ref for t in digest.due_soon.first] == ["T-2", "T-3"]
    assert [(r.title, r.days_away) for r in digest.reviews] == [("Q4 review", 8)]


def test_completed_this_period_with_owner_for_recognition() -> None:
    tasks = [
        done_task(1, closed=datetime(2026, 11, 20, tzinfo=UTC), owner=owner(5)),
        done_task(2, closed=datetime(2026, 10, 31, 23, 59, tzinfo=UTC)),
        task(3, state=TaskState.DROPPED, closed_at=datetime(2026, 11, 2, tzinfo=UTC)),
        done_task(4, closed=datetime(2026, 11, 1, tzinfo=UTC)),
    ]
    digest = digest_of(tasks=tasks)
    assert [(c.task.ref, c.completed_on) for c in digest.completed.first] == [
        ("T-4", date(2026, 11, 1)),
        ("T-1", date(2026, 11, 20)),
    ]
    assert digest.completed.first[1].task.owner is not None
    assert digest.completed.first[1].task.owner.name == "Owner 5"


def test_budget_per_goal_uses_the_goal_budget_else_its_tasks() -> None:
    goals = [
        GoalFact(id=1, number=1, title="Grow", budget=Decimal(1000), spent=Decimal(1200)),
        GoalFact(id=2, number=2, title="Hire", task_budgets=Decimal(300), spent=Decimal(0)),
        GoalFact(id=3, number=3, title="Nothing"),
    ]
    digest = digest_of(tasks=[task(1)], goals=goals)
    lines = {line.goal_ref: line for line in digest.budgets}
    assert set(lines) == {"G-1", "G-2"}
    assert lines["G-1"].remaining == Decimal(-200)
    assert lines["G-2"].allocated == Decimal(300)


def test_green_with_the_same_percent_for_two_periods_is_flagged() -> None:
    stuck = task(1, latest=update(Status.ON_TRACK, percent=40))
    moving = task(2, latest=update(Status.ON_TRACK, percent=50))
    history = [
        point(1, "2026-09", percent=40),
        point(1, "2026-10", percent=40),
        point(1, PERIOD, percent=40),
        point(2, "2026-09", percent=40),
        point(2, PERIOD, percent=50),
    ]
    digest = digest_of(tasks=[stuck, moving], history=history)
    [flag] = digest.stale.first
    assert flag.task.ref == "T-1"
    assert flag.sign == StaleSign(StaleReason.UNCHANGED, since_period="2026-09")


def test_green_but_far_behind_the_time_gone_is_flagged() -> None:
    start = TODAY - timedelta(days=70)
    behind = task(1, start_on=start, due_on=start + timedelta(days=100),
                  latest=update(Status.ON_TRACK, percent=30))  # fmt: skip
    fine = task(2, start_on=start, due_on=start + timedelta(days=100),
                latest=update(Status.ON_TRACK, percent=60))  # fmt: skip
    red = task(3, start_on=start, due_on=start + timedelta(days=100),
               latest=update(Status.OFF_TRACK, percent=0))  # fmt: skip
    digest = digest_of(tasks=[behind, fine, red])
    [flag] = digest.stale.first
    assert flag.task.ref == "T-1"
    assert flag.sign == StaleSign(StaleReason.BEHIND, elapsed_percent=70, progress_percent=30)


def test_two_thousand_tasks_count_right() -> None:
    owners = [owner(number) for number in range(1, 51)]
    statuses = list(Status)[:4]
    tasks: list[TaskFact] = []
    history = []
    for number in range(1, 2001):
        status = statuses[number % 4]
        tasks.append(
            task(number, owner=owners[number % 50], due_on=TODAY + timedelta(days=number % 60 - 20),
                 latest=update(status, percent=number % 100))
        )  # fmt: skip
        history.append(point(number, PERIOD, status, percent=number % 100))
    counts = {PERIOD: dict.fromkeys(statuses, 500)}
    digest = digest_of(
        tasks=tasks, history=history, status_counts=counts, reporting={PERIOD: range(1, 50)}
    )
    assert digest.open_tasks.total == 2000
    assert digest.attention.total == 1500
    assert [u.person.name for u in digest.unreported.first] == ["Owner 50"]
    assert digest.unreported.first[0].task_count == 40
    assert digest.overdue.total == sum(1 for t in tasks if t.due_on and t.due_on < TODAY)
    assert digest.without_update == 0
