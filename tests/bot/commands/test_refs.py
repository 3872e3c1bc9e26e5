import pytest

from bot.commands.errors import Invalid
from bot.commands.model import ChannelRef, GoalRef, TaskRef, UserRef
from bot.commands.refs import (
    channel_ref,
    goal_ref,
    require_channel,
    require_goal,
    require_task,
    require_user,
    task_ref,
    user_ref,
)


@pytest.mark.parametrize("word", ["T-12", "t-12", "T12", "t12", "12", "T\u201312", "T-012"])
def test_task_references(word: str) -> None:
    assert task_ref(word) == TaskRef(12)


@pytest.mark.parametrize("word", ["T-", "T-0", "0", "G-12", "T-1x", "", "T-1234567890", "١٢"])
def test_not_task_references(word: str) -> None:
    assert task_ref(word) is None


def test_task_ref_prints_as_the_reference() -> None:
    assert str(TaskRef(7)) == "T-7"
    assert str(GoalRef(3)) == "G-3"


@pytest.mark.parametrize("word", ["G-3", "g3", "G3", "g-3"])
def test_goal_references(word: str) -> None:
    assert goal_ref(word) == GoalRef(3)


def test_bare_goal_numbers_only_when_allowed() -> None:
    assert goal_ref("3") is None
    assert goal_ref("3", bare_number=True) == GoalRef(3)
    assert require_goal("3") == GoalRef(3)


def test_require_task_and_goal_explain_the_right_form() -> None:
    with pytest.raises(Invalid, match="T-12"):
        require_task("xyz")
    with pytest.raises(Invalid, match="Which task"):
        require_task(None)
    with pytest.raises(Invalid, match="G-3"):
        require_goal("T-3")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("<@U123|bob>", UserRef(slack_id="U123", name="bob")),
        ("<@U123>", UserRef(slack_id="U123")),
        ("<@W9AB>", UserRef(slack_id="W9AB")),
        ("<@U123|>", UserRef(slack_id="U123")),
        ("@bob", UserRef(name="bob")),
        ("@maria.lopez", UserRef(name="maria.lopez")),
    ],
)
def test_user_mentions(word: str, expected: UserRef) -> None:
    assert user_ref(word) == expected


def test_bare_user_names_only_when_allowed() -> None:
    assert user_ref("bob") is None
    assert user_ref("bob", bare=True) == UserRef(name="bob")


@pytest.mark.parametrize("word", ["@", "<@bob>", "#bob", "<#C1>", "@a b"])
def test_not_user_mentions(word: str) -> None:
    assert user_ref(word) is None


def test_user_groups_and_broadcasts_are_refused_with_a_reason() -> None:
    with pytest.raises(Invalid, match="group"):
        require_user("<!subteam^S123|@devs>")
    with pytest.raises(Invalid, match="group"):
        require_user("<!here>")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("<#C123|growth>", ChannelRef(slack_id="C123", name="growth")),
        ("<#C123>", ChannelRef(slack_id="C123")),
        ("<#G42|private>", ChannelRef(slack_id="G42", name="private")),
        ("#growth", ChannelRef(name="growth")),
    ],
)
def test_channel_mentions(word: str, expected: ChannelRef) -> None:
    assert channel_ref(word) == expected


def test_bare_channel_names_only_when_allowed() -> None:
    assert channel_ref("growth") is None
    assert require_channel("growth") == ChannelRef(name="growth")
    with pytest.raises(Invalid, match="#growth"):
        require_channel("growth", bare=False)
    with pytest.raises(Invalid, match="Which channel"):
        require_channel(None)
