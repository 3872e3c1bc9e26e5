from collections.abc import Callable
from datetime import time

import pytest

from bot.commands import (
    FIRST_BUSINESS_DAY,
    CadenceDay,
    ChannelRef,
    Command,
    ResetCadence,
    SetCadence,
    ShowCadence,
    UsageError,
)
from bot.commands.cadence import parse_cadence_day
from bot.commands.errors import Invalid

Parse = Callable[[str], Command]
Refuse = Callable[[str], UsageError]

GROWTH = ChannelRef(slack_id="C9", name="growth")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cadence", ShowCadence()),
        ("cadence show", ShowCadence()),
        ("cadence show team:<#C9|growth>", ShowCadence(team=GROWTH)),
        ("cadence team:<#C9|growth>", ShowCadence(team=GROWTH)),
        ("cadence reset", ResetCadence()),
        ("cadence reset team:<#C9|growth>", ResetCadence(team=GROWTH)),
    ],
)
def test_show_and_reset(command: Parse, text: str, expected: Command) -> None:
    assert command(text) == expected


def test_set_everything(command: Parse) -> None:
    text = "cadence set team:<#C9|growth> day:first-business time:09:00 window:5d nudges:4d,2d"
    assert command(text) == SetCadence(
        team=GROWTH, day=FIRST_BUSINESS_DAY, at=time(9, 0), window_days=5, nudge_days=(2, 4)
    )


def test_set_one_thing_leaves_the_rest(command: Parse) -> None:
    assert command("cadence set time:9:30am") == SetCadence(at=time(9, 30))
    assert command("cadence set nudges:none") == SetCadence(nudge_days=())
    assert command("cadence set day:15") == SetCadence(day=CadenceDay(number=15, business=False))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("first-business", FIRST_BUSINESS_DAY),
        ("first-business-day", FIRST_BUSINESS_DAY),
        ("business", FIRST_BUSINESS_DAY),
        ("1st-business", FIRST_BUSINESS_DAY),
        ("2nd-business", CadenceDay(number=2, business=True)),
        ("3bd", CadenceDay(number=3, business=True)),
        ("1", CadenceDay(number=1, business=False)),
        ("28", CadenceDay(number=28, business=False)),
    ],
)
def test_cadence_days(word: str, expected: CadenceDay) -> None:
    assert parse_cadence_day(word) == expected


@pytest.mark.parametrize(
    ("word", "problem"),
    [
        ("29", "1 to 28"),
        ("0", "1 to 28"),
        ("11th-business", "1 to 10"),
        ("last-business", "is not a day"),
    ],
)
def test_wrong_cadence_days(word: str, problem: str) -> None:
    with pytest.raises(Invalid, match=problem):
        parse_cadence_day(word)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("cadence set", "Say what to change"),
        ("cadence set window:5d nudges:2d,5d", "before the window closes"),
        ("cadence set window:0d", "from 1 to 20 days"),
        ("cadence set time:25:00", "not a time of day"),
        ("cadence set day:monday", "is not a day"),
        ("cadence set 9am", "is not a setting"),
        ("cadence set tim:9am", "did you mean `time:`?"),
        ("cadence set time:9 time:10", "given twice"),
    ],
)
def test_set_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert result.topic == "cadence set"
    assert "Usage: `/pillar cadence set [team:#channel]" in result.message


def test_other_errors_show_their_own_usage(error: Refuse) -> None:
    result = error("cadence reset everything")
    assert result.topic == "cadence reset"
    assert "Usage: `/pillar cadence reset" in result.message
    assert "is not a cadence action" in error("cadence fix").problem
