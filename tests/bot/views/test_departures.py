"""To admins: a person who left still owns open tasks."""

from collections.abc import Callable
from typing import Any

from bot.views.departures import render_departed_owner
from bot.views.models import PersonRef, TaskLine
from tests.bot.views.conftest import TODAY, LimitChecker, TaskFactory


def test_lists_the_tasks_and_how_to_hand_them_on(
    make_task: TaskFactory, check_limits: LimitChecker, all_text: Callable[[dict[str, Any]], str]
) -> None:
    tasks = [make_task(12), make_task(13, title="Renew the lease")]
    rendered = render_departed_owner(
        person=PersonRef(name="Ana <Silva>", slack_id="U0ANA"), tasks=tasks, today=TODAY
    )
    text = all_text(check_limits(rendered))
    assert "Ana &lt;Silva&gt; (<@U0ANA>)" in text
    assert "2 open tasks" in text
    assert "T-12" in text
    assert "Renew the lease" in text
    assert "/pillar assign T-12 @someone" in text
    assert rendered.text == "Ana <Silva> left and still owns 2 open tasks"


def test_a_long_list_is_cut_within_slack_limits(
    many_tasks: list[TaskLine],
    check_limits: LimitChecker,
    all_text: Callable[[dict[str, Any]], str],
) -> None:
    rendered = render_departed_owner(
        person=PersonRef(name="Ana"), tasks=many_tasks * 3, today=TODAY
    )
    payload = check_limits(rendered)
    assert len(payload["blocks"]) <= 50
    assert "more" in all_text(payload)
