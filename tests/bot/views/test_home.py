from collections.abc import Callable
from datetime import date
from typing import Any

from bot.views.actions import OPEN_UPDATE_FORM
from bot.views.home import HOME_MAX_TASKS, render_home
from bot.views.models import PersonRef, PlanHealth, StatusCounts, TaskLine, TeamOverview
from storage.enums import Status, TaskState

TODAY = date(2026, 12, 1)
Payload = dict[str, Any]
Text = Callable[[Payload], str]


def _headers(payload: Payload) -> list[str]:
    return [block["text"]["text"] for block in payload["blocks"] if block["type"] == "header"]


def test_member_home_shows_only_their_tasks_and_next_checkin(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    view = render_home(tasks=[make_task(12)], today=TODAY, next_checkin=date(2027, 1, 4))
    payload = check_limits(view)
    assert payload["type"] == "home"
    assert _headers(payload) == ["Your open tasks (1)"]
    text = all_text(payload)
    assert "*T-12* Launch the customer onboarding survey" in text
    assert "Next check-in: *Mon 4 Jan 2027*" in text
    assert payload["blocks"][1]["elements"][0]["action_id"] == OPEN_UPDATE_FORM


def test_empty_home(check_limits: Any, all_text: Text) -> None:
    payload = check_limits(render_home(tasks=[], today=TODAY))
    text = all_text(payload)
    assert "You have no open tasks" in text
    assert "Next check-in: *not scheduled*" in text


def test_manager_home_adds_a_team_overview(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    teams = [
        TeamOverview(
            name="Growth <EU>",
            channel_id="C0GROW",
            counts=StatusCounts(by_status={Status.ON_TRACK: 5, Status.AT_RISK: 2}, no_update=1),
            not_reported=(PersonRef("Ana", "U0ANA"), PersonRef("Imported Owner")),
        ),
        TeamOverview(name="Ops", counts=StatusCounts(by_status={Status.DONE: 3})),
    ]
    payload = check_limits(render_home(tasks=[], today=TODAY, period="2026-12", teams=teams))
    assert _headers(payload) == ["Your open tasks (0)", "Your teams: December 2026"]
    text = all_text(payload)
    assert "*Growth &lt;EU&gt;* (<#C0GROW>)" in text
    assert ":large_green_circle: 5 on track · :large_yellow_circle: 2 at risk" in text
    assert "Not reported yet: <@U0ANA>, Imported Owner" in text
    assert "*Ops*\n:white_check_mark: 3 done\nEveryone has reported." in text


def test_admin_home_adds_plan_health(check_limits: Any, all_text: Text) -> None:
    health = PlanHealth(
        plan_name="FY2027",
        tasks_by_state={TaskState.OPEN: 40, TaskState.DONE: 12},
        open_by_status=StatusCounts(by_status={Status.BLOCKED: 2}, no_update=10),
        unowned_tasks=3,
        undated_tasks=1,
        outbox_pending=4,
        outbox_dead=2,
    )
    payload = check_limits(render_home(tasks=[], today=TODAY, plan_health=health))
    assert _headers(payload) == ["Your open tasks (0)", "Plan health"]
    text = all_text(payload)
    assert "Tasks: 40 open, 12 done, 0 dropped" in text
    assert ":no_entry: 2 blocked · :white_circle: 10 without an update" in text
    assert "3 tasks without an owner · 1 task without a due date" in text
    assert "Messages: 4 waiting to be sent, 2 could not be delivered" in text


def test_full_home_with_200_tasks_and_many_teams_stays_under_100_blocks(
    many_tasks: list[TaskLine], check_limits: Any, all_text: Text
) -> None:
    people = tuple(PersonRef(f"P{n}", f"U{n}") for n in range(500))
    teams = [
        TeamOverview(name="T" * 300, counts=StatusCounts(no_update=200), not_reported=people)
        for _ in range(60)
    ]
    health = PlanHealth(plan_name="P" * 300)
    payload = check_limits(
        render_home(tasks=many_tasks, today=TODAY, teams=teams, plan_health=health)
    )
    assert len(payload["blocks"]) <= 100
    text = all_text(payload)
    assert f"…and {200 - HOME_MAX_TASKS} more" in text
    assert "…and 30 more — use `/pillar status #team`" in text
    assert "and 470 more" in text
    assert _headers(payload)[-1] == "Plan health"
