from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bot.commands import (
    AddTask,
    AssignTask,
    ChannelRef,
    Command,
    DropTask,
    GoalRef,
    SetDueDate,
    TaskRef,
    UsageError,
    UserRef,
)

Parse = Callable[[str], Command]
Refuse = Callable[[str], UsageError]

MARIA = UserRef(slack_id="U1", name="maria")


def test_add_with_every_option(command: Parse) -> None:
    text = (
        'add "Grow the newsletter" owner:<@U1|maria> due:2027-03-31 goal:G-3 '
        "team:<#C9|growth> start:2027-01-01 target:5,000 unit:subscribers budget:12k "
        'how:"weekly issue, referral program"'
    )
    assert command(text) == AddTask(
        title="Grow the newsletter",
        owner=MARIA,
        due=date(2027, 3, 31),
        goal=GoalRef(3),
        team=ChannelRef(slack_id="C9", name="growth"),
        start=date(2027, 1, 1),
        target=Decimal("5000"),
        unit="subscribers",
        budget=Decimal("12000"),
        how="weekly issue, referral program",
    )


@pytest.mark.parametrize(
    "text",
    [
        'add "Launch the page" owner:@maria due:2026-12-24',
        "add “Launch the page” owner:@maria due:2026-12-24",
        "add Launch the page owner:@maria due:2026-12-24",
        "add owner:@maria due:2026-12-24 Launch the page",
        "add owner:@maria Launch the page due:Dec 24 2026",
        "add Launch the page owner: @maria due: 24 Dec 2026",
        "add Launch   the\npage owner:maria deadline:24.12.2026",
        'add "Launch the page" OWNER:@maria Due:2026/12/24',
    ],
)
def test_add_forms(command: Parse, text: str) -> None:
    assert command(text) == AddTask(
        title="Launch the page", owner=UserRef(name="maria"), due=date(2026, 12, 24)
    )


def test_add_relative_due_and_colon_in_a_quoted_title(command: Parse) -> None:
    result = command('add "Phase 2: rollout" owner:@m due:in 2 weeks goal:7')
    assert isinstance(result, AddTask)
    assert result.title == "Phase 2: rollout"
    assert result.due == date(2026, 12, 4)
    assert result.goal == GoalRef(7)


def test_add_decodes_entities_in_the_title(command: Parse) -> None:
    result = command('add "R&amp;D &lt;3" owner:@m due:today')
    assert isinstance(result, AddTask)
    assert result.title == "R&D <3"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("add owner:@m due:today", "The title is missing"),
        ('add "Launch" due:today', "`add` needs `owner:`, like `owner:@maria`"),
        ('add "Launch" owner:@m', "`add` needs `due:`, like `due:2026-12-24`"),
        ('add "Launch" owner:@m due:today foo:1', "Unknown option `foo:`; options for `add` are"),
        ('add "Launch" owner:@m due:today gaol:G-1', "did you mean `goal:`?"),
        ('add "Launch" owner:@m due:today owner:@n', "`owner:` is given twice"),
        ('add "Launch" owner:@m due:2026-02-30', "February 2026 has 28 days"),
        ('add "Launch" owner:#m due:today', "`#m` is not a person"),
        ('add "Launch" owner:<!subteam^S1|@devs> due:today', "is a group"),
        ('add "Launch" owner:@m due:today goal:T-3', "`T-3` is not a goal reference"),
        ('add "Launch" owner:@m due:today budget:-5', "cannot be negative"),
        ('add "Launch" owner:@m due:today unit:users', "`unit:` goes with `target:`"),
        ('add "Launch" owner:@m due:today start:2027-01-01', "is after `due:`"),
        ('add "Launch owner:@m due:today', "quote is opened but never closed"),
        ('add "Launch" owner: due:today', "`owner:` has no value; write it like `owner:@maria`"),
        (f'add "{"x" * 301}" owner:@m due:today', "301 characters long; at most 300"),
        ("add Fix https://example.com owner:@m due:today", "A title with a colon goes in quotes"),
    ],
)
def test_add_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert 'Usage: `/pillar add "TITLE" owner:@person due:DATE' in result.message


def test_add_lists_every_option_when_one_is_unknown(error: Refuse) -> None:
    problem = error('add "x" owner:@m due:today foo:1').problem
    for key in ("owner", "due", "goal", "team", "target", "unit", "budget"):
        assert f"`{key}:`" in problem


@pytest.mark.parametrize(
    "text",
    [
        "assign T-12 <@U1|maria>",
        "assign <@U1|maria> T-12",
        "assign t12 to <@U1|maria>",
    ],
)
def test_assign(command: Parse, text: str) -> None:
    assert command(text) == AssignTask(ref=TaskRef(12), owner=MARIA)


def test_assign_plain_and_bare_id_mentions(command: Parse) -> None:
    assert command("assign 12 @maria") == AssignTask(ref=TaskRef(12), owner=UserRef(name="maria"))
    assert command("assign 12 <@U1>") == AssignTask(ref=TaskRef(12), owner=UserRef(slack_id="U1"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("assign T-12", "Give one task and one person"),
        ("assign T-12 @a @b", "Give one task and one person"),
        ("assign T-12 maria", "`maria` is not a person"),
        ("assign x @maria", "`x` is not a task reference"),
    ],
)
def test_assign_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert "Usage: `/pillar assign T-12 @person`" in result.message


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("due T-12 2026-12-24", date(2026, 12, 24)),
        ("due T-12 to Dec 24 2026", date(2026, 12, 24)),
        ("due 12 +2w", date(2026, 12, 4)),
        ("due T12 in 1 month", date(2026, 12, 20)),
    ],
)
def test_due(command: Parse, text: str, due: date) -> None:
    assert command(text) == SetDueDate(ref=TaskRef(12), due=due)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("due T-12", "The new due date is missing"),
        ("due 2026-12-24", "is not a task reference"),
        ("due T-12 2026-12-24 please", "takes nothing more"),
        ("due T-12 31.11.2026", "November 2026 has 30 days"),
    ],
)
def test_due_errors(error: Refuse, text: str, problem: str) -> None:
    result = error(text)
    assert problem in result.problem
    assert "Usage: `/pillar due T-12 DATE`" in result.message


def test_drop(command: Parse) -> None:
    assert command("drop T-5") == DropTask(ref=TaskRef(5))
    assert command("drop T-5 superseded by T-9") == DropTask(
        ref=TaskRef(5), reason="superseded by T-9"
    )


def test_drop_needs_a_task(error: Refuse) -> None:
    assert "Which task?" in error("drop").problem
