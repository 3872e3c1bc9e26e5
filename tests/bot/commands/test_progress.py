from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bot.commands import (
    AcceptTask,
    Command,
    DeclineTask,
    MarkDone,
    OpenUpdateForm,
    RaiseBlocker,
    SetAway,
    TaskRef,
    UpdateTask,
    UsageError,
)
from storage.enums import Status

Parse = Callable[[str], Command]
Refuse = Callable[[str], UsageError]


def test_update_with_everything(command: Parse) -> None:
    assert command("update T-12 at-risk 40% value:320 spent:1,200.50 vendor is late") == (
        UpdateTask(
            ref=TaskRef(12),
            status=Status.AT_RISK,
            percent=40,
            value=Decimal("320"),
            spent=Decimal("1200.50"),
            note="vendor is late",
        )
    )


def test_update_with_only_a_status(command: Parse) -> None:
    assert command("update t12 done") == UpdateTask(ref=TaskRef(12), status=Status.DONE)


@pytest.mark.parametrize(
    "text",
    [
        "update T-12 40% at-risk the note",
        "update 12 At Risk 40% the note",
        "update T12 amber 40% note: the note",
        "update T-12 at-risk 40% “the note”",
        "T-12 at-risk 40% the note",
    ],
)
def test_update_word_order_and_aliases_are_forgiving(command: Parse, text: str) -> None:
    assert command(text) == UpdateTask(
        ref=TaskRef(12), status=Status.AT_RISK, percent=40, note="the note"
    )


def test_the_note_keeps_its_lines_mentions_and_decoded_entities(command: Parse) -> None:
    result = command("update T-1 blocked waiting for <@U9|ana> &amp; legal\nsince Monday")
    assert isinstance(result, UpdateTask)
    assert result.note == "waiting for <@U9|ana> & legal\nsince Monday"


def test_words_after_the_note_starts_are_note(command: Parse) -> None:
    result = command("update T-1 on-track shipped 50% of it, value:3 was a guess")
    assert isinstance(result, UpdateTask)
    assert result.percent is None
    assert result.value is None
    assert result.note == "shipped 50% of it, value:3 was a guess"


def test_a_note_may_start_with_a_colon_word(command: Parse) -> None:
    result = command("update T-1 on-track see: https://example.com")
    assert isinstance(result, UpdateTask)
    assert result.note == "see: https://example.com"


def test_a_second_percentage_is_note(command: Parse) -> None:
    result = command("update T-1 on-track 40% 60% left")
    assert isinstance(result, UpdateTask)
    assert (result.percent, result.note) == (40, "60% left")


def test_option_value_after_a_space(command: Parse) -> None:
    result = command("update T-1 on-track spent: 300")
    assert isinstance(result, UpdateTask)
    assert result.spent == Decimal("300")


@pytest.mark.parametrize("text", ["update", "update   "])
def test_update_alone_opens_the_form(command: Parse, text: str) -> None:
    assert command(text) == OpenUpdateForm()


def test_update_with_a_task_only_opens_its_form(command: Parse) -> None:
    assert command("update T-7") == OpenUpdateForm(ref=TaskRef(7))
    assert command("T-7") == OpenUpdateForm(ref=TaskRef(7))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("update T-12 waiting on legal", "Say how T-12 is going before the note"),
        ("update T-12 40%", "How is T-12 going? Add a status"),
        ("update T-12 at-rsk", "did you mean `at-risk`?"),
        ("update at-risk 40%", "Which task?"),
        ("update 40%", "Which task?"),
        ("update banana at-risk", "`banana` is not a task reference"),
        ("update T-12 at-risk 140%", "goes from `0%` to `100%`"),
        ("update T-12 at-risk 40.5%", "whole number"),
        ("update T-12 at-risk spent:-3", "cannot be negative"),
        ("update T-12 at-risk spent:lots", "`spent:` `lots` is not a number"),
        ("update T-12 at-risk value:1,2", "is not a number for the value"),
        ("update T-12 at-risk spnt:12", "Unknown option `spnt:` (did you mean `spent:`?)"),
        ("update T-12 at-risk value:1 value:2", "`value:` is given twice"),
        ("update T-12 at-risk " + "x" * 3001, "3001 characters long; at most 3000"),
    ],
)
def test_update_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert "Usage: `/pillar update T-12 STATUS" in result.message
    assert "Example: `/pillar update T-12 at-risk 40%" in result.message
    assert result.topic == "update"


def test_done(command: Parse) -> None:
    assert command("done T-3") == MarkDone(ref=TaskRef(3))
    assert command("done T-3 shipped it") == MarkDone(ref=TaskRef(3), note="shipped it")
    assert command("finish 3") == MarkDone(ref=TaskRef(3))


def test_done_errors(error: Refuse) -> None:
    assert "Which task?" in error("done").problem
    assert "`X-1` is not a task reference" in error("done X-1").problem


def test_block(command: Parse) -> None:
    assert command("block T-3 legal has not signed") == RaiseBlocker(
        ref=TaskRef(3), reason="legal has not signed"
    )
    assert command("blocker T-3 reason: budget") == RaiseBlocker(ref=TaskRef(3), reason="budget")


def test_block_needs_a_reason(error: Refuse) -> None:
    result = error("block T-3")
    assert "Say what blocks T-3" in result.problem
    assert "/pillar block T-12 REASON…" in result.message


@pytest.mark.parametrize(
    ("text", "until"),
    [
        ("away 2026-12-24", date(2026, 12, 24)),
        ("away until 24.12.2026", date(2026, 12, 24)),
        ("away Dec 24 2026", date(2026, 12, 24)),
        ("away 24 Dec", date(2026, 12, 24)),
        ("away in 2 weeks", date(2026, 12, 4)),
        ("away +3d", date(2026, 11, 23)),
        ("away today", date(2026, 11, 20)),
        ("ooo next monday", date(2026, 11, 23)),
    ],
)
def test_away_until(command: Parse, text: str, until: date) -> None:
    assert command(text) == SetAway(until=until)


@pytest.mark.parametrize("word", ["off", "back", "OFF", "none"])
def test_away_off(command: Parse, word: str) -> None:
    assert command(f"away {word}") == SetAway(until=None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("away", "Until when?"),
        ("away 2026-11-19", "2026-11-19 is in the past"),
        ("away someday", "`someday` is not a date I know"),
        ("away 2026-12-24 because", "takes nothing more"),
        ("away off now", "takes nothing more"),
    ],
)
def test_away_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert "Usage: `/pillar away DATE`" in result.message


def test_accept_and_decline(command: Parse) -> None:
    assert command("accept T-4") == AcceptTask(ref=TaskRef(4))
    assert command("decline T-4 on leave in Q1") == DeclineTask(
        ref=TaskRef(4), reason="on leave in Q1"
    )


def test_accept_and_decline_errors(error: Refuse) -> None:
    assert "takes nothing more" in error("accept T-4 gladly").problem
    assert "Say why you decline T-4" in error("decline T-4").problem
    assert "Which task?" in error("accept").problem
