from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from bot.views.confirmations import (
    render_away_set,
    render_blocker_raised,
    render_error,
    render_progress_recorded,
    render_task_assigned,
    render_task_created,
    render_task_done,
    render_task_dropped,
    render_task_redated,
)
from bot.views.models import PersonRef, TaskLine
from storage.enums import Status, TaskState

TODAY = date(2026, 12, 1)
Payload = dict[str, Any]
Text = Callable[[Payload], str]


def test_progress_recorded_shows_status_percent_metric_spent_and_note(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    task = make_task(
        12,
        status=Status.AT_RISK,
        percent=60,
        metric_target=500,
        metric_value=320,
        metric_unit="users",
        note="Vendor late & over budget",
    )
    payload = check_limits(render_progress_recorded(task=task, today=TODAY, spent=Decimal("1200")))
    text = all_text(payload)
    assert payload["text"] == "Progress recorded for T-12: At risk, 60%"
    assert "Progress recorded for *T-12*" in text
    assert ":large_yellow_circle: At risk · ▓▓▓▓▓▓░░░░ 60% · 320 / 500 users" in text
    assert "Spent to date: 1,200" in text
    assert "> Vendor late &amp; over budget" in text


def test_progress_recorded_with_a_3000_character_note_fits(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    task = make_task(12, title="T" * 300, note="<n> " * 750)
    payload = check_limits(render_progress_recorded(task=task, today=TODAY))
    assert len(payload["blocks"][0]["text"]["text"]) <= 3000


def test_task_created_asks_the_owner_to_accept(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    text = all_text(check_limits(render_task_created(task=make_task(12), goal_ref="G-3")))
    assert "Created *T-12*" in text
    assert "owner <@U0ANA> · due Tue 15 Dec 2026 · goal *G-3*" in text
    assert "<@U0ANA> has been asked to accept it." in text


def test_task_created_without_owner_says_how_to_assign(
    make_task: Callable[..., TaskLine], all_text: Text
) -> None:
    task = make_task(12, owner_name=None, owner_slack_id=None, due_on=None)
    text = all_text(render_task_created(task=task).to_dict())
    assert "owner nobody · no due date" in text
    assert "`/pillar assign T-12 @someone`" in text


def test_assigned_redated_dropped_done(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    task = make_task(12)
    assigned = all_text(
        check_limits(render_task_assigned(task=task, previous_owner=PersonRef("Bo", "U0BO")))
    )
    assert "is now assigned to <@U0ANA>" in assigned
    assert "Previously: <@U0BO>." in assigned
    redated = all_text(check_limits(render_task_redated(task=task, previous_due=date(2026, 12, 1))))
    assert "is now due Tue 15 Dec 2026 (was Tue 1 Dec 2026)" in redated
    dropped = all_text(check_limits(render_task_dropped(task=task)))
    assert "Dropped *T-12*" in dropped
    done_task = make_task(12, state=TaskState.DONE, status=Status.DONE)
    done = check_limits(render_task_done(task=done_task, note="Shipped <v2>"))
    assert done["text"] == "T-12 marked done."
    assert "> Shipped &lt;v2&gt;" in all_text(done)


def test_blocker_raised_names_the_manager_who_was_told(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    task = make_task(12, status=Status.BLOCKED)
    manager = PersonRef(name="Maria", slack_id="U0MGR")
    text = all_text(
        check_limits(render_blocker_raised(task=task, reason="No DB access", manager=manager))
    )
    assert "Your manager <@U0MGR> has been told." in text
    assert "> No DB access" in text
    orphan = all_text(render_blocker_raised(task=task, reason="x", manager=None).to_dict())
    assert "no manager on record" in orphan


def test_away_set_and_back(check_limits: Any, all_text: Text) -> None:
    away = check_limits(render_away_set(until=date(2026, 12, 24)))
    assert away["text"] == "Away until Thu 24 Dec 2026."
    assert "no check-in prompts or nudges" in all_text(away)
    back = check_limits(render_away_set(until=None))
    assert "Welcome back" in all_text(back)


def test_error_says_what_was_wrong_and_the_right_form(check_limits: Any, all_text: Text) -> None:
    payload = check_limits(
        render_error(problem="T-9x is not a task reference.", hint="Write it like `T-12`.")
    )
    assert ":warning: T-9x is not a task reference." in all_text(payload)
    assert "Write it like `T-12`." in all_text(payload)
