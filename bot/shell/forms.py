"""The inputs of a modal as fields a person can fill in with ``:submit field=value``. Pure.

A field is named by the ``block_id`` its app gave it (Pillar's update form gives every
input the action id ``value`` and tells them apart by block); when the app gave none,
by its element's ``action_id`` if that is unique in the view. Either name is accepted.
"""

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.standin.forms import with_block_ids

Block = Mapping[str, Any]

TEXT_INPUTS = frozenset(
    {"plain_text_input", "email_text_input", "url_text_input", "rich_text_input"}
)
ONE_CHOICE = frozenset({"static_select", "radio_buttons", "external_select"})
MANY_CHOICES = frozenset({"multi_static_select", "checkboxes", "multi_external_select"})
_SIMPLE = {
    "datepicker": ("selected_date", "initial_date", "a date, YYYY-MM-DD"),
    "timepicker": ("selected_time", "initial_time", "a time, HH:MM"),
    "datetimepicker": ("selected_date_time", "initial_date_time", "a Unix time"),
    "users_select": ("selected_user", "initial_user", "a person, @name"),
    "conversations_select": ("selected_conversation", "initial_conversation", "a #channel"),
    "channels_select": ("selected_channel", "initial_channel", "a #channel"),
}
_MANY_SIMPLE = {
    "multi_users_select": ("selected_users", "initial_users", "people, @a,@b"),
    "multi_conversations_select": (
        "selected_conversations",
        "initial_conversations",
        "#channels, #a,#b",
    ),
    "multi_channels_select": ("selected_channels", "initial_channels", "#channels, #a,#b"),
}
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")


class FormError(ValueError):
    """What is wrong with the values given for a form, said so a person can fix it."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a select or radio group: what Slack sends, and what a person reads."""

    value: str
    label: str

    @property
    def key(self) -> str:
        """What to type for it: the value, unless that is an opaque number (then the first
        word of the label, such as ``T-12``)."""
        if self.value.isdigit() and self.label.split():
            return plain_label(self.label).split()[0]
        return self.value

    def matches(self, given: str) -> bool:
        wanted = given.strip().casefold()
        return wanted in {
            self.value.casefold(),
            self.key.casefold(),
            plain_label(self.label).casefold(),
        }


@dataclass(frozen=True, slots=True)
class Field:
    """One input of a form."""

    name: str
    label: str
    kind: str
    aliases: tuple[str, ...]
    block_id: str
    action_id: str
    optional: bool
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    initial: str | tuple[str, ...] | None = None
    description: str = ""
    element: Mapping[str, Any] | None = None

    @property
    def many(self) -> bool:
        return self.kind in MANY_CHOICES or self.kind in _MANY_SIMPLE

    def known_as(self, name: str) -> bool:
        return name.casefold() in {alias.casefold() for alias in (self.name, *self.aliases)}


def plain_label(text: str) -> str:
    """A label without emoji codes or surrounding space."""
    return " ".join(_EMOJI_CODE.sub("", text).split())


def text_of(value: Any) -> str:
    """The string inside a Slack text object (or a bare string)."""
    if isinstance(value, Mapping):
        return str(value.get("text", ""))
    return "" if value is None else str(value)


def input_blocks(blocks: Sequence[Any]) -> list[Block]:
    return [b for b in blocks if isinstance(b, Mapping) and b.get("type") == "input"]


def fields_of(blocks: Sequence[Any]) -> list[Field]:
    """Every input of a view, in order, each with the name ``:submit`` knows it by."""
    inputs = [b for b in input_blocks(blocks) if isinstance(b.get("element"), Mapping)]
    action_ids = Counter(str(b["element"].get("action_id", "")) for b in inputs)
    fields = []
    for number, block in enumerate(inputs, start=1):
        action_id = str(block["element"].get("action_id", ""))
        unique_action = action_id if action_id and action_ids[action_id] == 1 else ""
        block_id = str(block.get("block_id", ""))
        if block_id and not _generated(block):
            name = block_id
        else:
            name = unique_action or block_id or f"field{number}"
        aliases = tuple({name, block_id, unique_action} - {""})
        fields.append(field_of(block, name=name, aliases=aliases))
    return fields


def _generated(block: Block) -> bool:
    """True when the block id is the one the stand-in made up for a block that had none."""
    bare = {key: value for key, value in block.items() if key != "block_id"}
    return bool(with_block_ids([bare])[0]["block_id"] == block.get("block_id"))


def field_of(block: Block, *, name: str, aliases: tuple[str, ...] = ()) -> Field:
    element: Mapping[str, Any] = block["element"]
    kind = str(element.get("type", ""))
    choices = _choices(element)
    return Field(
        name=name,
        aliases=aliases or (name,),
        label=text_of(block.get("label")),
        kind=kind,
        block_id=str(block.get("block_id", "")),
        action_id=str(element.get("action_id", "")),
        optional=bool(block.get("optional", False)),
        hint=text_of(block.get("hint")),
        choices=choices,
        initial=_initial(element, kind),
        description=_description(element, kind),
        element=element,
    )


def _choices(element: Mapping[str, Any]) -> tuple[Choice, ...]:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += list(group.get("options", []))
    return tuple(
        Choice(value=str(o.get("value", "")), label=text_of(o.get("text")))
        for o in options
        if isinstance(o, Mapping)
    )


def _initial(element: Mapping[str, Any], kind: str) -> str | tuple[str, ...] | None:
    if kind in ONE_CHOICE:
        option = element.get("initial_option")
        return str(option.get("value")) if isinstance(option, Mapping) else None
    if kind in MANY_CHOICES:
        return tuple(str(o.get("value")) for o in element.get("initial_options", []))
    if kind in _SIMPLE:
        found = element.get(_SIMPLE[kind][1])
        return None if found is None else str(found)
    if kind in _MANY_SIMPLE:
        return tuple(str(v) for v in element.get(_MANY_SIMPLE[kind][1], []))
    found = element.get("initial_value")
    return None if found is None else str(found)


def _description(element: Mapping[str, Any], kind: str) -> str:
    if kind == "number_input":
        return _number_description(element)
    if kind in TEXT_INPUTS:
        return "text"
    if kind in ONE_CHOICE:
        return "one of"
    if kind in MANY_CHOICES:
        return "any of, comma-separated"
    if kind in _SIMPLE:
        return _SIMPLE[kind][2]
    if kind in _MANY_SIMPLE:
        return _MANY_SIMPLE[kind][2]
    return kind.replace("_", " ")


def _number_description(element: Mapping[str, Any]) -> str:
    kind = "a number" if element.get("is_decimal_allowed") else "a whole number"
    low, high = element.get("min_value"), element.get("max_value")
    if low is not None and high is not None:
        return f"{kind}, {low} to {high}"
    if low is not None:
        return f"{kind}, at least {low}"
    if high is not None:
        return f"{kind}, at most {high}"
    return kind


def initial_text(field: Field) -> str | None:
    """The field's current value as a person would type it."""
    if field.initial is None or field.initial == ():
        return None
    values = (field.initial,) if isinstance(field.initial, str) else field.initial
    shown = [_shown_choice(field, value) for value in values]
    return ",".join(shown)


def _shown_choice(field: Field, value: str) -> str:
    for choice in field.choices:
        if choice.value == value:
            return choice.key
    return value


def state_values(
    blocks: Sequence[Any],
    answers: Mapping[str, str],
    *,
    lookup: Mapping[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """``view.state.values`` as Slack sends them when the form is submitted with ``answers``
    (by field name); fields not answered keep their initial value.

    ``lookup`` turns ``@name``/``#name`` into Slack ids for people and channel pickers.
    Raises :class:`FormError` for an unknown field, a missing required one or a choice
    the field does not offer.
    """
    fields = fields_of(blocks)
    given: dict[str, str] = {}
    for name, value in answers.items():
        field = next((f for f in fields if f.known_as(name)), None)
        if field is None:
            names = ", ".join(f.name for f in fields) or "none"
            raise FormError(f"The form has no field {name!r}; its fields are: {names}")
        if field.name in given:
            raise FormError(f"{field.name} is given twice; give each field once")
        given[field.name] = value
    values: dict[str, dict[str, Any]] = {}
    for field in fields:
        answer = given.get(field.name)
        raw = _raw(field, answer, lookup or {})
        if raw in (None, "", []) and not field.optional:
            raise FormError(f"{field.label or field.name} is required: add {field.name}=…")
        values.setdefault(field.block_id, {})[field.action_id] = _entry(field, raw)
    return values


def _raw(field: Field, answer: str | None, lookup: Mapping[str, str]) -> Any:
    if answer is None:
        initial = field.initial
        return list(initial) if isinstance(initial, tuple) else initial
    if field.kind in ONE_CHOICE:
        return _pick(field, answer).value if answer.strip() else None
    if field.kind in MANY_CHOICES:
        return [_pick(field, part).value for part in _parts(answer)]
    if field.kind in _SIMPLE:
        return lookup.get(answer.strip(), answer.strip()) or None
    if field.kind in _MANY_SIMPLE:
        return [lookup.get(part, part) for part in _parts(answer)]
    return answer


def _parts(answer: str) -> list[str]:
    return [part.strip() for part in answer.split(",") if part.strip()]


def _pick(field: Field, answer: str) -> Choice:
    for choice in field.choices:
        if choice.matches(answer):
            return choice
    if not field.choices:  # options the app supplies elsewhere: take what was typed
        return Choice(value=answer, label=answer)
    keys = ", ".join(choice.key for choice in field.choices)
    raise FormError(f"{field.name} has no choice {answer!r}; choose one of: {keys}")


def _entry(field: Field, raw: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": field.kind}
    if field.kind in ONE_CHOICE:
        entry["selected_option"] = _option(field, raw) if raw else None
    elif field.kind in MANY_CHOICES:
        entry["selected_options"] = [_option(field, value) for value in raw or []]
    elif field.kind in _SIMPLE:
        entry[_SIMPLE[field.kind][0]] = raw
    elif field.kind in _MANY_SIMPLE:
        entry[_MANY_SIMPLE[field.kind][0]] = list(raw or [])
    else:
        entry["value"] = None if raw in (None, "") else str(raw)
    return entry


def _option(field: Field, value: str) -> dict[str, Any]:
    """The option object as Slack echoes it back: the app's own, when it has one."""
    element = field.element or {}
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += list(group.get("options", []))
    for option in options:
        if isinstance(option, Mapping) and str(option.get("value")) == value:
            return dict(option)
    return {"text": {"type": "plain_text", "text": value}, "value": value}
