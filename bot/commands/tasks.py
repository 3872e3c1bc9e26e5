"""Grammar of what managers do to tasks: add, assign, due, drop."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from bot.commands.cursor import Cursor
from bot.commands.dates import parse_date
from bot.commands.errors import Invalid
from bot.commands.fields import HOW_LIMIT, TITLE_LIMIT, UNIT_LIMIT, checked, line, note, title_from
from bot.commands.model import AddTask, AssignTask, Command, DropTask, SetDueDate
from bot.commands.numbers import parse_amount
from bot.commands.options import Kind, Options, reject_unterminated
from bot.commands.refs import (
    require_channel,
    require_goal,
    require_task,
    require_user,
    task_ref,
)
from bot.commands.text import fold

_ADD_OPTIONS = {
    "owner": Kind.WORD,
    "due": Kind.DATE,
    "goal": Kind.WORD,
    "team": Kind.WORD,
    "start": Kind.DATE,
    "target": Kind.WORD,
    "unit": Kind.WORD,
    "budget": Kind.WORD,
    "how": Kind.WORD,
}
_ADD_ALIASES = {"assignee": "owner", "who": "owner", "deadline": "due", "channel": "team"}
_FILLERS = frozenset({"to", "on", "by"})


def date_reader(today: date) -> Callable[[str], date]:
    """A converter for date options, relative to ``today``."""

    def read(text: str) -> date:
        return parse_date(text, today=today)

    return read


def amount_reader(*, what: str, money: bool) -> Callable[[str], Decimal]:
    def read(text: str) -> Decimal:
        return parse_amount(text, what=what, money=money)

    return read


def unit_of(text: str) -> str:
    return line(text, what="unit", limit=UNIT_LIMIT)


def parse_add(cursor: Cursor) -> Command:
    reject_unterminated(cursor)
    options = Options(command="add", allowed=_ADD_OPTIONS, aliases=_ADD_ALIASES, has_title=True)
    title_tokens = []
    while (token := cursor.peek()) is not None:
        if not options.read(cursor):
            title_tokens.append(token)
            cursor.take()
    example = 'add "Launch the pricing page" owner:@maria due:2026-12-24'
    title = title_from(title_tokens, what="title", limit=TITLE_LIMIT, example=example)
    dates = date_reader(cursor.today)
    task = AddTask(
        title=title,
        owner=options.required("owner", require_user, example="owner:@maria"),
        due=options.required("due", dates, example="due:2026-12-24"),
        goal=options.optional("goal", require_goal),
        team=options.optional("team", require_channel),
        start=options.optional("start", dates),
        target=options.optional("target", amount_reader(what="the target", money=False)),
        unit=options.optional("unit", unit_of),
        budget=options.optional("budget", amount_reader(what="the budget", money=True)),
        how=checked(options.optional("how", str.strip) or "", what="how", limit=HOW_LIMIT),
    )
    _check_task(task)
    return task


def _check_task(task: AddTask) -> None:
    if task.unit is not None and task.target is None:
        raise Invalid("`unit:` goes with `target:`, like `target:5000 unit:subscribers`.")
    if task.start is not None and task.start > task.due:
        raise Invalid(f"`start:` {task.start.isoformat()} is after `due:` {task.due.isoformat()}.")


def parse_assign(cursor: Cursor) -> Command:
    words = [word for word in cursor.words() if fold(word) not in _FILLERS]
    cursor.index = len(cursor.tokens)
    if len(words) != 2:
        raise Invalid("Give one task and one person, like `assign T-12 @maria`.")
    # Either order: `assign T-12 @maria` or `assign @maria T-12`.
    task_word, person_word = words if task_ref(words[1]) is None else reversed(words)
    return AssignTask(ref=require_task(task_word), owner=require_user(person_word, bare=False))


def parse_due(cursor: Cursor) -> Command:
    ref = require_task(cursor.take_text())
    if (token := cursor.peek()) is not None and fold(token.text) in _FILLERS:
        cursor.take()
    due = cursor.take_date(what="The new due date")
    cursor.expect_end(command="due T-12 DATE")
    return SetDueDate(ref=ref, due=due)


def parse_drop(cursor: Cursor) -> Command:
    ref = require_task(cursor.take_text())
    return DropTask(ref=ref, reason=note(cursor.rest(), what="reason"))
