"""Shared data for the view tests: realistic tasks and a checker of Slack's limits."""

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from slack_sdk.models.views import View

from bot.views.message import Message
from bot.views.models import TaskLine
from storage.enums import Status

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)

TaskFactory = Callable[..., TaskLine]
LimitChecker = Callable[[Message | View], dict[str, Any]]
TextReader = Callable[[dict[str, Any]], str]


@pytest.fixture
def make_task() -> TaskFactory:
    def make(task_id: int = 12, **overrides: Any) -> TaskLine:
        fields: dict[str, Any] = {
            "id": task_id,
            "ref": f"T-{task_id}",
            "title": "Launch the customer onboarding survey",
            "owner_name": "Ana Silva",
            "owner_slack_id": "U0ANA",
            "due_on": date(2026, 12, 15),
            "status": Status.ON_TRACK,
            "percent": 40,
            "note": "Survey drafted; legal review next week.",
            "updated_at": datetime(2026, 11, 20, 14, 0, tzinfo=UTC),
        }
        fields.update(overrides)
        return TaskLine(**fields)

    return make


@pytest.fixture
def many_tasks(make_task: TaskFactory) -> list[TaskLine]:
    """200 tasks with 300-character titles and 3000-character notes full of '<&>'."""
    return [
        make_task(
            number,
            title=("Q<&>" * 75)[:300],
            note=("a<b & c>d " * 300)[:3000],
            due_on=date(2026, 11, 1 + number % 28),
        )
        for number in range(1, 201)
    ]


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _check(payload: dict[str, Any], *, max_blocks: int) -> None:
    blocks = payload["blocks"]
    assert 0 < len(blocks) <= max_blocks
    block_ids = [block["block_id"] for block in blocks if "block_id" in block]
    assert len(block_ids) == len(set(block_ids)), "block ids must be unique"
    for block in blocks:
        if block["type"] in ("section", "context"):
            texts = [block["text"]] if "text" in block else block.get("elements", [])
            assert all(len(text["text"]) <= 3000 for text in texts)
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= 150
        if block["type"] == "actions":
            ids = [element["action_id"] for element in block["elements"]]
            assert len(ids) == len(set(ids)), "action ids must be unique in a block"
    for node in _walk(blocks):
        if node.get("type") == "button":
            assert len(node["text"]["text"]) <= 75
            assert len(node.get("value", "")) <= 2000
        if "options" in node:
            assert all(len(option["text"]["text"]) <= 75 for option in node["options"])


@pytest.fixture
def check_limits() -> LimitChecker:
    """Serialise (slack_sdk validates as it goes) and check what it does not."""

    def check(rendered: Message | View) -> dict[str, Any]:
        payload = rendered.to_dict()
        if isinstance(rendered, View):
            _check(payload, max_blocks=100)
            assert len(payload.get("private_metadata", "")) <= 3000
        else:
            _check(payload, max_blocks=50)
            assert 0 < len(payload["text"]) <= 3000
        return payload

    return check


@pytest.fixture
def all_text() -> Callable[[dict[str, Any]], str]:
    """Every text in a rendered payload, joined: for asserting on what a person reads."""

    def join(payload: dict[str, Any]) -> str:
        return "\n".join(
            str(node["text"]) for node in _walk(payload) if isinstance(node.get("text"), str)
        )

    return join
