from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bot.commands import (
    ActivatePlan,
    AddGoal,
    AddPlan,
    AddReview,
    AddTeam,
    ChannelRef,
    Command,
    GoalRef,
    ListPlans,
    ListReviews,
    ListTeams,
    PostPlan,
    UsageError,
    UserRef,
)
from storage.enums import ReviewKind

Parse = Callable[[str], Command]
Refuse = Callable[[str], UsageError]


def test_goal_add_with_every_option(command: Parse) -> None:
    text = (
        'goal add "Activation" parent:G-1 owner:<@U1|maria> team:#growth budget:250k '
        'metric:"activated accounts" baseline:120 target:400 unit:accounts'
    )
    assert command(text) == AddGoal(
        title="Activation",
        parent=GoalRef(1),
        owner=UserRef(slack_id="U1", name="maria"),
        team=ChannelRef(name="growth"),
        budget=Decimal("250000"),
        metric="activated accounts",
        baseline=Decimal("120"),
        target=Decimal("400"),
        unit="accounts",
    )


def test_goal_add_with_a_title_only(command: Parse) -> None:
    assert command("goal add Double revenue") == AddGoal(title="Double revenue")
    assert command("goals add “Double revenue”") == AddGoal(title="Double revenue")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("goal add", "The title is missing"),
        ('goal add "X" target:400', "Name the metric too"),
        ('goal add "X" parent:T-1', "is not a goal reference"),
        ('goal add "X" due:2026-12-24', "Unknown option `due:`; options for `goal add` are"),
        ("goal", "`goal` needs what to do: `goal add`"),
        ("goal remove G-1", "`remove` is not one"),
    ],
)
def test_goal_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert 'Usage: `/pillar goal add "TITLE"' in result.message


def test_team_add(command: Parse) -> None:
    assert command('team add <#C9|growth> "Growth team" manager:<@U1|maria>') == AddTeam(
        channel=ChannelRef(slack_id="C9", name="growth"),
        managers=(UserRef(slack_id="U1", name="maria"),),
        name="Growth team",
    )


def test_team_add_several_managers_and_no_name(command: Parse) -> None:
    result = command("team add #growth manager:@a,<@U2> managers:@c manager:@a")
    assert result == AddTeam(
        channel=ChannelRef(name="growth"),
        managers=(UserRef(name="a"), UserRef(slack_id="U2"), UserRef(name="c")),
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('team add #growth "Growth"', "A team needs a manager"),
        ("team add growth manager:@a", "`growth` is not a channel"),
        ("team add", "Which channel?"),
        ("team add #g manager:#x", "`#x` is not a person"),
    ],
)
def test_team_add_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert result.topic == "team add"
    assert "Usage: `/pillar team add #channel" in result.message
    assert "team list" not in result.message


def test_lists(command: Parse) -> None:
    assert command("team list") == ListTeams()
    assert command("teams list") == ListTeams()
    assert command("review list") == ListReviews()
    assert command("plan list") == ListPlans()


def test_lists_take_nothing_more(error: Refuse) -> None:
    result = error("team list all")
    assert "`team list` takes nothing more" in result.problem
    assert result.topic == "team list"


def test_review_add(command: Parse) -> None:
    text = 'review add 2027-03-31 "Q1 review" kind:quarterly remind:1d,14d,3d channel:#leads'
    assert command(text) == AddReview(
        held_on=date(2027, 3, 31),
        title="Q1 review",
        kind=ReviewKind.QUARTERLY,
        channel=ChannelRef(name="leads"),
        remind_days=(14, 3, 1),
    )


@pytest.mark.parametrize(
    "text",
    [
        "review add Mar 31 2027 Q1 review",
        'review add "Q1 review" 2027-03-31',
        "review add 31 March 2027 “Q1 review”",
    ],
)
def test_review_add_forms(command: Parse, text: str) -> None:
    assert command(text) == AddReview(held_on=date(2027, 3, 31), title="Q1 review")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("review add 2027-03-31", "The title is missing"),
        ('review add "Q1 review"', "The review date is missing"),
        ('review add 2027-03-31 "Q1" kind:weekly', "`weekly` is not a kind of review"),
        ('review add 2027-03-31 "Q1" remind:3d,3d', "lists a day twice"),
        ('review add 2027-03-31 "Q1" remind:400d', "from 0 to 365 days"),
    ],
)
def test_review_add_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert 'Usage: `/pillar review add DATE "TITLE"' in result.message


@pytest.mark.parametrize(
    "text",
    [
        'plan add "FY2027" from:2027-01-01 to:2027-12-31',
        "plan add FY2027 from:Jan 1 2027 to:Dec 31 2027",
        "plan add FY2027 start:1.1.2027 end:31.12.2027",
    ],
)
def test_plan_add(command: Parse, text: str) -> None:
    assert command(text) == AddPlan(
        name="FY2027", starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31)
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("plan add FY2027 from:2027-01-01", "`plan add` needs `to:`"),
        ("plan add from:2027-01-01 to:2027-12-31", "The plan name is missing"),
        ("plan add X from:2027-12-31 to:2027-01-01", "ends (2027-01-01) before it starts"),
    ],
)
def test_plan_add_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert 'Usage: `/pillar plan add "NAME" from:DATE to:DATE`' in result.message


def test_plan_activate(command: Parse, error: Refuse) -> None:
    assert command("plan activate FY2027") == ActivatePlan(name="FY2027")
    assert command('plan activate "FY 2027"') == ActivatePlan(name="FY 2027")
    assert "The plan name is missing" in error("plan activate").problem


def test_plan_post(command: Parse, error: Refuse) -> None:
    assert command("plan post") == PostPlan()
    assert command("plan post <#C1|general>") == PostPlan(
        channel=ChannelRef(slack_id="C1", name="general")
    )
    assert "`general` is not a channel" in error("plan post general").problem


def test_plan_without_action_lists_the_actions(error: Refuse) -> None:
    result = error("plan")
    for action in ("plan add", "plan list", "plan activate", "plan post"):
        assert f"`{action}`" in result.problem
        assert f"/pillar {action}" in result.message
