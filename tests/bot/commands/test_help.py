from datetime import date

import pytest

from bot import commands
from bot.commands import UsageError, parse
from bot.commands.help import help_text, resolve_topic, suggest_topic, usage_text
from bot.commands.specs import SPECS, TOPICS, Spec


def test_overview_lists_every_command_once_by_audience() -> None:
    text = help_text(None)
    for spec in SPECS:
        for syntax in spec.syntax:
            assert text.count(f"`/pillar {syntax}`") == 1
    assert text.index("*Everyone*") < text.index("*Managers*") < text.index("*Admins*")


def test_blank_topic_is_the_overview() -> None:
    assert help_text("  ") == help_text(None)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.key)
def test_each_command_has_its_own_help_with_examples(spec: Spec) -> None:
    text = help_text(spec.key)
    assert f"*/pillar {spec.key}*" in text
    for example in spec.examples:
        assert f"`/pillar {example}`" in text


@pytest.mark.parametrize(
    "example", [example for spec in SPECS for example in spec.examples], ids=str
)
def test_every_example_in_the_help_parses(example: str) -> None:
    result = parse(example, today=date(2026, 11, 20))
    assert not isinstance(result, UsageError), result.message


COMMAND_OF: dict[str, tuple[type, ...]] = {
    "help": (commands.Help,),
    "mine": (commands.Mine,),
    "update": (commands.UpdateTask, commands.OpenUpdateForm),
    "done": (commands.MarkDone,),
    "block": (commands.RaiseBlocker,),
    "away": (commands.SetAway,),
    "status": (commands.ShowStatus,),
    "accept": (commands.AcceptTask,),
    "decline": (commands.DeclineTask,),
    "digest": (commands.PostDigest,),
    "add": (commands.AddTask,),
    "assign": (commands.AssignTask,),
    "due": (commands.SetDueDate,),
    "drop": (commands.DropTask,),
    "goal add": (commands.AddGoal,),
    "review add": (commands.AddReview,),
    "review list": (commands.ListReviews,),
    "lint": (commands.Lint,),
    "lint set": (commands.SetLintRules,),
    "team add": (commands.AddTeam,),
    "team list": (commands.ListTeams,),
    "plan add": (commands.AddPlan,),
    "plan list": (commands.ListPlans,),
    "plan activate": (commands.ActivatePlan,),
    "plan post": (commands.PostPlan,),
    "cadence show": (commands.ShowCadence,),
    "cadence set": (commands.SetCadence,),
    "cadence reset": (commands.ResetCadence,),
}


def test_every_spec_is_a_command_the_parser_knows() -> None:
    assert {spec.key for spec in SPECS} == set(COMMAND_OF)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.key)
def test_examples_parse_to_their_own_command(spec: Spec) -> None:
    for example in spec.examples:
        result = parse(example, today=date(2026, 11, 20))
        assert isinstance(result, COMMAND_OF[spec.key]), (example, result)


def test_a_group_topic_shows_all_its_commands() -> None:
    text = help_text("plan")
    for key in ("plan add", "plan list", "plan activate", "plan post"):
        assert f"*/pillar {key}*" in text


def test_the_update_help_explains_statuses() -> None:
    text = help_text("update")
    for word in ("on-track", "at-risk", "off-track", "blocked", "done"):
        assert word in text


def test_help_on_dates_lists_the_forms() -> None:
    text = help_text("dates")
    for form in ("2026-12-24", "Dec 24 2026", "tomorrow", "+3d", "in 2 weeks"):
        assert form in text


def test_aliases_and_case_resolve_to_the_command() -> None:
    assert resolve_topic("UPDATE") == "update"
    assert resolve_topic("report") == "update"
    assert resolve_topic("plan add") == "plan add"
    assert resolve_topic("plan nonsense") == "plan"
    assert resolve_topic("teams") == "team"
    assert resolve_topic("nonsense") is None
    assert resolve_topic("") is None


def test_unknown_topics_suggest_the_closest_command() -> None:
    text = help_text("updte")
    assert "There is no help on `updte`" in text
    assert "`/pillar help update`" in text
    assert suggest_topic("cadense") == "cadence"
    assert suggest_topic("zzzz") is None


def test_usage_text_shows_syntax_and_an_example() -> None:
    text = usage_text("add")
    assert text.startswith('Usage: `/pillar add "TITLE" owner:@person due:DATE')
    assert "Example: `/pillar add " in text


def test_every_topic_has_a_usage() -> None:
    for topic in TOPICS:
        assert usage_text(topic).startswith("Usage: ")


def test_help_has_no_angle_brackets_that_slack_would_read_as_markup() -> None:
    assert "<" not in help_text(None)
    for topic in TOPICS:
        assert "<" not in help_text(topic)


def test_a_command_with_subcommands_helps_with_both() -> None:
    text = help_text("lint")
    assert "*/pillar lint*" in text
    assert "`/pillar lint set max-open:N`" in text
    assert "`/pillar lint`" not in help_text("lint set")
