from collections.abc import Callable
from typing import Any

from bot.views.help import render_help

Payload = dict[str, Any]


def test_short_help_is_one_section(check_limits: Any) -> None:
    payload = check_limits(render_help("*Usage*\n`/pillar mine` — my open tasks"))
    assert payload["text"] == "Pillar help"
    assert [block["type"] for block in payload["blocks"]] == ["section"]
    assert payload["blocks"][0]["text"]["text"] == "*Usage*\n`/pillar mine` — my open tasks"


def test_long_help_is_split_into_sections_of_at_most_3000(
    check_limits: Any, all_text: Callable[[Payload], str]
) -> None:
    lines = [f"`/pillar command{n}` — does thing number {n}" for n in range(400)]
    payload = check_limits(render_help("\n".join(lines)))
    assert len(payload["blocks"]) > 1
    text = all_text(payload)
    assert "`/pillar command0`" in text
    assert "`/pillar command399`" in text


def test_enormous_help_is_cut_to_50_blocks(check_limits: Any) -> None:
    payload = check_limits(render_help("word " * 40_000))
    assert len(payload["blocks"]) == 50
    assert payload["blocks"][-1]["type"] == "context"


def test_empty_help_still_renders(check_limits: Any) -> None:
    assert check_limits(render_help(""))["blocks"][0]["text"]["text"] == "No help text."
