import pytest

from bot.commands.status import read_status, suggest_status
from storage.enums import Status


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["on-track"], Status.ON_TRACK),
        (["ontrack"], Status.ON_TRACK),
        (["On_Track"], Status.ON_TRACK),
        (["on\u2013track"], Status.ON_TRACK),
        (["green"], Status.ON_TRACK),
        ([":large_green_circle:"], Status.ON_TRACK),
        (["at-risk"], Status.AT_RISK),
        (["AMBER"], Status.AT_RISK),
        (["off-track"], Status.OFF_TRACK),
        (["red"], Status.OFF_TRACK),
        (["blocked"], Status.BLOCKED),
        (["stuck"], Status.BLOCKED),
        (["done"], Status.DONE),
        (["completed"], Status.DONE),
    ],
)
def test_one_word_statuses(words: list[str], expected: Status) -> None:
    assert read_status(words) == (expected, 1)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["on", "track"], Status.ON_TRACK),
        (["At", "Risk"], Status.AT_RISK),
        (["off", "track", "really"], Status.OFF_TRACK),
    ],
)
def test_two_word_statuses(words: list[str], expected: Status) -> None:
    assert read_status(words) == (expected, 2)


@pytest.mark.parametrize("words", [[], ["on"], ["on", "monday"], ["waiting"], ["at", "home"]])
def test_not_statuses(words: list[str]) -> None:
    assert read_status(words) is None


def test_suggestions_for_misspelled_statuses() -> None:
    assert suggest_status("at-rsk") == Status.AT_RISK
    assert suggest_status("blokced") == Status.BLOCKED
    assert suggest_status("vendor") is None
    assert suggest_status("ok") is None
