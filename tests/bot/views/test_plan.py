from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from bot.views.message import Message
from bot.views.plan import MAX_GOALS, TASKS_PER_GOAL, render_plan
from storage.reports import GoalFact
from tests.storage.reports.factories import done_task, owner, task

Check = Callable[[Message], dict[str, Any]]
Text = Callable[[dict[str, Any]], str]
PERIOD = {"starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31)}


def test_goals_with_owner_and_budget_then_their_open_tasks(
    check_limits: Check, all_text: Text
) -> None:
    goals = [
        GoalFact(id=1, number=1, title="Grow", owner=owner(1), budget=Decimal(250000)),
        GoalFact(id=2, number=2, title="Hire"),
    ]
    tasks = [
        task(2, goal_id=1, owner=owner(2), due_on=date(2027, 3, 31)),
        task(1, goal_id=1, owner=None),
        done_task(3, goal_id=1, closed=date(2027, 1, 5)),  # type: ignore[arg-type]
    ]
    text = all_text(check_limits(render_plan(plan_name="FY2027", goals=goals, tasks=tasks,
                                             **PERIOD)))  # fmt: skip
    assert "The plan: FY2027" in text
    assert "2 goals · 2 open tasks" in text
    assert ":dart: *G-1 Grow* — <@U00001> · budget 250,000" in text
    assert "• *T-2* Task 2 — <@U00002> · due Wed 31 Mar 2027\n• *T-1* Task 1 — _no owner_" in text
    assert "T-3" not in text
    assert ":dart: *G-2 Hire* — _no owner_\n_no open tasks_" in text


def test_a_plan_without_goals(check_limits: Check, all_text: Text) -> None:
    text = all_text(check_limits(render_plan(plan_name="FY", goals=[], tasks=[], **PERIOD)))
    assert "no goals yet" in text


def test_a_large_plan_fits(check_limits: Check, all_text: Text) -> None:
    goals = [GoalFact(id=n, number=n, title="<!channel> " * 40) for n in range(1, 80)]
    tasks = [task(n, goal_id=n % 79 + 1, title="a & b " * 60) for n in range(1, 2001)]
    payload = check_limits(render_plan(plan_name="FY", goals=goals, tasks=tasks, **PERIOD))
    text = all_text(payload)
    assert f"…and {79 - MAX_GOALS} more goals" in text
    assert "…and " in text
    assert "more tasks" in text
    assert "<!channel>" not in text
    assert TASKS_PER_GOAL > 0
