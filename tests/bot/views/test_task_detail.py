from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bot.views.models import PersonRef, TaskLine, UpdateLine
from bot.views.task_detail import HISTORY_MAX, render_task_modal
from storage.enums import Status

TODAY = date(2026, 12, 1)
Payload = dict[str, Any]
Text = Callable[[Payload], str]


def test_task_modal_shows_details_how_and_history(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    task = make_task(12, budget=Decimal("5000"), metric_target=500, metric_value=120)
    history = [
        UpdateLine(
            status=Status.AT_RISK,
            at=datetime(2026, 11, 20, tzinfo=UTC),
            author=PersonRef("Ana", "U0ANA"),
            percent=40,
            note="Vendor <late>",
        ),
        UpdateLine(status=Status.ON_TRACK, at=datetime(2026, 10, 2, tzinfo=UTC)),
    ]
    payload = check_limits(
        render_task_modal(
            task=task,
            today=TODAY,
            how="Ask 200 customers",
            goal_title="Know them",
            history=history,
        )
    )
    assert payload["type"] == "modal"
    assert payload["title"]["text"] == "T-12"
    text = all_text(payload)
    assert "Owner: <@U0ANA> · State: open · Goal: Know them · Measured by: 120 / 500" in text
    assert "Budget: 5,000" in text
    assert "*How*\nAsk 200 customers" in text
    assert ":large_yellow_circle: *At risk* · ▓▓▓▓░░░░░░ 40%" in text
    assert "by <@U0ANA>_\n> Vendor &lt;late&gt;" in text
    assert ":large_green_circle: *On track*" in text


def test_task_modal_without_history_and_with_a_long_history(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    empty = check_limits(render_task_modal(task=make_task(12), today=TODAY))
    assert "No progress has been reported yet." in all_text(empty)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    history = [
        UpdateLine(status=Status.ON_TRACK, at=start + timedelta(days=n), note="n" * 3000)
        for n in range(200)
    ]
    payload = check_limits(
        render_task_modal(
            task=make_task(12, title="t" * 300), today=TODAY, how="h" * 4000, history=history
        )
    )
    text = all_text(payload)
    assert text.count(":large_green_circle: *On track*") == HISTORY_MAX
    assert f"The latest {HISTORY_MAX} of 200 updates." in text
