import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from bot.views.actions import (
    ACCEPT_TASK,
    DECLINE_TASK,
    DECLINE_TASK_CALLBACK,
    ActionValue,
    assignment_actions_block_id,
    decode_value,
)
from bot.views.assignment import (
    DECLINE_REASON_BLOCK,
    assignment_answer_text,
    parse_decline_submission,
    render_acceptance_notice,
    render_assignment,
    render_decline_modal,
    render_decline_notice,
)
from bot.views.metadata import ModalContext, read_modal_context
from bot.views.models import PersonRef, TaskLine
from bot.views.replace import replace_assignment_actions

TODAY = date(2026, 12, 1)
ANA = PersonRef(name="Ana", slack_id="U0ANA")
MARIA = PersonRef(name="Maria", slack_id="U0MGR")
Payload = dict[str, Any]
Text = Callable[[Payload], str]


def _reason_state(value: str | None) -> dict[str, Any]:
    return {
        "values": {DECLINE_REASON_BLOCK: {"reason": {"type": "plain_text_input", "value": value}}}
    }


def test_assignment_dm_shows_the_task_and_accept_decline_buttons(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    task = make_task(12, metric_name="responses", metric_target=500, metric_value=None)
    payload = check_limits(
        render_assignment(
            task=task,
            today=TODAY,
            assigner=MARIA,
            how="Use the <new> tool & the old list",
            goal_title="Know our customers",
        )
    )
    text = all_text(payload)
    assert payload["text"] == "New task for you: T-12. Will you own it?"
    assert "<@U0MGR> has assigned you a task. Will you own it?" in text
    assert "Goal: Know our customers" in text
    assert "Measured by: responses: target 500" in text
    assert "*How:* Use the &lt;new&gt; tool &amp; the old list" in text
    actions = next(
        block
        for block in payload["blocks"]
        if block.get("block_id") == assignment_actions_block_id(12)
    )
    accept, decline = actions["elements"]
    assert (accept["action_id"], accept["style"]) == (ACCEPT_TASK, "primary")
    assert (decline["action_id"], decline["style"]) == (DECLINE_TASK, "danger")
    assert (
        decode_value(accept["value"]) == decode_value(decline["value"]) == ActionValue(task_id=12)
    )


def test_assignment_with_a_4000_character_how_fits(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    check_limits(
        render_assignment(task=make_task(12, title="t" * 300), today=TODAY, how="h" * 4000)
    )


def test_answering_replaces_the_buttons(make_task: Callable[..., TaskLine]) -> None:
    blocks = render_assignment(task=make_task(12), today=TODAY).to_dict()["blocks"]
    answer = assignment_answer_text(accepted=True, actor=ANA, at=datetime(2026, 12, 1, tzinfo=UTC))
    replaced = replace_assignment_actions(blocks, task_id=12, confirmation_text=answer)
    answered = next(
        block for block in replaced if block.get("block_id") == assignment_actions_block_id(12)
    )
    assert answered["type"] == "context"
    assert answered["elements"][0]["text"].startswith("✓ Accepted by <@U0ANA>")
    assert not any(block["type"] == "actions" for block in replaced)


def test_decline_modal_asks_for_a_reason_and_remembers_the_message(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    view = render_decline_modal(
        task=make_task(12), channel_id="D0ANA", message_ts="1733040000.000100"
    )
    payload = check_limits(view)
    assert payload["callback_id"] == DECLINE_TASK_CALLBACK
    assert read_modal_context(payload["private_metadata"]) == ModalContext(
        task_id=12, channel_id="D0ANA", message_ts="1733040000.000100"
    )
    reason_block = next(block for block in payload["blocks"] if block["type"] == "input")
    assert reason_block["block_id"] == DECLINE_REASON_BLOCK
    assert reason_block["element"]["multiline"] is True


def test_parse_decline_submission() -> None:
    assert (
        parse_decline_submission(_reason_state("  On leave until March  "))
        == "On leave until March"
    )
    for empty in (None, "   "):
        errors = parse_decline_submission(_reason_state(empty))
        assert isinstance(errors, dict)
        assert list(errors) == [DECLINE_REASON_BLOCK]
    too_long = parse_decline_submission(_reason_state("x" * 1001))
    assert isinstance(too_long, dict)
    assert "1000 characters" in too_long[DECLINE_REASON_BLOCK]
    assert isinstance(parse_decline_submission({}), dict)


def test_decline_and_acceptance_notices_to_the_assigner(
    make_task: Callable[..., TaskLine], check_limits: Any, all_text: Text
) -> None:
    declined = check_limits(
        render_decline_notice(task=make_task(12), decliner=ANA, reason="Full <time> on Q1")
    )
    text = all_text(declined)
    assert "<@U0ANA> declined *T-12*" in text
    assert "> Full &lt;time&gt; on Q1" in text
    assert "`/pillar assign T-12 @someone`" in text
    accepted = check_limits(render_acceptance_notice(task=make_task(12), accepter=ANA))
    assert "<@U0ANA> accepted *T-12*" in all_text(accepted)


def test_metadata_survives_only_when_well_formed() -> None:
    context = ModalContext(task_id=3, channel_id="C1")
    assert json.loads(context.to_metadata()) == {"task": 3, "channel": "C1"}
    assert read_modal_context(context.to_metadata()) == context
    for bad in (None, "", "{", "[]", '{"task": "3"}', "x" * 3001):
        assert read_modal_context(bad) == ModalContext()
