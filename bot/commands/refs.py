"""Reading references: tasks (T-12), goals (G-3), people and channels (escaped or plain)."""

import re

from bot.commands.errors import Invalid
from bot.commands.model import ChannelRef, GoalRef, TaskRef, UserRef
from bot.commands.text import echo, fold

_TASK = re.compile(r"(?:t-?)?([0-9]{1,9})")
_GOAL = re.compile(r"g-?([0-9]{1,9})")
_ESCAPED_USER = re.compile(r"<@([UW][A-Z0-9]{1,30})(?:\|([^<>]{0,80}))?>")
_ESCAPED_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]{1,30})(?:\|([^<>]{0,80}))?>")
_USER_GROUP = re.compile(r"<!subteam\^[^>]*>|<!(?:here|channel|everyone)[^>]*>")
# Slack names: no whitespace or markup characters; kept short.
_NAME = r"[^\s@#<>|,`\"“”]{1,80}"
_PLAIN_USER = re.compile(rf"@({_NAME})")
_PLAIN_CHANNEL = re.compile(rf"#({_NAME})")
_BARE_NAME = re.compile(r"[\w.\-]{1,80}")

TASK_EXAMPLE = "`T-12`"
GOAL_EXAMPLE = "`G-3`"


def task_ref(word: str) -> TaskRef | None:
    """``T-12``, ``t12``, ``T12`` or ``12`` as a `TaskRef`; ``None`` if it is not one."""
    match = _TASK.fullmatch(fold(word))
    if match is None or int(match.group(1)) == 0:
        return None
    return TaskRef(int(match.group(1)))


def goal_ref(word: str, *, bare_number: bool = False) -> GoalRef | None:
    """``G-3`` or ``g3`` (and ``3`` when ``bare_number``) as a `GoalRef`, else ``None``."""
    folded = fold(word)
    match = _GOAL.fullmatch(folded)
    if match is None and bare_number and folded.isascii() and folded.isdigit():
        match = re.fullmatch(r"([0-9]{1,9})", folded)
    if match is None or int(match.group(1)) == 0:
        return None
    return GoalRef(int(match.group(1)))


def require_task(word: str | None, *, what: str = "task") -> TaskRef:
    if word is None:
        raise Invalid(f"Which {what}? Give its reference, like {TASK_EXAMPLE}.")
    ref = task_ref(word)
    if ref is None:
        raise Invalid(f"{echo(word)} is not a task reference; write it like {TASK_EXAMPLE}.")
    return ref


def require_goal(word: str) -> GoalRef:
    ref = goal_ref(word, bare_number=True)
    if ref is None:
        raise Invalid(f"{echo(word)} is not a goal reference; write it like {GOAL_EXAMPLE}.")
    return ref


def user_ref(word: str, *, bare: bool = False) -> UserRef | None:
    """An escaped mention or ``@name`` (or a bare ``name`` when ``bare``), else ``None``."""
    if match := _ESCAPED_USER.fullmatch(word):
        return UserRef(slack_id=match.group(1), name=match.group(2) or None)
    if match := _PLAIN_USER.fullmatch(word):
        return UserRef(name=match.group(1))
    if bare and _BARE_NAME.fullmatch(word) and word.lower() != "me":
        return UserRef(name=word)
    return None


def require_user(word: str | None, *, bare: bool = True) -> UserRef:
    if word is None or not word:
        raise Invalid("Who? Mention a person, like `@maria`.")
    if _USER_GROUP.fullmatch(word):
        raise Invalid(f"{echo(word)} is a group; mention one person, like `@maria`.")
    ref = user_ref(word, bare=bare)
    if ref is None:
        raise Invalid(f"{echo(word)} is not a person; mention one, like `@maria`.")
    return ref


def channel_ref(word: str, *, bare: bool = False) -> ChannelRef | None:
    """An escaped channel or ``#name`` (or a bare ``name`` when ``bare``), else ``None``."""
    if match := _ESCAPED_CHANNEL.fullmatch(word):
        return ChannelRef(slack_id=match.group(1), name=match.group(2) or None)
    if match := _PLAIN_CHANNEL.fullmatch(word):
        return ChannelRef(name=match.group(1))
    if bare and _BARE_NAME.fullmatch(word):
        return ChannelRef(name=word)
    return None


def require_channel(word: str | None, *, bare: bool = True) -> ChannelRef:
    if word is None or not word:
        raise Invalid("Which channel? Name it, like `#growth`.")
    ref = channel_ref(word, bare=bare)
    if ref is None:
        raise Invalid(f"{echo(word)} is not a channel; name one, like `#growth`.")
    return ref
