"""Light Block Kit checks, answering the way Slack does when a limit is broken.

Only the limits an app is likely to hit are checked: counts of blocks and elements,
text lengths, and the required ``type`` of every block.
"""

from typing import Any

from bot.standin.errors import SlackError

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3_000
MAX_HEADER_TEXT = 150
MAX_ACTIONS_ELEMENTS = 25
MAX_BLOCK_ID = 255
MAX_VIEW_TITLE = 24
MAX_PRIVATE_METADATA = 3_000


def check_message(*, text: str | None, blocks: Any) -> None:
    """Raise Slack's error for a message whose text or blocks break Slack's limits."""
    if text is not None and len(text) > MAX_MESSAGE_TEXT:
        raise SlackError("msg_too_long")
    if blocks is None:
        return
    problems = block_problems(blocks, limit=MAX_MESSAGE_BLOCKS, pointer="/blocks")
    if problems:
        raise SlackError("invalid_blocks", response_metadata={"messages": problems})


def check_view(view: Any) -> None:
    """Raise ``invalid_arguments`` (as ``views.*`` do) for a view Slack would refuse."""
    problems = view_problems(view)
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})


def view_problems(view: Any) -> list[str]:
    if not isinstance(view, dict):
        return ["[ERROR] must provide an object [json-pointer:/view]"]
    problems: list[str] = []
    kind = view.get("type")
    if kind not in ("modal", "home"):
        problems.append("[ERROR] must be one of [modal, home] [json-pointer:/view/type]")
    if kind == "modal":
        title = _text_of(view.get("title"))
        if title is None:
            problems.append("[ERROR] missing required field: title [json-pointer:/view]")
        elif len(title) > MAX_VIEW_TITLE:
            problems.append(_too_long(MAX_VIEW_TITLE, "/view/title/text"))
    metadata = view.get("private_metadata")
    if isinstance(metadata, str) and len(metadata) > MAX_PRIVATE_METADATA:
        problems.append(_too_long(MAX_PRIVATE_METADATA, "/view/private_metadata"))
    problems += block_problems(
        view.get("blocks", []), limit=MAX_VIEW_BLOCKS, pointer="/view/blocks"
    )
    return problems


def block_problems(blocks: Any, *, limit: int, pointer: str) -> list[str]:
    """What is wrong with a list of blocks, in Slack's ``[ERROR] … [json-pointer:…]`` form."""
    if not isinstance(blocks, list):
        return [f"[ERROR] must provide an array [json-pointer:{pointer}]"]
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]")
    for index, block in enumerate(blocks):
        problems += _one_block_problems(block, pointer=f"{pointer}/{index}")
    return problems


def _one_block_problems(block: Any, *, pointer: str) -> list[str]:
    if not isinstance(block, dict) or not isinstance(block.get("type"), str):
        return [f"[ERROR] missing required field: type [json-pointer:{pointer}]"]
    problems: list[str] = []
    block_id = block.get("block_id")
    if isinstance(block_id, str) and len(block_id) > MAX_BLOCK_ID:
        problems.append(_too_long(MAX_BLOCK_ID, f"{pointer}/block_id"))
    text = _text_of(block.get("text"))
    kind = block["type"]
    if kind == "section" and text is not None and len(text) > MAX_SECTION_TEXT:
        problems.append(_too_long(MAX_SECTION_TEXT, f"{pointer}/text/text"))
    if kind == "header" and text is not None and len(text) > MAX_HEADER_TEXT:
        problems.append(_too_long(MAX_HEADER_TEXT, f"{pointer}/text/text"))
    elements = block.get("elements")
    if kind == "actions" and isinstance(elements, list) and len(elements) > MAX_ACTIONS_ELEMENTS:
        problems.append(
            f"[ERROR] no more than {MAX_ACTIONS_ELEMENTS} items allowed "
            f"[json-pointer:{pointer}/elements]"
        )
    return problems


def _text_of(text_object: Any) -> str | None:
    if isinstance(text_object, dict) and isinstance(text_object.get("text"), str):
        return str(text_object["text"])
    return None


def _too_long(limit: int, pointer: str) -> str:
    return f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"
