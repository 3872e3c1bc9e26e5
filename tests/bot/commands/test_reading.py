from collections.abc import Callable

import pytest

from bot.commands import (
    ChannelRef,
    Command,
    GoalRef,
    Help,
    Lint,
    Mine,
    PlanRef,
    PostDigest,
    SetLintRules,
    ShowStatus,
    StatusScope,
    TaskRef,
    UsageError,
    UserRef,
)

Parse = Callable[[str], Command]
Refuse = Callable[[str], UsageError]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Help()),
        ("   ", Help()),
        ("help", Help()),
        ("?", Help()),
        ("help update", Help(topic="update")),
        ("help UPDATE", Help(topic="update")),
        ("help plan add", Help(topic="plan add")),
        ("help plan", Help(topic="plan")),
        ("help dates", Help(topic="dates")),
        ("help report", Help(topic="update")),
        ("update help", Help(topic="update")),
        ("plan --help", Help(topic="plan")),
    ],
)
def test_help(command: Parse, text: str, expected: Help) -> None:
    assert command(text) == expected


def test_help_on_nothing_known(error: Refuse) -> None:
    result = error("help updte")
    assert "There is no help on `updte`. Did you mean `update`?" in result.problem


def test_mine_and_lint(command: Parse, error: Refuse) -> None:
    assert command("mine") == Mine()
    assert command("MY") == Mine()
    assert command("lint") == Lint()
    assert "`mine` takes nothing more, but got `please`" in error("mine please").problem


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("status", None),
        ("status <#C1|growth>", ChannelRef(slack_id="C1", name="growth")),
        ("status #growth", ChannelRef(name="growth")),
        ("status <@U1|maria>", UserRef(slack_id="U1", name="maria")),
        ("status @maria", UserRef(name="maria")),
        ("status plan", PlanRef()),
        ("status plan FY2027", PlanRef(name="FY2027")),
        ('status plan "FY 2027"', PlanRef(name="FY 2027")),
        ("status T-12", TaskRef(12)),
        ("status g3", GoalRef(3)),
    ],
)
def test_status(command: Parse, text: str, scope: StatusScope | None) -> None:
    assert command(text) == ShowStatus(scope=scope)


def test_status_errors(error: Refuse) -> None:
    result = error("status everything")
    assert "`everything` is not something to show" in result.problem
    assert "Usage: `/pillar status [#team | @person" in result.message
    assert "takes nothing more" in error("status #a #b").problem


def test_digest(command: Parse, error: Refuse) -> None:
    assert command("digest") == PostDigest()
    assert command("digest <#C1>") == PostDigest(channel=ChannelRef(slack_id="C1"))
    assert "`growth` is not a channel" in error("digest growth").problem


def test_digest_force(command: Parse, error: Refuse) -> None:
    here, there = PostDigest(force=True), PostDigest(channel=ChannelRef(slack_id="C1"), force=True)
    assert command("digest force") == command("digest FORCE") == here
    assert command("digest <#C1> force") == command("digest force <#C1>") == there
    assert "takes nothing more, but got `force`" in error("digest force force").problem
    assert "takes nothing more, but got `<#C2>`" in error("digest <#C1> <#C2>").problem


def test_lint_set(command: Parse, error: Refuse) -> None:
    assert command("lint set max-open:12") == command("lint SET max:12") == SetLintRules(12)
    assert "`lint set` needs `max-open:`, like `max-open:12`" in error("lint set").problem
    assert "from 1 to 500; got `501`" in error("lint set max-open:501").problem
    assert "got `a few`" in error('lint set max-open:"a few"').problem
    assert "`soon` is not a setting" in error("lint set soon").problem
    assert "`lint` takes nothing more, but got `everything`" in error("lint everything").problem
    assert "Usage: `/pillar lint set max-open:N`" in error("lint set max-open:0").message
