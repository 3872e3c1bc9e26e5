import dataclasses
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands import (
    Help,
    MarkDone,
    RaiseBlocker,
    TaskRef,
    UpdateTask,
    UsageError,
    parse,
)
from bot.commands.parser import MAX_INPUT
from storage.enums import Status

TODAY = date(2026, 11, 20)


def test_subcommands_ignore_case_and_take_aliases() -> None:
    assert parse("DONE T-1", today=TODAY) == MarkDone(ref=TaskRef(1))
    assert parse("Complete T-1", today=TODAY) == MarkDone(ref=TaskRef(1))
    assert parse("blocked T-1 legal", today=TODAY) == RaiseBlocker(ref=TaskRef(1), reason="legal")


def test_unknown_commands_suggest_the_closest() -> None:
    result = parse("updte T-1 on-track", today=TODAY)
    assert isinstance(result, UsageError)
    assert result.problem == "`/pillar` has no command `updte`. Did you mean `/pillar update`?"
    assert "/pillar help" in result.message


def test_unknown_commands_without_a_close_match() -> None:
    result = parse("xyzzy", today=TODAY)
    assert isinstance(result, UsageError)
    assert "Did you mean" not in result.problem
    assert "`/pillar help`" in result.message


def test_input_longer_than_the_limit_is_refused_with_a_reason() -> None:
    result = parse("update T-1 on-track " + "x" * MAX_INPUT, today=TODAY)
    assert isinstance(result, UsageError)
    assert f"at most {MAX_INPUT}" in result.problem


def test_control_characters_and_zero_width_spaces_are_ignored() -> None:
    result = parse("upd\u200bate\x00 T-1\x07 on-track fine\r\nthanks", today=TODAY)
    assert result == UpdateTask(ref=TaskRef(1), status=Status.ON_TRACK, note="fine\nthanks")


def test_commands_are_frozen() -> None:
    result = parse("done T-1", today=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ref = TaskRef(2)  # type: ignore[misc,union-attr]


def test_usage_error_message_combines_problem_and_usage() -> None:
    assert UsageError(problem="p", usage="u").message == "p\nu"
    assert UsageError(problem="p").message == "p"


def test_parsing_is_pure() -> None:
    text = "away in 2 weeks"
    assert parse(text, today=TODAY) == parse(text, today=TODAY)
    later = parse(text, today=TODAY + timedelta(days=1))
    assert later != parse(text, today=TODAY)


# -- never raises -------------------------------------------------------------------------

ANY_CHARACTER = st.characters(blacklist_categories=())
PIECES = st.sampled_from(
    [
        "help", "mine", "update", "done", "block", "away", "status", "digest", "add", "assign",
        "due", "drop", "goal", "team", "review", "plan", "lint", "cadence", "accept", "decline",
        "list", "activate", "post", "show", "set", "reset",
        "T-12", "t0", "12", "G-3", "0", "99999999999", "at-risk", "on", "track", "off", "40%",
        "140%", "-1%", "value:", "value:1,2", "spent:1e9", "budget:50k", "owner:<@U1|a>",
        "owner:", "due:", "due:Dec", "24", "2026", "Feb", "30", "in", "weeks", "next",
        "+99999d", "2026-02-30", "12/24/2026", "today", "<#C1|g>", "<@U1>", "@", "#", "<",
        ">", '"', "“", "”", "„", "«", "»", "'", ":", "day:29", "time:25:00", "window:0",
        "nudges:none", "nudges:,,", "remind:", "kind:", "from:", "to:", "manager:@a,", "&amp;",
        "&lt;", "note:", "\n", "\x00", "😀", "x" * 400,
    ]
)  # fmt: skip


def assert_well_formed(result: object) -> None:
    if isinstance(result, UsageError):
        assert result.problem.strip()
        assert result.message.strip()
    else:
        assert dataclasses.is_dataclass(result)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(ANY_CHARACTER, max_size=300))
def test_any_text_parses_to_a_command_or_a_usage_error(text: str) -> None:
    assert_well_formed(parse(text, today=TODAY))


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(PIECES | st.text(ANY_CHARACTER, max_size=8), max_size=12),
    joiner=st.sampled_from([" ", "", "\n", "\t", ":"]),
    today=st.dates(),
)
def test_command_shaped_text_parses_to_a_command_or_a_usage_error(
    pieces: list[str], joiner: str, today: date
) -> None:
    assert_well_formed(parse(joiner.join(pieces), today=today))


@settings(max_examples=100, deadline=None)
@given(
    chunk=st.text(ANY_CHARACTER, min_size=1, max_size=20),
    prefix=st.sampled_from(["update T-1 on-track ", "add ", "review add ", "block T-1 ", ""]),
    extra=st.integers(min_value=-40, max_value=40),
)
def test_huge_text_is_handled(chunk: str, prefix: str, extra: int) -> None:
    text = (prefix + chunk * (MAX_INPUT // len(chunk) + 1))[: MAX_INPUT + extra]
    assert_well_formed(parse(text, today=TODAY))


@pytest.mark.parametrize("filler", ["<", '"', "“", "a:", "<@U1|", "&amp;", " "])
def test_pathological_repetition_is_handled_quickly(filler: str) -> None:
    text = "add " + filler * (MAX_INPUT // len(filler) - 10)
    assert_well_formed(parse(text, today=TODAY))


@given(today=st.dates(), word=st.sampled_from(["tomorrow", "+1m", "in 2 weeks", "Dec 24", "fri"]))
def test_relative_dates_never_raise_for_any_today(today: date, word: str) -> None:
    assert_well_formed(parse(f"due T-1 {word}", today=today))


# -- round trips --------------------------------------------------------------------------

STATUSES = st.sampled_from(list(Status))
NOTES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp", "Cf")), max_size=40
).map(str.strip)


@given(
    number=st.integers(min_value=1, max_value=10**9 - 1),
    status=STATUSES,
    percent=st.none() | st.integers(min_value=0, max_value=100),
    spent=st.none() | st.decimals(min_value=0, max_value=10**9, places=2),
    note=NOTES,
)
def test_update_round_trips(
    number: int, status: Status, percent: int | None, spent: Decimal | None, note: str
) -> None:
    parts = ["update", f"T-{number}", status.value]
    parts += [f"{percent}%"] if percent is not None else []
    parts += [f"spent:{spent}"] if spent is not None else []
    parts += [f"note: {note}"]
    result = parse(" ".join(parts), today=TODAY)
    assert isinstance(result, UpdateTask), getattr(result, "message", result)
    assert (result.ref, result.status, result.percent, result.spent) == (
        TaskRef(number),
        status,
        percent,
        spent,
    )
    # The parser keeps text in NFC, so compatibility characters such as U+2F800 change.
    typed = unicodedata.normalize("NFC", note)
    assert result.note == typed.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_empty_text_is_help() -> None:
    assert parse("", today=TODAY) == Help()
