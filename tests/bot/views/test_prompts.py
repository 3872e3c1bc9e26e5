import copy
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from bot.views.actions import (
    OPEN_UPDATE_FORM,
    QUICK_STATUS_PATTERN,
    ActionValue,
    decode_value,
    task_actions_block_id,
    task_block_id,
    task_confirmed_block_id,
)
from bot.views.models import PersonRef, TaskLine
from bot.views.prompts import (
    PROMPT_MAX_TASKS,
    quick_status_confirmation,
    render_checkin_prompt,
    render_nudge,
)
from bot.views.replace import replace_task_actions
from schedules.digest import StaleReason, StaleSign
from storage.enums import Status

TODAY = date(2026, 12, 1)
ANA = PersonRef(name="Ana", slack_id="U0ANA")
Payload = dict[str, Any]
Text = Callable[[Payload], str]


def _prompt(tasks: list[TaskLine]) -> Any:
    return render_checkin_prompt(
        owner=ANA, tasks=tasks, period="2026-12", today=TODAY, respond_by=date(2026, 12, 8)
    )


def test_prompt_gives_each_task_a_section_and_quick_status_buttons(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    tasks = [make_task(12), make_task(13, title="Hire two engineers", due_on=date(2027, 2, 1))]
    payload = check_limits(_prompt(tasks))
    text = all_text(payload)
    assert payload["text"] == "December 2026 check-in: how are your 2 open tasks going?"
    assert "Hi Ana! It is time for the *December 2026* check-in" in text
    assert "Please answer by *Tue 8 Dec 2026*" in text
    blocks = {block.get("block_id"): block for block in payload["blocks"]}
    for task in tasks:
        assert f"*{task.ref}*" in blocks[task_block_id(task.id)]["text"]["text"]
        actions = blocks[task_actions_block_id(task.id)]["elements"]
        matches = [QUICK_STATUS_PATTERN.match(button["action_id"]) for button in actions]
        quick = [button for button, match in zip(actions, matches, strict=True) if match]
        statuses = [match.group(1) for match in matches if match]
        assert statuses == ["on-track", "at-risk", "off-track", "done"]
        for button, status in zip(quick, statuses, strict=True):
            value = decode_value(button["value"])
            assert value is not None
            assert (value.task_id, value.status, value.period) == (
                task.id,
                Status(status),
                "2026-12",
            )
        update = actions[-1]
        assert update["action_id"] == OPEN_UPDATE_FORM
        assert decode_value(update["value"]) == ActionValue(task_id=task.id)
    done_button = blocks[task_actions_block_id(12)]["elements"][3]
    assert done_button["confirm"]["confirm"]["text"] == "Mark done"


def test_prompt_asks_about_a_green_task_whose_numbers_say_otherwise(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    tasks = [make_task(12), make_task(13), make_task(14)]
    stale = {
        12: StaleSign(StaleReason.UNCHANGED, since_period="2026-09"),
        14: StaleSign(StaleReason.BEHIND, elapsed_percent=80, progress_percent=40),
    }
    payload = check_limits(render_checkin_prompt(owner=ANA, tasks=tasks, period="2026-12",
                                                 today=TODAY, stale=stale))  # fmt: skip
    blocks = {block.get("block_id"): block for block in payload["blocks"]}
    texts = {task.id: blocks[task_block_id(task.id)]["text"]["text"] for task in tasks}
    assert texts[12].endswith(
        ":eyes: _Reported on track, but no progress since September 2026: still on track?_"
    )
    assert "Reported on track" not in texts[13]
    assert "40% done with 80% of the time gone: still on track?" in texts[14]


def test_prompt_with_no_tasks_says_there_is_nothing_to_report(
    check_limits: Any, all_text: Text
) -> None:
    payload = check_limits(_prompt([]))
    assert "nothing to report" in all_text(payload)


def test_prompt_with_200_long_tasks_is_truncated_within_50_blocks(
    many_tasks: list[TaskLine], check_limits: Any, all_text: Text
) -> None:
    payload = check_limits(_prompt(many_tasks))
    assert len(payload["blocks"]) <= 50
    action_blocks = [block for block in payload["blocks"] if block["type"] == "actions"]
    assert len(action_blocks) == PROMPT_MAX_TASKS
    assert f"…and {200 - PROMPT_MAX_TASKS} more — use `/pillar mine`" in all_text(payload)
    assert payload["text"] == "December 2026 check-in: how are your 200 open tasks going?"


def test_prompt_asking_about_200_long_tasks_stays_within_limits(
    many_tasks: list[TaskLine], check_limits: Any
) -> None:
    sign = StaleSign(StaleReason.BEHIND, elapsed_percent=100, progress_percent=0)
    stale = {task.id: sign for task in many_tasks}
    message = render_checkin_prompt(owner=ANA, tasks=many_tasks, period="2026-12", today=TODAY,
                                    stale=stale)  # fmt: skip
    assert len(check_limits(message)["blocks"]) <= 50


def test_replace_task_actions_swaps_only_that_tasks_buttons(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    blocks = check_limits(_prompt([make_task(12), make_task(13)]))["blocks"]
    original = copy.deepcopy(blocks)
    confirmation = quick_status_confirmation(
        task_ref="T-12",
        status=Status.AT_RISK,
        actor=ANA,
        at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    )
    replaced = replace_task_actions(blocks, task_id=12, confirmation_text=confirmation)
    assert blocks == original, "the input must not be modified"
    assert len(replaced) == len(blocks)
    by_id = {block.get("block_id"): block for block in replaced}
    assert task_actions_block_id(12) not in by_id
    confirmed = by_id[task_confirmed_block_id(12)]
    assert confirmed["type"] == "context"
    assert confirmed["elements"][0]["text"].startswith(
        "✓ *T-12* marked :large_yellow_circle: *At risk* by <@U0ANA>"
    )
    assert by_id[task_actions_block_id(13)] == next(
        block for block in original if block.get("block_id") == task_actions_block_id(13)
    )
    # The confirmation sits where the buttons were, right under the task.
    position = [block.get("block_id") for block in replaced].index(task_confirmed_block_id(12))
    assert replaced[position - 1]["block_id"] == task_block_id(12)


def test_replace_task_actions_replaces_an_earlier_confirmation(
    make_task: Callable[..., TaskLine],
) -> None:
    blocks = _prompt([make_task(12)]).to_dict()["blocks"]
    once = replace_task_actions(blocks, task_id=12, confirmation_text="first")
    twice = replace_task_actions(once, task_id=12, confirmation_text="second")
    texts = [block["elements"][0]["text"] for block in twice if block["type"] == "context"]
    assert "second" in texts
    assert "first" not in texts


def test_replace_task_actions_without_a_match_returns_an_equal_copy(
    make_task: Callable[..., TaskLine],
) -> None:
    blocks = _prompt([make_task(12)]).to_dict()["blocks"]
    result = replace_task_actions(blocks, task_id=99, confirmation_text="x")
    assert result == blocks
    assert result is not blocks


def test_replace_task_actions_shortens_a_long_confirmation(
    make_task: Callable[..., TaskLine],
) -> None:
    blocks = _prompt([make_task(12)]).to_dict()["blocks"]
    result = replace_task_actions(blocks, task_id=12, confirmation_text="x" * 5000)
    confirmed = next(
        block for block in result if block.get("block_id") == task_confirmed_block_id(12)
    )
    assert len(confirmed["elements"][0]["text"]) == 3000


def test_first_nudge_is_friendly_and_lists_the_tasks(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    payload = check_limits(
        render_nudge(owner=ANA, tasks=[make_task(12), make_task(13)], period="2026-12", level=1)
    )
    text = all_text(payload)
    assert "a gentle reminder" in text
    assert "• *T-12* Launch the customer onboarding survey" in text
    assert "will be told" not in text
    button = payload["blocks"][-1]["elements"][0]
    assert button["action_id"] == OPEN_UPDATE_FORM


def test_second_nudge_is_firmer_and_names_the_manager(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    payload = check_limits(
        render_nudge(
            owner=ANA,
            tasks=[make_task(12)],
            period="2026-12",
            level=2,
            respond_by=date(2026, 12, 8),
            manager=PersonRef(name="Maria", slack_id="U0MGR"),
        )
    )
    text = all_text(payload)
    assert "gentle" not in text
    assert "still unanswered for 1 task" in text
    assert "by *Tue 8 Dec 2026*, your manager <@U0MGR> will be told" in text


def test_nudge_with_200_long_tasks_fits(
    many_tasks: list[TaskLine], check_limits: Any, all_text: Text
) -> None:
    payload = check_limits(render_nudge(owner=ANA, tasks=many_tasks, period="2026-12", level=2))
    assert "…and 180 more" in all_text(payload)


def test_prompt_for_a_single_task_reads_naturally(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    payload = check_limits(_prompt([make_task(12)]))
    assert payload["text"] == "December 2026 check-in: how is your open task going?"
    assert "How is your open task going?" in all_text(payload)
