"""Grammar of commands that only read or post: help, mine, status, digest, lint."""

from bot.commands.cursor import Cursor
from bot.commands.errors import Invalid
from bot.commands.fields import NAME_LIMIT, title_from
from bot.commands.help import resolve_topic, suggest_topic
from bot.commands.model import (
    Command,
    Help,
    Lint,
    Mine,
    PlanRef,
    PostDigest,
    SetLintRules,
    ShowStatus,
    StatusScope,
)
from bot.commands.options import Kind, Options
from bot.commands.refs import channel_ref, goal_ref, require_channel, task_ref, user_ref
from bot.commands.text import echo, fold

FORCE = "force"
MAX_OPEN_TASKS_LIMIT = 500


def parse_help(cursor: Cursor) -> Command:
    words = cursor.words()
    cursor.index = len(cursor.tokens)
    if not words:
        return Help()
    topic = " ".join(words)
    key = resolve_topic(topic)
    if key is None:
        suggestion = suggest_topic(words[0])
        hint = f" Did you mean `{suggestion}`?" if suggestion else ""
        raise Invalid(f"There is no help on {echo(topic)}.{hint} Try `/pillar help`.")
    return Help(topic=key)


def parse_mine(cursor: Cursor) -> Command:
    cursor.expect_end(command="mine")
    return Mine()


def parse_lint(cursor: Cursor) -> Command:
    first = cursor.peek()
    if first is None or fold(first.text) != "set":
        cursor.expect_end(command="lint")
        return Lint()
    cursor.take()
    try:
        return _lint_set(cursor)
    except Invalid as error:
        raise Invalid(error.problem, topic="lint set") from None


def _lint_set(cursor: Cursor) -> Command:
    options = Options(command="lint set", allowed={"max-open": Kind.WORD},
                      aliases={"max": "max-open", "max_open": "max-open"})  # fmt: skip
    while not cursor.at_end():
        if not options.read(cursor):
            token = cursor.peek()
            raise Invalid(f"{echo(token.raw if token else '')} is not a setting; give `key:value`.")
    most = options.required("max-open", _open_task_limit, example="max-open:12")
    return SetLintRules(max_open_tasks=most)


def _open_task_limit(word: str) -> int:
    if not word.strip().isdigit() or not 1 <= int(word) <= MAX_OPEN_TASKS_LIMIT:
        raise Invalid(
            f"is how many open tasks an owner may hold, from 1 to {MAX_OPEN_TASKS_LIMIT}; "
            f"got {echo(word)}."
        )
    return int(word)


def parse_digest(cursor: Cursor) -> Command:
    """``[#channel] [force]``, in either order."""
    channel, force = None, False
    while (token := cursor.peek()) is not None:
        if fold(token.text) == FORCE and not force:
            force = bool(cursor.take())
        elif channel is None and fold(token.text) != FORCE:
            channel = require_channel(cursor.take_text(), bare=False)
        else:
            break
    cursor.expect_end(command="digest")
    return PostDigest(channel=channel, force=force)


def parse_status(cursor: Cursor) -> Command:
    first = cursor.peek()
    if first is None:
        return ShowStatus()
    cursor.take()
    if fold(first.text) == "plan":
        return ShowStatus(scope=_plan(cursor))
    scope = _scope(first.text)
    if scope is None:
        raise Invalid(
            f"{echo(first.raw)} is not something to show; "
            "give `#team`, `@person`, `plan`, a task `T-12` or a goal `G-3`."
        )
    cursor.expect_end(command="status")
    return ShowStatus(scope=scope)


def _plan(cursor: Cursor) -> PlanRef:
    if cursor.at_end():
        return PlanRef()
    words = cursor.tokens[cursor.index :]
    cursor.index = len(cursor.tokens)
    return PlanRef(name=title_from(words, what="plan name", limit=NAME_LIMIT, example=""))


def _scope(word: str) -> StatusScope | None:
    return user_ref(word) or channel_ref(word) or task_ref(word) or goal_ref(word)
