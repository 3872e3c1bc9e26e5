"""What a person does to Block Kit, as Slack reports it: clicked actions, filled inputs.

Pure functions over the blocks an app sent, used by the driver to build realistic
``block_actions`` and ``view_submission`` payloads.
"""

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

Block = dict[str, Any]

_TEXT_INPUTS = frozenset(
    {"plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input"}
)
_ONE_OPTION = frozenset({"static_select", "radio_buttons", "external_select", "overflow"})
_MANY_OPTIONS = frozenset({"multi_static_select", "checkboxes", "multi_external_select"})
_SIMPLE_VALUES = {
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
}


def with_block_ids(blocks: Sequence[Any]) -> list[Any]:
    """The blocks with a ``block_id`` on each, as Slack adds one when the app gave none."""
    return [_with_block_id(block) for block in blocks]


def _with_block_id(block: Any) -> Any:
    if not isinstance(block, dict) or block.get("block_id"):
        return block
    digest = hashlib.sha256(json.dumps(block, sort_keys=True).encode()).hexdigest()
    return {**block, "block_id": digest[:5]}


def interactive_elements(blocks: Sequence[Any]) -> Iterator[tuple[str, Block]]:
    """Every interactive element with the id of its block."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        block_id = str(block.get("block_id", ""))
        for key in ("accessory", "element"):
            if isinstance(block.get(key), dict):
                yield block_id, block[key]
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if isinstance(element, dict):
                yield block_id, element


def find_element(blocks: Sequence[Any], action_id: str) -> tuple[str, Block]:
    """The block id and element with ``action_id``; ValueError naming those there are."""
    found = [(b, e) for b, e in interactive_elements(blocks) if e.get("action_id") == action_id]
    if not found:
        there = sorted({str(e.get("action_id")) for _, e in interactive_elements(blocks)})
        raise ValueError(f"no element with action_id {action_id!r}; the blocks have {there}")
    return found[0]


def action_payload(*, block_id: str, element: Block, value: Any, action_ts: str) -> Block:
    """One entry of ``actions`` in a block_actions payload for using ``element``."""
    kind = str(element.get("type", "button"))
    action: Block = {
        "type": kind,
        "action_id": element.get("action_id"),
        "block_id": block_id,
        "action_ts": action_ts,
    }
    if kind == "button":
        action["text"] = element.get("text")
        action["value"] = element.get("value") if value is None else value
        if "style" in element:
            action["style"] = element["style"]
        return action
    action.update(element_value(element, value))
    return action


def state_values(blocks: Sequence[Any], answers: Mapping[str, Any]) -> dict[str, dict[str, Block]]:
    """A view's ``state.values`` with ``answers`` filled in, others empty.

    An answer is keyed by its element's action_id, or by its block_id where several
    inputs share one action_id (as Slack allows), or by ``block_id.action_id``.
    """
    values: dict[str, dict[str, Block]] = {}
    known: set[str] = set()
    for block_id, element in interactive_elements(blocks):
        action_id = str(element.get("action_id", ""))
        keys = (f"{block_id}.{action_id}", block_id, action_id)
        known.update(keys)
        if element.get("type") == "button":
            continue
        answer = next((answers[key] for key in keys if key in answers), None)
        entry = {"type": element.get("type"), **element_value(element, answer)}
        values.setdefault(block_id, {})[action_id] = entry
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"no input with action_id {unknown}; the view has {sorted(known)}")
    return values


def element_value(element: Block, value: Any) -> Block:
    """How Slack reports the value of one input element (empty when ``value`` is None)."""
    kind = str(element.get("type"))
    if kind in _TEXT_INPUTS:
        return {"value": None if value is None else str(value)}
    if kind in _ONE_OPTION:
        return {"selected_option": None if value is None else _option(element, value)}
    if kind in _MANY_OPTIONS:
        return {"selected_options": [_option(element, v) for v in value or []]}
    if kind in _SIMPLE_VALUES:
        return {_SIMPLE_VALUES[kind]: value}
    return {"value": value}


def _option(element: Block, value: Any) -> Block:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += group.get("options", [])
    for option in options:
        if option.get("value") == value:
            return dict(option)
    if not options:  # external selects: the app supplies the options elsewhere
        return {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
    there = [o.get("value") for o in options]
    raise ValueError(f"{element.get('action_id')!r} has no option {value!r}; it has {there}")
