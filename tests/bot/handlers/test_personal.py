"""`/pillar mine` through the dispatcher: a green task whose numbers say otherwise is
asked about."""

from collections.abc import Callable
from datetime import UTC, datetime

from bot.handlers.replies import Reply
from schedules.clock import ManualClock
from tests.bot.handlers.conftest import ADMIN, Run


def test_mine_asks_about_a_green_task_that_has_not_moved(
    run: Run, clock: ManualClock, text_of: Callable[[Reply], str]
) -> None:
    clock.set(datetime(2026, 9, 10, 9, tzinfo=UTC))
    for command in ('plan add "FY2027" from:2026-01-01 to:2027-12-31', "plan activate FY2027",
                    'goal add "Grow"', f'add "Ship it" owner:<@{ADMIN}> due:2027-06-30',
                    f'add "Hire" owner:<@{ADMIN}> due:2027-06-30'):  # fmt: skip
        text_of(run(ADMIN, command))
    for month, hire in ((9, 10), (10, 30), (11, 50)):
        clock.set(datetime(2026, month, 10, 9, tzinfo=UTC))
        text_of(run(ADMIN, "update T-1 on-track 40%"))
        text_of(run(ADMIN, f"update T-2 on-track {hire}%"))
    clock.set(datetime(2026, 12, 10, 9, tzinfo=UTC))
    text = text_of(run(ADMIN, "mine"))
    assert text.count("still on track?") == 1
    assert "Reported on track, but no progress since October 2026: still on track?" in text
