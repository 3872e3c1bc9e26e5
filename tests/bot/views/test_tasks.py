from collections.abc import Callable
from datetime import date
from typing import Any

from bot.views.actions import OPEN_UPDATE_FORM, decode_value
from bot.views.models import TaskLine
from bot.views.tasks import MINE_MAX_TASKS, by_due_date, render_mine
from schedules.digest import StaleReason, StaleSign
from storage.enums import Status

TODAY = date(2026, 12, 1)
Payload = dict[str, Any]


def test_mine_lists_open_tasks_with_status_percent_due_date_and_next_checkin(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Callable[[Payload], str]
) -> None:
    tasks = [
        make_task(12),
        make_task(
            13,
            title="Hire two engineers",
            status=Status.AT_RISK,
            percent=None,
            due_on=date(2026, 11, 20),
            note=None,
        ),
        make_task(14, title="Write the pricing page", status=None, percent=None, note=None),
    ]
    payload = check_limits(render_mine(tasks=tasks, today=TODAY, next_checkin=date(2027, 1, 4)))
    text = all_text(payload)
    assert payload["text"] == "You have 3 open tasks, 1 overdue."
    assert "*T-12* Launch the customer onboarding survey" in text
    assert ":large_green_circle: On track · ▓▓▓▓░░░░░░ 40% · due Tue 15 Dec 2026" in text
    assert "> Survey drafted; legal review next week." in text
    assert ":large_yellow_circle: At risk" in text
    assert ":warning: *overdue* by 11 days" in text
    assert ":white_circle: No update yet" in text
    assert "Next check-in: *Mon 4 Jan 2027*" in text
    # Overdue first, and every task has an Update button that names it.
    sections = [block for block in payload["blocks"] if block["type"] == "section"]
    assert "*T-13*" in sections[0]["text"]["text"]
    accessories = [section["accessory"] for section in sections]
    assert {accessory["action_id"] for accessory in accessories} == {OPEN_UPDATE_FORM}
    values = [decode_value(accessory["value"]) for accessory in accessories]
    assert {value.task_id for value in values if value} == {12, 13, 14}


def test_mine_asks_about_a_green_task_whose_numbers_say_otherwise(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    stale = {12: StaleSign(StaleReason.UNCHANGED, since_period="2026-09")}
    payload = check_limits(render_mine(tasks=[make_task(12), make_task(13)], today=TODAY,
                                       stale=stale))  # fmt: skip
    sections = {section["text"]["text"].split("*")[1]: section["text"]["text"]
                for section in payload["blocks"] if section["type"] == "section"}  # fmt: skip
    asked = ":eyes: _Reported on track, but no progress since September 2026: still on track?_"
    assert sections["T-12"].endswith(asked)
    assert "still on track?" not in sections["T-13"]


def test_mine_with_no_tasks_says_so(check_limits: Any, all_text: Callable[[Payload], str]) -> None:
    payload = check_limits(render_mine(tasks=[], today=TODAY, next_checkin=None))
    assert payload["text"] == "You have no open tasks."
    assert "You have no open tasks" in all_text(payload)
    assert "No check-in is scheduled" in all_text(payload)


def test_mine_escapes_user_text(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Callable[[Payload], str]
) -> None:
    task = make_task(1, title="<!channel> R&D", note="<@U999> said > 3")
    text = all_text(check_limits(render_mine(tasks=[task], today=TODAY)))
    assert "&lt;!channel&gt; R&amp;D" in text
    assert "&lt;@U999&gt; said &gt; 3" in text
    assert "<!channel>" not in text


def test_mine_with_200_long_tasks_stays_within_limits(
    many_tasks: list[TaskLine], check_limits: Any, all_text: Callable[[Payload], str]
) -> None:
    payload = check_limits(render_mine(tasks=many_tasks, today=TODAY, next_checkin=TODAY))
    sections = [block for block in payload["blocks"] if block["type"] == "section"]
    assert len(sections) == MINE_MAX_TASKS
    assert f"…and {200 - MINE_MAX_TASKS} more" in all_text(payload)
    assert payload["blocks"][0]["text"]["text"] == "Your open tasks (200)"


def test_by_due_date_puts_undated_last(make_task: Callable[..., TaskLine]) -> None:
    undated = make_task(1, due_on=None)
    late = make_task(2, due_on=date(2027, 1, 1))
    soon = make_task(3, due_on=date(2026, 12, 2))
    assert [task.id for task in by_due_date([undated, late, soon])] == [3, 2, 1]
