"""Reading typed lines: /pillar commands for the bot, colon commands for the shell."""

from datetime import timedelta

import pytest

from bot.shell.commands import (
    Advance,
    Click,
    CloseForm,
    Invalid,
    ListPeople,
    Nothing,
    OpenHome,
    Quit,
    ShowHelp,
    ShowTime,
    SlashCommand,
    Submit,
    SwitchPerson,
    describe_duration,
    parse_duration,
    read_line,
)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("/pillar mine", "mine"),
        (
            "  /pillar   update T-1 at-risk 40% waiting on vendor ",
            "update T-1 at-risk 40% waiting on vendor",
        ),
        ("pillar help", "help"),
        ("PILLAR help", "help"),
        ("/pillar", ""),
    ],
)
def test_pillar_lines_go_to_the_bot_as_typed(line: str, text: str) -> None:
    assert read_line(line) == SlashCommand(text=text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", Nothing()),
        ("   ", Nothing()),
        (":people", ListPeople()),
        (":close", CloseForm()),
        (":home", OpenHome()),
        (":time", ShowTime()),
        (":help", ShowHelp()),
        (":quit", Quit()),
        (":exit", Quit()),
        (":QUIT", Quit()),
        (":as @bob", SwitchPerson(name="bob")),
        (":as Bob", SwitchPerson(name="bob")),
        (":as @kai Asia/Tokyo", SwitchPerson(name="kai", tz="Asia/Tokyo")),
        (":click 2", Click(number=2)),
        (":click [3]", Click(number=3)),
        (":click 1 on-track", Click(number=1, value="on-track")),
        (":click 4 2026-12-24", Click(number=4, value="2026-12-24")),
        (":submit", Submit()),
        (
            ':submit status=at-risk note="waiting on vendor" percent=40',
            Submit(
                values=(("status", "at-risk"), ("note", "waiting on vendor"), ("percent", "40"))
            ),
        ),
        (":submit note=", Submit(values=(("note", ""),))),
        (":advance 3d", Advance(by=timedelta(days=3))),
    ],
)
def test_colon_commands(line: str, expected: object) -> None:
    assert read_line(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("2h", timedelta(hours=2)),
        ("3d", timedelta(days=3)),
        ("1w", timedelta(weeks=1)),
        ("1d12h", timedelta(days=1, hours=12)),
        (" 2H ", timedelta(hours=2)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["3", "d", "3x", "3 days", "-1d", "1.5h", "3d!", "tomorrow"])
def test_a_bad_duration_says_what_is_right(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a duration: use a number and a unit, e\.g\. 90m"):
        parse_duration(text)


def test_time_does_not_stand_still_or_run_for_decades() -> None:
    with pytest.raises(ValueError, match="above zero"):
        parse_duration("0d")
    with pytest.raises(ValueError, match="more than ten years"):
        parse_duration("600w")


def test_advance_with_a_bad_duration_is_a_clear_message_not_an_error() -> None:
    result = read_line(":advance 3 days")
    assert isinstance(result, Invalid)
    assert "'3 days' is not a duration" in result.message
    missing = read_line(":advance")
    assert isinstance(missing, Invalid)
    assert ":advance 3d" in missing.message


def test_durations_read_back_in_words() -> None:
    assert describe_duration(timedelta(days=3)) == "3 days"
    assert describe_duration(timedelta(weeks=1, days=2)) == "1 week 2 days"
    assert describe_duration(timedelta(minutes=90)) == "1 hour 30 minutes"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (":clik 2", "There is no shell command :clik. Did you mean :click?"),
        (":", "':' alone is no command"),
        (":as", "Say who to act as, e.g. :as @lena"),
        (":as @bob Mars/Olympus", "'Mars/Olympus' is not a time zone"),
        (":as @bo$b", "is not a name"),
        (":as @a b c", "at most a time zone"),
        (":click", "Say which action"),
        (":click two", "'two' is not an action number"),
        (":click 0", "'0' is not an action number"),
        (":submit status", "'status' is not field=value"),
        (":submit =x", "'=x' is not field=value"),
        (":submit a=1 a=2", "a is given twice"),
        (':submit note="unclosed', "A quote is not closed"),
        (":people now", ":people takes nothing after it"),
        ("/remind me", "/remind is not a command here; the bot's one command is /pillar"),
        ("hello there", "'hello' means nothing to the shell: type /pillar help"),
    ],
)
def test_bad_input_gets_one_line_saying_what_is_right(line: str, message: str) -> None:
    result = read_line(line)
    assert isinstance(result, Invalid)
    assert message in result.message
    assert "\n" not in result.message
