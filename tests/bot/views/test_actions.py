import json

import pytest

from bot.views.actions import (
    BLOCK_ID_PATTERN,
    QUICK_STATUS_PATTERN,
    QUICK_STATUSES,
    ActionValue,
    assignment_actions_block_id,
    decode_value,
    encode_value,
    quick_status_action_id,
    task_actions_block_id,
    task_block_id,
    task_id_from_block_id,
)
from storage.enums import Status


@pytest.mark.parametrize("status", QUICK_STATUSES)
def test_quick_status_action_ids_match_the_routing_pattern(status: Status) -> None:
    match = QUICK_STATUS_PATTERN.match(quick_status_action_id(status))
    assert match is not None
    assert Status(match.group(1)) is status


def test_blocked_is_not_a_quick_status_it_needs_a_reason() -> None:
    assert Status.BLOCKED not in QUICK_STATUSES
    assert QUICK_STATUS_PATTERN.match("quick_status:blocked") is None


def test_values_round_trip() -> None:
    value = encode_value(task_id=12, status=Status.AT_RISK, period="2026-12")
    assert json.loads(value) == {"task": 12, "status": "at-risk", "period": "2026-12"}
    assert decode_value(value) == ActionValue(task_id=12, status=Status.AT_RISK, period="2026-12")
    assert decode_value(encode_value(task_id=3, slack_id="U1")) == ActionValue(
        task_id=3, slack_id="U1"
    )
    assert decode_value(encode_value(task_id=None)) == ActionValue(task_id=None)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "12",
        "not json",
        "[1]",
        '{"task": "12"}',
        '{"task": true}',
        '{"task": 1, "status": "great"}',
        '{"task": 1, "period": 202612}',
    ],
)
def test_values_this_app_did_not_write_decode_to_none(value: str | None) -> None:
    assert decode_value(value) is None


def test_block_ids_name_their_task() -> None:
    for block_id in (task_block_id(7), task_actions_block_id(7), assignment_actions_block_id(7)):
        assert BLOCK_ID_PATTERN.match(block_id)
        assert task_id_from_block_id(block_id) == 7
    assert task_id_from_block_id("header") is None
    assert task_id_from_block_id("task:abc") is None
