"""Grammar of what owners say about their own work: update, done, block, away, accept,
decline."""

from decimal import Decimal

from bot.commands.cursor import Cursor
from bot.commands.errors import Invalid
from bot.commands.fields import note
from bot.commands.model import (
    AcceptTask,
    Command,
    DeclineTask,
    MarkDone,
    OpenUpdateForm,
    RaiseBlocker,
    SetAway,
    TaskRef,
    UpdateTask,
)
from bot.commands.numbers import looks_like_percent, parse_amount, parse_percent
from bot.commands.options import Kind, Options
from bot.commands.refs import require_task, task_ref
from bot.commands.status import STATUS_WORDS, read_status, suggest_status
from bot.commands.text import echo, fold
from storage.enums import Status

_UPDATE_OPTIONS = {"value": Kind.WORD, "spent": Kind.WORD}
_BACK_WORDS = frozenset({"off", "back", "none", "clear", "cancel", "no"})


def parse_update(cursor: Cursor) -> Command:
    first = cursor.peek()
    if first is None:
        return OpenUpdateForm()
    if task_ref(first.text) is None and (
        read_status(cursor.words(2)) or looks_like_percent(first.text)
    ):
        raise Invalid("Which task? Put its reference before the status, like `T-12`.")
    ref = require_task(cursor.take_text())
    if cursor.at_end():
        return OpenUpdateForm(ref)
    return _report(cursor, ref)


def _report(cursor: Cursor, ref: TaskRef) -> UpdateTask:
    options = Options(command="update", allowed=_UPDATE_OPTIONS)
    status: Status | None = None
    percent: int | None = None
    while (token := cursor.peek()) is not None:
        found = read_status(cursor.words(2)) if status is None else None
        if found is not None:
            status = found[0]
            cursor.index += found[1]
        elif percent is None and looks_like_percent(token.text):
            percent = parse_percent(token.text)
            cursor.take()
        elif not options.read(cursor, strict=False):
            break
    if status is None:
        raise _missing_status(cursor, ref)
    return UpdateTask(
        ref=ref,
        status=status,
        percent=percent,
        value=options.optional("value", _metric_value),
        spent=options.optional("spent", _spent),
        note=note(cursor.rest()),
    )


def _missing_status(cursor: Cursor, ref: TaskRef) -> Invalid:
    token = cursor.peek()
    if token is None:
        return Invalid(f"How is {ref} going? Add a status: one of {STATUS_WORDS}.")
    suggestion = suggest_status(token.text)
    if suggestion is not None:
        return Invalid(f"{echo(token.raw)} is not a status; did you mean `{suggestion.value}`?")
    return Invalid(
        f"Say how {ref} is going before the note: one of {STATUS_WORDS}, "
        f"like `update {ref} at-risk {_note_start(token.text)}…`."
    )


def _note_start(word: str) -> str:
    """The note's first word, safe inside the example's code span."""
    return word.replace("`", "'")[:20]


def _metric_value(text: str) -> Decimal:
    return parse_amount(text, what="the value", money=False)


def _spent(text: str) -> Decimal:
    return parse_amount(text, what="the amount spent", money=True)


def parse_done(cursor: Cursor) -> Command:
    ref = require_task(cursor.take_text())
    return MarkDone(ref=ref, note=note(cursor.rest()))


def parse_block(cursor: Cursor) -> Command:
    ref = require_task(cursor.take_text())
    reason = note(cursor.rest(), what="reason")
    if not reason:
        raise Invalid(f"Say what blocks {ref}, so that the manager can act on it.")
    return RaiseBlocker(ref=ref, reason=reason)


def parse_away(cursor: Cursor) -> Command:
    first = cursor.peek()
    if first is None:
        raise Invalid("Until when? Give the last day you are away, or `off` when you are back.")
    if fold(first.text) in _BACK_WORDS:
        cursor.take()
        cursor.expect_end(command="away off")
        return SetAway(until=None)
    if fold(first.text) == "until":
        cursor.take()
    until = cursor.take_date(what="The last day you are away")
    cursor.expect_end(command="away DATE")
    if until < cursor.today:
        raise Invalid(f"{until.isoformat()} is in the past; give the last day you will be away.")
    return SetAway(until=until)


def parse_accept(cursor: Cursor) -> Command:
    ref = require_task(cursor.take_text())
    cursor.expect_end(command="accept T-12")
    return AcceptTask(ref=ref)


def parse_decline(cursor: Cursor) -> Command:
    ref = require_task(cursor.take_text())
    reason = note(cursor.rest(), what="reason")
    if not reason:
        raise Invalid(f"Say why you decline {ref}; whoever assigned it will read it.")
    return DeclineTask(ref=ref, reason=reason)
