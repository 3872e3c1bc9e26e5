import pytest

from bot.standin.forms import action_payload, find_element, state_values, with_block_ids

STATUS_OPTIONS = [
    {"text": {"type": "plain_text", "text": "On track"}, "value": "on-track"},
    {"text": {"type": "plain_text", "text": "At risk"}, "value": "at-risk"},
]

BLOCKS = [
    {
        "type": "input",
        "block_id": "status",
        "element": {
            "type": "static_select",
            "action_id": "status_select",
            "options": STATUS_OPTIONS,
        },
    },
    {
        "type": "input",
        "block_id": "note",
        "element": {"type": "plain_text_input", "action_id": "note_input"},
    },
    {
        "type": "input",
        "block_id": "due",
        "element": {"type": "datepicker", "action_id": "due_date"},
    },
    {
        "type": "actions",
        "block_id": "buttons",
        "elements": [
            {
                "type": "button",
                "action_id": "accept",
                "value": "T-12",
                "text": {"type": "plain_text", "text": "Accept"},
            },
        ],
    },
]


def test_state_values_fill_answers_and_leave_the_rest_empty() -> None:
    values = state_values(BLOCKS, {"status_select": "at-risk", "note_input": "vendor late"})
    assert values["status"]["status_select"] == {
        "type": "static_select",
        "selected_option": STATUS_OPTIONS[1],
    }
    assert values["note"]["note_input"] == {"type": "plain_text_input", "value": "vendor late"}
    assert values["due"]["due_date"] == {"type": "datepicker", "selected_date": None}
    assert "buttons" not in values


def test_state_values_refuse_unknown_inputs_and_options() -> None:
    with pytest.raises(ValueError, match=r"no input with action_id \['nope'\]"):
        state_values(BLOCKS, {"nope": "x"})
    with pytest.raises(ValueError, match="has no option 'late'"):
        state_values(BLOCKS, {"status_select": "late"})


def test_button_action_uses_the_buttons_value() -> None:
    block_id, element = find_element(BLOCKS, "accept")
    action = action_payload(block_id=block_id, element=element, value=None, action_ts="1.0")
    assert action == {
        "type": "button",
        "action_id": "accept",
        "block_id": "buttons",
        "action_ts": "1.0",
        "text": {"type": "plain_text", "text": "Accept"},
        "value": "T-12",
    }


def test_select_action_reports_the_selected_option() -> None:
    block_id, element = find_element(BLOCKS, "status_select")
    action = action_payload(block_id=block_id, element=element, value="on-track", action_ts="1.0")
    assert action["selected_option"] == STATUS_OPTIONS[0]


def test_find_element_names_what_is_there() -> None:
    with pytest.raises(ValueError, match=r"no element with action_id 'decline'.*'accept'"):
        find_element(BLOCKS, "decline")


def test_block_ids_are_added_stably_and_kept_when_given() -> None:
    blocks = [{"type": "divider"}, {"type": "divider", "block_id": "mine"}]
    first, second = with_block_ids(blocks), with_block_ids(blocks)
    assert first == second
    assert first[0]["block_id"]
    assert first[1]["block_id"] == "mine"
