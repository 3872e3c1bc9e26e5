"""Reading Web API arguments the way Slack does.

A form-encoded body carries every value as a string (``blocks`` as a JSON string,
booleans as ``"1"``/``"true"``), a JSON body carries real objects: these helpers
accept both.
"""

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from bot.standin.errors import SlackError, invalid_arguments

Params = Mapping[str, Any]

_TRUE_WORDS = frozenset({"1", "true", "yes"})


def parse_body(*, content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """The arguments of a call: query string first, then the form or JSON body over it."""
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if not body:
        return params
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        decoded = json.loads(body.decode("utf-8"))
        if not isinstance(decoded, dict):
            raise SlackError("invalid_json")
        params.update(decoded)
    else:
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return params


def text_arg(params: Params, name: str) -> str | None:
    """A string argument, or None when absent or empty."""
    value = params.get(name)
    if value is None or value == "":
        return None
    return str(value)


def required_text(params: Params, name: str, *, error: str | None = None) -> str:
    """A string argument that must be present; ``error`` is the code Slack uses if not."""
    value = text_arg(params, name)
    if value is None:
        if error is not None:
            raise SlackError(error)
        raise invalid_arguments(f"[ERROR] missing required field: {name}")
    return value


def flag_arg(params: Params, name: str) -> bool:
    """A boolean argument: ``true``, ``1`` (as text or value) mean yes."""
    value = params.get(name)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    return isinstance(value, str) and value.strip().lower() in _TRUE_WORDS


def int_arg(params: Params, name: str, *, default: int) -> int:
    """An integer argument, ``default`` when absent."""
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid_arguments(f"[ERROR] {name} must be an integer, got {value!r}") from None


def json_arg(params: Params, name: str, *, error: str = "invalid_arguments") -> Any:
    """A structured argument sent as an object (JSON body) or a JSON string (form body)."""
    value = params.get(name)
    if not isinstance(value, str):
        return value
    if value == "":
        return None
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise SlackError(error) from None
