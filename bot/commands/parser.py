"""`parse`: the text of a `/pillar` command in, a typed command or a `UsageError` out.

Pure: no clock (``today`` is passed in), no I/O. It never raises for any input; every
problem comes back as a `UsageError` saying what was wrong and showing the right form.
"""

from collections.abc import Callable
from datetime import date

from bot.commands.cadence import parse_cadence
from bot.commands.cursor import Cursor
from bot.commands.errors import Invalid
from bot.commands.help import COMMAND, suggest_topic, usage_text
from bot.commands.model import Command, Help, UsageError
from bot.commands.planning import GOAL_ACTIONS, PLAN_ACTIONS, REVIEW_ACTIONS, TEAM_ACTIONS
from bot.commands.progress import (
    parse_accept,
    parse_away,
    parse_block,
    parse_decline,
    parse_done,
    parse_update,
)
from bot.commands.reading import parse_digest, parse_help, parse_lint, parse_mine, parse_status
from bot.commands.refs import task_ref
from bot.commands.specs import ALIASES
from bot.commands.tasks import parse_add, parse_assign, parse_drop, parse_due
from bot.commands.text import clean_input, echo, fold
from bot.commands.tokens import tokenize

MAX_INPUT = 8000
_HELP_WORDS = frozenset({"help", "?", "-h", "--help"})

Grammar = Callable[[Cursor], Command]


def parse(text: str, *, today: date) -> Command | UsageError:
    """Parse the text after `/pillar` (as Slack sends it, mentions escaped)."""
    if len(text) > MAX_INPUT:
        return UsageError(
            problem=f"That is {len(text)} characters long; a command takes at most {MAX_INPUT}."
        )
    source = clean_input(text)
    cursor = Cursor(source, tokenize(source), today=today)
    head = cursor.peek()
    if head is None:
        return Help()
    name = _command_name(head.text)
    if name is None:
        return _unknown_command(head.raw)
    if name != "update" or task_ref(head.text) is None:
        cursor.take()  # `/pillar T-12 at-risk` is short for `/pillar update T-12 at-risk`
    if len(cursor.words()) == 1 and fold(cursor.words()[0]) in _HELP_WORDS:
        return Help(topic=name)
    try:
        return _GRAMMARS[name](cursor)
    except Invalid as error:
        topic = error.topic or name
        return UsageError(problem=error.problem, usage=usage_text(topic), topic=topic)


def _command_name(word: str) -> str | None:
    folded = fold(word)
    name = ALIASES.get(folded, folded)
    if name in _GRAMMARS:
        return name
    return "update" if task_ref(word) is not None else None


def _unknown_command(raw: str) -> UsageError:
    suggestion = suggest_topic(raw)
    problem = f"`{COMMAND}` has no command {echo(raw)}."
    if suggestion is not None:
        problem += f" Did you mean `{COMMAND} {suggestion}`?"
    return UsageError(problem=problem, usage=f"See `{COMMAND} help` for every command.")


def _group(name: str, actions: dict[str, Grammar]) -> Grammar:
    """A grammar for ``name ACTION …`` (e.g. ``plan add``), naming the action in errors."""
    choices = ", ".join(f"`{name} {action}`" for action in actions)

    def parse_group(cursor: Cursor) -> Command:
        word = cursor.take_text()
        action = fold(word) if word is not None else None
        if action is None or action not in actions:
            got = f"; {echo(word)} is not one" if word is not None else ""
            raise Invalid(f"`{name}` needs what to do: {choices}{got}.")
        try:
            return actions[action](cursor)
        except Invalid as error:
            raise Invalid(error.problem, topic=error.topic or f"{name} {action}") from None

    return parse_group


_GRAMMARS: dict[str, Grammar] = {
    "help": parse_help,
    "mine": parse_mine,
    "update": parse_update,
    "done": parse_done,
    "block": parse_block,
    "away": parse_away,
    "status": parse_status,
    "accept": parse_accept,
    "decline": parse_decline,
    "digest": parse_digest,
    "add": parse_add,
    "assign": parse_assign,
    "due": parse_due,
    "drop": parse_drop,
    "goal": _group("goal", GOAL_ACTIONS),
    "team": _group("team", TEAM_ACTIONS),
    "review": _group("review", REVIEW_ACTIONS),
    "plan": _group("plan", PLAN_ACTIONS),
    "lint": parse_lint,
    "cadence": parse_cadence,
}

# The first words of every command, in the order help lists them.
COMMAND_WORDS: tuple[str, ...] = tuple(_GRAMMARS)
