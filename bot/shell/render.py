"""Block Kit as readable text: sections, context, headers, fields, and the actions a
person can take, numbered ``[1] On track  [2] At risk …``. Pure: no I/O.

Actions are numbered across everything shown at once, so ``first`` says where a
message's numbering starts.
"""

import html
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.shell.forms import Choice, Field, field_of, fields_of, initial_text, text_of

RULE = "─" * 40
INDENT = "  "
DEFAULT_WIDTH = 100

EMOJI = {
    "large_green_circle": "🟢",
    "green_circle": "🟢",
    "large_yellow_circle": "🟡",
    "yellow_circle": "🟡",
    "large_orange_circle": "🟠",
    "red_circle": "🔴",
    "white_circle": "⚪",
    "no_entry": "⛔",
    "no_entry_sign": "🚫",
    "octagonal_sign": "🛑",
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "warning": "⚠️",
    "calendar": "📅",
    "wave": "👋",
    "tada": "🎉",
    "sparkles": "✨",
    "memo": "📝",
    "hourglass": "⌛",
    "construction": "🚧",
    "checkered_flag": "🏁",
    "palm_tree": "🌴",
    "handshake": "🤝",
    "wastebasket": "🗑️",
    "bust_in_silhouette": "👤",
    "leftwards_arrow_with_hook": "↩️",
    "bell": "🔔",
    "chart_with_upwards_trend": "📈",
}

_ANGLE = re.compile(r"<([^<>]+)>")
_EMOJI_CODE = re.compile(r":([a-z0-9_+-]+):")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")


@dataclass(frozen=True, slots=True)
class Names:
    """Display names for the Slack ids in messages: user id → name, channel id → name."""

    users: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)

    def user(self, user_id: str, label: str | None = None) -> str:
        return "@" + (self.users.get(user_id) or (label or "").lstrip("@") or user_id)

    def channel(self, channel_id: str, label: str | None = None) -> str:
        return "#" + (self.channels.get(channel_id) or (label or "").lstrip("#") or channel_id)


@dataclass(frozen=True, slots=True)
class Action:
    """Something a person can use: a button, a select, a date picker, an overflow menu."""

    number: int
    label: str
    action_id: str
    kind: str
    choices: tuple[str, ...] = ()

    @property
    def needs_value(self) -> bool:
        return self.kind != "button"

    def shown(self) -> str:
        if self.kind == "button":
            return f"[{self.number}] {self.label}"
        what = self.kind.replace("_", " ")
        choices = f": {', '.join(self.choices)}" if self.choices else ""
        return f"[{self.number}] {self.label} ({what}{choices})"


@dataclass(frozen=True, slots=True)
class Rendered:
    """Lines of text, and the actions they number."""

    lines: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def __add__(self, other: "Rendered") -> "Rendered":
        return Rendered(self.lines + other.lines, self.actions + other.actions)


# ---- mrkdwn ------------------------------------------------------------------------


def mrkdwn_to_text(text: str, *, names: Names | None = None) -> str:
    """Slack mrkdwn as a terminal shows it: mentions by name, links with their address,
    emoji as characters, bold and italic markers dropped, entities decoded."""
    known = names or Names()
    converted = _ANGLE.sub(lambda match: _angle(match.group(1), known), text)
    converted = _EMOJI_CODE.sub(lambda match: EMOJI.get(match.group(1), match.group(0)), converted)
    converted = _BOLD.sub(r"\1", converted)
    converted = _ITALIC.sub(r"\1", converted)
    return html.unescape(converted)


def _angle(inner: str, names: Names) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return names.user(target[1:], label or None)
    if target.startswith("#"):
        return names.channel(target[1:], label or None)
    if target.startswith("!"):
        return label or "@" + target[1:].split("^")[0]
    if label and label != target:
        return f"{label} ({target})"
    return target


# ---- blocks ------------------------------------------------------------------------


def render_message(
    message: Mapping[str, Any], *, names: Names | None = None, first: int = 1
) -> Rendered:
    """A message: its blocks, or its fallback text when it has none."""
    blocks = message.get("blocks") or []
    if blocks:
        return render_blocks(blocks, names=names, first=first)
    text = mrkdwn_to_text(str(message.get("text", "")), names=names)
    return Rendered(lines=tuple(text.splitlines() or [""]))


def render_blocks(blocks: Sequence[Any], *, names: Names | None = None, first: int = 1) -> Rendered:
    """Blocks top to bottom; interactive elements numbered from ``first``."""
    known = names or Names()
    rendered = Rendered()
    for block in blocks:
        if isinstance(block, Mapping):
            rendered += _block(block, known, first + len(rendered.actions))
    return rendered


def _block(block: Mapping[str, Any], names: Names, first: int) -> Rendered:
    kind = block.get("type")
    if kind == "header":
        title = mrkdwn_to_text(text_of(block.get("text")), names=names)
        return Rendered(lines=(title, "═" * min(max(len(title), 3), len(RULE))))
    if kind == "section":
        return _section(block, names, first)
    if kind == "context":
        return _context(block, names)
    if kind == "divider":
        return Rendered(lines=(RULE,))
    if kind == "actions":
        return _actions(block.get("elements", []), names, first)
    if kind == "input" and isinstance(block.get("element"), Mapping):
        return Rendered(lines=field_lines(field_of(block, name=str(block.get("block_id", "")))))
    if kind == "image":
        return Rendered(lines=(f"(image: {block.get('alt_text', '')})",))
    if kind == "rich_text":
        return Rendered(lines=tuple(_rich_text(block).splitlines()))
    return Rendered(lines=(f"({kind} block)",))


def _section(block: Mapping[str, Any], names: Names, first: int) -> Rendered:
    lines: list[str] = []
    if block.get("text"):
        lines += mrkdwn_to_text(text_of(block["text"]), names=names).splitlines()
    for item in block.get("fields", []):
        parts = mrkdwn_to_text(text_of(item), names=names).splitlines()
        joined = f"{parts[0]}: {' '.join(parts[1:])}" if len(parts) > 1 else "".join(parts)
        lines.append(INDENT + joined)
    accessory = block.get("accessory")
    if isinstance(accessory, Mapping) and accessory.get("type") == "image":
        lines.append(f"(image: {accessory.get('alt_text', '')})")
        return Rendered(lines=tuple(lines))
    if isinstance(accessory, Mapping):
        action = _action(accessory, names, first)
        lines.append(INDENT + action.shown())
        return Rendered(lines=tuple(lines), actions=(action,))
    return Rendered(lines=tuple(lines))


def _context(block: Mapping[str, Any], names: Names) -> Rendered:
    parts = []
    for element in block.get("elements", []):
        if not isinstance(element, Mapping):
            continue
        if element.get("type") == "image":
            parts.append(f"({element.get('alt_text', 'image')})")
        else:
            parts.append(mrkdwn_to_text(text_of(element), names=names))
    text = "  ".join(parts)
    return Rendered(lines=tuple(INDENT + line for line in text.splitlines()))


def _actions(elements: Sequence[Any], names: Names, first: int) -> Rendered:
    actions = tuple(
        _action(element, names, first + index)
        for index, element in enumerate(e for e in elements if isinstance(e, Mapping))
    )
    if not actions:
        return Rendered()
    return Rendered(lines=("  ".join(action.shown() for action in actions),), actions=actions)


def _action(element: Mapping[str, Any], names: Names, number: int) -> Action:
    kind = str(element.get("type", "button"))
    label = text_of(element.get("text")) or text_of(element.get("placeholder"))
    choices = tuple(
        f"{option.get('value')}" for option in element.get("options", [])
        if isinstance(option, Mapping)
    )  # fmt: skip
    return Action(
        number=number,
        label=mrkdwn_to_text(label or _default_label(kind), names=names),
        action_id=str(element.get("action_id", "")),
        kind=kind,
        choices=choices,
    )


def _default_label(kind: str) -> str:
    return {"overflow": "⋯", "datepicker": "Pick a date", "timepicker": "Pick a time"}.get(
        kind, kind.replace("_", " ")
    )


def _rich_text(block: Mapping[str, Any]) -> str:
    """The text of a rich_text block, flattened."""

    def walk(node: Any) -> str:
        if isinstance(node, Mapping):
            if node.get("type") == "text":
                return str(node.get("text", ""))
            if node.get("type") == "user":
                return f"<@{node.get('user_id')}>"
            if node.get("type") == "link":
                return str(node.get("text") or node.get("url", ""))
            return "".join(walk(child) for child in node.get("elements", []))
        return ""

    return walk(block)


# ---- views -------------------------------------------------------------------------


def render_view(view: Mapping[str, Any], *, names: Names | None = None, first: int = 1) -> Rendered:
    """A modal as a text form (its inputs as fields, its buttons as actions), or an App
    Home tab as its blocks."""
    known = names or Names()
    blocks = view.get("blocks") or []
    if view.get("type") != "modal":
        return render_blocks(blocks, names=known, first=first)
    fields = {f.block_id: f for f in fields_of(blocks)}
    rendered = Rendered()
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        found = fields.get(str(block.get("block_id", ""))) if block.get("type") == "input" else None
        if found is not None:
            rendered += Rendered(lines=field_lines(found, names=known))
        else:
            rendered += _block(block, known, first + len(rendered.actions))
    return rendered + Rendered(lines=(form_footer(view, has_fields=bool(fields)),))


def field_lines(field: Field, *, names: Names | None = None) -> tuple[str, ...]:
    """``• status — Status (required): one of on-track (🟢 On track), …``."""
    need = "optional" if field.optional else "required"
    label = mrkdwn_to_text(field.label, names=names)
    lines = [f"• {field.name} — {label} ({need}, {field.description})"]
    if field.choices:
        lines.append(INDENT * 2 + ", ".join(_choice_text(choice) for choice in field.choices))
    current = initial_text(field)
    if current is not None:
        lines.append(INDENT * 2 + f"now: {current}")
    if field.hint:
        lines.append(INDENT * 2 + mrkdwn_to_text(field.hint, names=names))
    return tuple(lines)


def _choice_text(choice: Choice) -> str:
    label = mrkdwn_to_text(choice.label)
    return label if label.startswith(choice.key) else f"{choice.key} ({label})"


def form_footer(view: Mapping[str, Any], *, has_fields: bool) -> str:
    submit = text_of(view.get("submit"))
    close = text_of(view.get("close")) or "Close"
    if submit and has_fields:
        return f"→ :submit field=value … to {submit}; :close to {close}"
    if submit:
        return f"→ :submit to {submit}; :close to {close}"
    return f"→ :close to {close}"


def view_title(view: Mapping[str, Any]) -> str:
    return text_of(view.get("title")) or ("App Home" if view.get("type") == "home" else "form")


# ---- framing -----------------------------------------------------------------------


def framed(title: str, rendered: Rendered, *, width: int = DEFAULT_WIDTH) -> str:
    """``── title ──`` and the body indented, long lines wrapped at ``width``."""
    head = f"── {title} "
    lines = [head + "─" * max(3, min(width, 60) - len(head))]
    for line in rendered.lines or ("(empty)",):
        lines += _wrapped((INDENT + line).rstrip(), width=width)
    return "\n".join(lines)


def _wrapped(line: str, *, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.wrap(
        line,
        width=width,
        subsequent_indent=indent + INDENT,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]
