from collections.abc import Callable
from datetime import date
from typing import Any

from bot.views.actions import MESSAGE_OWNER, OPEN_UPDATE_FORM, VIEW_TASK, ActionValue, decode_value
from bot.views.alerts import (
    ESCALATION_MAX_OWNERS,
    render_blocker_alert,
    render_escalation,
    render_overdue_reminder,
    render_review_reminder,
    render_review_update_request,
)
from bot.views.models import PersonRef, ReviewView, SilentOwner, StatusCounts, TaskLine
from storage.enums import ReviewKind, Status

TODAY = date(2026, 12, 8)
ANA = PersonRef(name="Ana", slack_id="U0ANA")
Payload = dict[str, Any]
Text = Callable[[Payload], str]


def test_escalation_tells_the_manager_who_has_not_reported_on_what(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    silent = [
        SilentOwner(
            person=ANA,
            tasks=(make_task(12), make_task(13, title="Hire two engineers")),
            asked_on=date(2026, 12, 1),
            nudges_sent=2,
        ),
        SilentOwner(person=PersonRef(name="Imported Owner"), tasks=(make_task(14),)),
    ]
    payload = check_limits(render_escalation(period="2026-12", silent=silent, today=TODAY))
    text = all_text(payload)
    assert payload["text"] == "2 people not reported for December 2026"
    assert "2 people have not reported on 3 tasks" in text
    assert "*<@U0ANA>* (asked Tue 1 Dec 2026, 2 reminders sent)" in text
    assert "• *T-13* Hire two engineers · due Tue 15 Dec 2026" in text
    assert "*Imported Owner*" in text


def test_escalation_with_everyone_reported(check_limits: Any, all_text: Text) -> None:
    payload = check_limits(render_escalation(period="2026-12", silent=[], today=TODAY))
    assert "Everyone in your teams has reported" in all_text(payload)


def test_escalation_with_many_silent_owners_fits(
    many_tasks: list[TaskLine], check_limits: Any, all_text: Text
) -> None:
    silent = [
        SilentOwner(
            person=PersonRef(name=f"P{number}", slack_id=f"U{number}"), tasks=tuple(many_tasks)
        )
        for number in range(100)
    ]
    payload = check_limits(render_escalation(period="2026-12", silent=silent, today=TODAY))
    assert len(payload["blocks"]) <= 50
    text = all_text(payload)
    assert f"…and {100 - ESCALATION_MAX_OWNERS} more" in text
    assert "…and 185 more" in text


def test_blocker_alert_has_the_reason_and_buttons_to_act(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    task = make_task(12, status=Status.BLOCKED)
    payload = check_limits(
        render_blocker_alert(
            task=task,
            reason="Waiting for <legal> sign-off",
            today=TODAY,
            raised_by=PersonRef(name="Bo", slack_id="U0BO"),
        )
    )
    text = all_text(payload)
    assert payload["text"] == "Blocker on T-12: Waiting for &lt;legal&gt; sign-off"
    assert "*T-12* Launch the customer onboarding survey is *blocked*" in text
    assert "Owner: <@U0ANA>" in text
    assert "> Waiting for &lt;legal&gt; sign-off" in text
    assert "Raised by <@U0BO>." in text
    view, dm = payload["blocks"][-1]["elements"]
    assert (view["action_id"], decode_value(view["value"])) == (VIEW_TASK, ActionValue(task_id=12))
    assert dm["action_id"] == MESSAGE_OWNER
    assert decode_value(dm["value"]) == ActionValue(task_id=12, slack_id="U0ANA")
    assert dm["text"]["text"] == "Message Ana Silva"


def test_blocker_alert_without_a_slack_owner_has_no_message_button(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    task = make_task(12, owner_slack_id=None, owner_name="x" * 300)
    payload = check_limits(render_blocker_alert(task=task, reason="r" * 3000, today=TODAY))
    assert [button["action_id"] for button in payload["blocks"][-1]["elements"]] == [VIEW_TASK]


def test_overdue_reminder_lists_late_tasks_with_update_buttons(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    late = make_task(12, due_on=date(2026, 12, 1))
    payload = check_limits(render_overdue_reminder(owner=ANA, tasks=[late], today=TODAY))
    text = all_text(payload)
    assert payload["text"] == "1 task overdue"
    assert "1 task of yours is past the due date" in text
    assert "*overdue* by 7 days" in text
    assert payload["blocks"][1]["accessory"]["action_id"] == OPEN_UPDATE_FORM
    empty = check_limits(render_overdue_reminder(owner=ANA, tasks=[], today=TODAY))
    assert "none of your tasks is overdue" in all_text(empty)


def test_overdue_reminder_with_200_tasks_fits(
    many_tasks: list[TaskLine], check_limits: Any, all_text: Text
) -> None:
    payload = check_limits(render_overdue_reminder(owner=ANA, tasks=many_tasks, today=TODAY))
    assert "…and 155 more" in all_text(payload)


def test_review_reminder_in_the_channel(check_limits: Any, all_text: Text) -> None:
    review = ReviewView(title="Q4 review", held_on=date(2026, 12, 11), kind=ReviewKind.QUARTERLY)
    counts = StatusCounts(by_status={Status.ON_TRACK: 10, Status.OFF_TRACK: 2}, no_update=3)
    payload = check_limits(render_review_reminder(review=review, today=TODAY, counts=counts))
    text = all_text(payload)
    assert "*Quarterly review: Q4 review* is in 3 days, on Fri 11 Dec 2026." in text
    assert ":large_green_circle: 10 on track · :red_circle: 2 off track" in text
    tomorrow = render_review_reminder(review=review, today=date(2026, 12, 10)).to_dict()
    assert "is *tomorrow*" in all_text(tomorrow)
    assert "Open tasks now" not in all_text(tomorrow)


def test_review_update_request_to_an_owner(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    review = ReviewView(title="Annual <review>", held_on=TODAY, kind=ReviewKind.ANNUAL)
    payload = check_limits(
        render_review_update_request(owner=ANA, review=review, tasks=[make_task(12)], today=TODAY)
    )
    text = all_text(payload)
    assert "*Annual review: Annual &lt;review&gt;* is *today*" in text
    assert "1 task of yours has had no update since the last review" in text
