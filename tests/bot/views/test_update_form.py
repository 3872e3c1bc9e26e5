from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from bot.views.actions import UPDATE_FORM_TASK_PICKED, UPDATE_TASK_CALLBACK
from bot.views.metadata import ModalContext, read_modal_context
from bot.views.models import TaskLine, UpdateSubmission
from bot.views.update_form import (
    BLOCKER_BLOCK,
    METRIC_BLOCK,
    NOTE_BLOCK,
    PERCENT_BLOCK,
    SPENT_BLOCK,
    STATUS_BLOCK,
    TASK_BLOCK,
    parse_update_submission,
    render_update_form,
)
from storage.enums import Status

Payload = dict[str, Any]


def _blocks(payload: Payload) -> dict[str, Payload]:
    return {block["block_id"]: block for block in payload["blocks"] if "block_id" in block}


def _state(
    *,
    task: str | None = "12",
    status: str | None = "on-track",
    percent: str | None = None,
    metric: str | None = None,
    spent: str | None = None,
    note: str | None = None,
    blocker: str | None = None,
) -> dict[str, Any]:
    """A view_submission state as Slack sends it: every input block, empty ones as None."""

    def option(value: str | None) -> dict[str, Any] | None:
        return {"text": {"type": "plain_text", "text": "x"}, "value": value} if value else None

    return {
        "values": {
            TASK_BLOCK: {
                UPDATE_FORM_TASK_PICKED: {"type": "static_select", "selected_option": option(task)}
            },
            STATUS_BLOCK: {"value": {"type": "radio_buttons", "selected_option": option(status)}},
            PERCENT_BLOCK: {"value": {"type": "number_input", "value": percent}},
            METRIC_BLOCK: {"value": {"type": "number_input", "value": metric}},
            SPENT_BLOCK: {"value": {"type": "number_input", "value": spent}},
            NOTE_BLOCK: {"value": {"type": "plain_text_input", "value": note}},
            BLOCKER_BLOCK: {"value": {"type": "plain_text_input", "value": blocker}},
        }
    }


def test_form_preselects_the_task_and_its_current_progress(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    tasks = [
        make_task(
            12,
            status=Status.AT_RISK,
            percent=40,
            metric_name="responses",
            metric_target=500,
            metric_unit="forms",
            metric_value=120.5,
            budget=Decimal("12000"),
        ),
        make_task(13, title="Hire two engineers"),
    ]
    payload = check_limits(
        render_update_form(tasks=tasks, selected_task_id=12, channel_id="C0PLAN")
    )
    assert payload["callback_id"] == UPDATE_TASK_CALLBACK
    assert payload["submit"]["text"] == "Save"
    assert read_modal_context(payload["private_metadata"]) == ModalContext(
        task_id=12, channel_id="C0PLAN"
    )
    blocks = _blocks(payload)
    picker = blocks[TASK_BLOCK]
    assert picker["dispatch_action"] is True
    assert picker["element"]["action_id"] == UPDATE_FORM_TASK_PICKED
    assert [option["value"] for option in picker["element"]["options"]] == ["12", "13"]
    assert picker["element"]["initial_option"]["value"] == "12"
    status = blocks[STATUS_BLOCK]["element"]
    assert [option["value"] for option in status["options"]] == [
        "on-track",
        "at-risk",
        "off-track",
        "blocked",
        "done",
    ]
    assert status["initial_option"]["value"] == "at-risk"
    percent = blocks[PERCENT_BLOCK]["element"]
    assert (percent["min_value"], percent["max_value"], percent["initial_value"]) == (
        "0",
        "100",
        "40",
    )
    assert percent["is_decimal_allowed"] is False
    metric = blocks[METRIC_BLOCK]
    assert metric["element"]["is_decimal_allowed"] is True
    assert metric["hint"]["text"] == "Target: 500 forms"
    assert metric["label"]["text"] == "Current figure: responses"
    assert blocks[SPENT_BLOCK]["hint"]["text"] == "Budget: 12,000"
    assert blocks[NOTE_BLOCK]["element"]["max_length"] == 3000
    assert blocks[NOTE_BLOCK]["optional"] is True
    assert blocks[BLOCKER_BLOCK]["optional"] is True


def test_form_leaves_out_metric_and_spent_for_a_plain_task(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    tasks = [make_task(12), make_task(13, metric_target=10)]
    blocks = _blocks(check_limits(render_update_form(tasks=tasks, selected_task_id=12)))
    assert METRIC_BLOCK not in blocks
    assert SPENT_BLOCK not in blocks
    # With nothing chosen yet, the metric field is there for the task that has one.
    unchosen = _blocks(check_limits(render_update_form(tasks=tasks)))
    assert METRIC_BLOCK in unchosen
    assert "initial_option" not in unchosen[TASK_BLOCK]["element"]


def test_form_without_tasks_explains_and_has_no_submit(check_limits: Any) -> None:
    payload = check_limits(render_update_form(tasks=[]))
    assert "submit" not in payload
    assert "no open tasks" in payload["blocks"][0]["text"]["text"]


def test_form_with_200_long_tasks_caps_the_picker_and_keeps_the_chosen_one(
    many_tasks: list[TaskLine], check_limits: Any
) -> None:
    chosen = many_tasks[-1].id
    payload = check_limits(render_update_form(tasks=many_tasks, selected_task_id=chosen))
    picker = _blocks(payload)[TASK_BLOCK]
    options = picker["element"]["options"]
    assert len(options) == 100
    assert str(chosen) in {option["value"] for option in options}
    assert all(len(option["text"]["text"]) <= 75 for option in options)
    assert picker["hint"]["text"].startswith("Showing 100 of 200 tasks")


def test_parse_a_full_good_submission() -> None:
    result = parse_update_submission(
        _state(status="at-risk", percent="40", metric="320.5", spent="1,200.456", note="  Late  ")
    )
    assert result == UpdateSubmission(
        task_id=12,
        status=Status.AT_RISK,
        percent=40,
        metric_value=320.5,
        spent=Decimal("1200.46"),
        note="Late",
        blocker_reason=None,
    )


def test_parse_a_minimal_submission_and_a_blocker() -> None:
    assert parse_update_submission(_state()) == UpdateSubmission(task_id=12, status=Status.ON_TRACK)
    blocked = parse_update_submission(_state(status="blocked", blocker=" No access to the DB "))
    assert isinstance(blocked, UpdateSubmission)
    assert blocked.blocker_reason == "No access to the DB"


def test_parse_accepts_the_values_without_the_state_wrapper() -> None:
    assert parse_update_submission(_state()["values"]) == UpdateSubmission(
        task_id=12, status=Status.ON_TRACK
    )


@pytest.mark.parametrize(
    ("fields", "block", "message"),
    [
        ({"task": None}, TASK_BLOCK, "Choose the task"),
        ({"task": "abc"}, TASK_BLOCK, "Choose the task"),
        ({"status": None}, STATUS_BLOCK, "Choose a status: On track, At risk"),
        ({"status": "great"}, STATUS_BLOCK, "Choose a status"),
        ({"percent": "101"}, PERCENT_BLOCK, "whole number from 0 to 100"),
        ({"percent": "-1"}, PERCENT_BLOCK, "whole number from 0 to 100"),
        ({"percent": "40.5"}, PERCENT_BLOCK, "whole number from 0 to 100"),
        ({"percent": "forty"}, PERCENT_BLOCK, "(not 'forty')"),
        ({"metric": "lots"}, METRIC_BLOCK, "Enter a number such as 320"),
        ({"metric": "nan"}, METRIC_BLOCK, "Enter a number"),
        ({"metric": "1e400"}, METRIC_BLOCK, "Enter a number"),
        ({"spent": "-5"}, SPENT_BLOCK, "amount of 0 or more"),
        ({"spent": "1e20"}, SPENT_BLOCK, "amount of 0 or more"),
        ({"note": "n" * 3001}, NOTE_BLOCK, "3000 characters"),
        ({"status": "blocked"}, BLOCKER_BLOCK, "Say what blocks you"),
        ({"status": "blocked", "blocker": "   "}, BLOCKER_BLOCK, "Say what blocks you"),
        ({"status": "at-risk", "blocker": "vendor"}, BLOCKER_BLOCK, "choose Blocked"),
        ({"status": "blocked", "blocker": "b" * 1001}, BLOCKER_BLOCK, "1000 characters"),
    ],
)
def test_parse_reports_each_bad_field_by_block_id(
    fields: dict[str, str | None], block: str, message: str
) -> None:
    errors = parse_update_submission(_state(**fields))
    assert isinstance(errors, dict)
    assert list(errors) == [block]
    assert message in errors[block]


def test_parse_reports_every_bad_field_at_once() -> None:
    errors = parse_update_submission(_state(task=None, status=None, percent="x", metric="y"))
    assert isinstance(errors, dict)
    assert set(errors) == {TASK_BLOCK, STATUS_BLOCK, PERCENT_BLOCK, METRIC_BLOCK}


def test_parse_an_empty_state_asks_for_task_and_status() -> None:
    errors = parse_update_submission({})
    assert isinstance(errors, dict)
    assert set(errors) == {TASK_BLOCK, STATUS_BLOCK}


def test_form_does_not_preselect_a_task_that_is_not_in_the_list(
    make_task: Callable[..., TaskLine], check_limits: Any
) -> None:
    payload = check_limits(render_update_form(tasks=[make_task(12)], selected_task_id=99))
    assert "initial_option" not in _blocks(payload)[TASK_BLOCK]["element"]
    assert read_modal_context(payload["private_metadata"]).task_id is None
