"""Filling in a modal from `:submit field=value`: field names, choices, what Slack sends."""

from decimal import Decimal
from typing import Any

import pytest

from bot.shell.forms import FormError, fields_of, state_values
from bot.standin.forms import with_block_ids
from bot.views.models import TaskLine, UpdateSubmission
from bot.views.update_form import parse_update_submission, render_update_form
from storage.enums import Status

TASKS = [
    TaskLine(id=11, ref="T-1", title="Launch referrals", status=Status.ON_TRACK, percent=30),
    TaskLine(id=12, ref="T-9", title="Measure time to value", budget=Decimal("5000")),
]


def update_form(selected: int | None = 11) -> list[dict[str, Any]]:
    """Pillar's own update form, as the stand-in stores it."""
    blocks: list[dict[str, Any]] = render_update_form(
        tasks=TASKS, selected_task_id=selected
    ).to_dict()["blocks"]
    return with_block_ids(blocks)


def test_fields_are_named_by_their_block_when_every_input_shares_an_action_id() -> None:
    names = [field.name for field in fields_of(update_form(selected=None))]
    assert names == ["task", "status", "percent", "spent", "note", "blocker_reason"]


def test_an_input_without_a_block_id_is_named_by_its_unique_action_id() -> None:
    blocks = with_block_ids(
        [
            {
                "type": "input",
                "label": {"type": "plain_text", "text": "Why?"},
                "element": {"type": "plain_text_input", "action_id": "reason"},
            },
        ]
    )
    (field,) = fields_of(blocks)
    assert field.name == "reason"
    assert state_values(blocks, {"reason": "no time"}) == {
        field.block_id: {"reason": {"type": "plain_text_input", "value": "no time"}}
    }


def test_a_submitted_update_form_is_what_pillar_reads() -> None:
    values = state_values(
        update_form(),
        {"status": "at-risk", "percent": "40", "note": "waiting on vendor"},
    )
    submitted = parse_update_submission({"values": values})
    assert submitted == UpdateSubmission(
        task_id=11, status=Status.AT_RISK, percent=40, note="waiting on vendor"
    )


def test_choices_are_taken_by_value_key_or_label() -> None:
    blocks = update_form(selected=None)
    by_ref = parse_update_submission(
        {"values": state_values(blocks, {"task": "t-9", "status": "Done"})}
    )
    assert isinstance(by_ref, UpdateSubmission)
    assert (by_ref.task_id, by_ref.status) == (12, Status.DONE)
    by_value = state_values(blocks, {"task": "11", "status": "on track"})
    assert by_value["task"]["update_form_task_picked"]["selected_option"]["value"] == "11"
    assert by_value["status"]["value"]["selected_option"]["value"] == "on-track"


def test_unanswered_fields_keep_their_initial_values() -> None:
    values = state_values(update_form(), {})
    assert values["task"]["update_form_task_picked"]["selected_option"]["value"] == "11"
    assert values["status"]["value"]["selected_option"]["value"] == "on-track"
    assert values["percent"]["value"] == {"type": "number_input", "value": "30"}
    assert values["note"]["value"] == {"type": "plain_text_input", "value": None}


def test_a_required_field_left_empty_is_refused_as_slack_would() -> None:
    with pytest.raises(FormError, match=r"Status is required: add status=…"):
        state_values(update_form(selected=None), {"task": "T-1"})


def test_unknown_fields_and_choices_say_what_there_is() -> None:
    with pytest.raises(FormError, match="no field 'colour'; its fields are: task, status, percent"):
        state_values(update_form(), {"colour": "red"})
    with pytest.raises(
        FormError, match="status has no choice 'meh'; choose one of: on-track, at-risk"
    ):
        state_values(update_form(), {"status": "meh"})
    with pytest.raises(FormError, match="task is given twice"):
        state_values(update_form(), {"task": "T-1", "TASK": "T-9"})


def test_people_and_channel_pickers_take_handles() -> None:
    blocks = with_block_ids(
        [
            {
                "type": "input",
                "block_id": "who",
                "label": {"type": "plain_text", "text": "Who"},
                "element": {"type": "users_select", "action_id": "user"},
            },
            {
                "type": "input",
                "block_id": "when",
                "label": {"type": "plain_text", "text": "When"},
                "element": {"type": "datepicker", "action_id": "date"},
            },
            {
                "type": "input",
                "block_id": "where",
                "optional": True,
                "label": {"type": "plain_text", "text": "Where"},
                "element": {"type": "multi_channels_select", "action_id": "channels"},
            },
        ]
    )
    values = state_values(
        blocks,
        {"who": "@lena", "when": "2026-12-24", "where": "#growth, #people"},
        lookup={"@lena": "ULENA", "#growth": "C0GROWTH", "#people": "C0PEOPLE"},
    )
    assert values["who"]["user"]["selected_user"] == "ULENA"
    assert values["when"]["date"]["selected_date"] == "2026-12-24"
    assert values["where"]["channels"]["selected_channels"] == ["C0GROWTH", "C0PEOPLE"]
