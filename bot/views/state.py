"""Reading the ``state`` of a submitted modal (``view["state"]`` in a view_submission)."""

from collections.abc import Mapping
from typing import Any


def state_values(view_state: Mapping[str, Any]) -> Mapping[str, Any]:
    """``{block_id: {action_id: value}}``, from ``view["state"]`` or from its ``values``."""
    values = view_state.get("values", view_state)
    return values if isinstance(values, Mapping) else {}


def _element_state(view_state: Mapping[str, Any], block_id: str) -> Mapping[str, Any] | None:
    actions = state_values(view_state).get(block_id)
    if not isinstance(actions, Mapping):
        return None
    # One element per input block: take it whatever its action id.
    for element in actions.values():
        if isinstance(element, Mapping):
            return element
    return None


def input_value(view_state: Mapping[str, Any], block_id: str) -> str | None:
    """The typed text or number of an input block, None when empty or absent."""
    element = _element_state(view_state, block_id)
    value = element.get("value") if element else None
    return value if isinstance(value, str) and value != "" else None


def selected_value(view_state: Mapping[str, Any], block_id: str) -> str | None:
    """The ``value`` of the option chosen in a select or radio block, None when none is."""
    element = _element_state(view_state, block_id)
    option = element.get("selected_option") if element else None
    value = option.get("value") if isinstance(option, Mapping) else None
    return value if isinstance(value, str) else None
