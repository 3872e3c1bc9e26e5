from datetime import date
from decimal import Decimal

import pytest

from storage.transfer.columns import Column
from storage.transfer.problems import RowProblem
from storage.transfer.rows import Owner, PlanRow, parse_row

GOOD = {
    Column.GOAL: " Grow revenue ",
    Column.TASK_TITLE: "Hire two sales reps",
    Column.OWNER: "U012ABC",
}


def read(**changes: str) -> tuple[PlanRow, list[RowProblem]]:
    cells = dict(GOOD)
    cells.update({Column(name.replace("_", " ")): value for name, value in changes.items()})
    return parse_row(line=7, cells=cells)


def parse(**changes: str) -> PlanRow:
    row, problems = read(**changes)
    assert problems == []
    return row


def problems_of(**changes: str) -> list[tuple[str | None, str]]:
    _, problems = read(**changes)
    assert problems, "expected problems"
    assert all(problem.line == 7 for problem in problems)
    return [(problem.column, problem.reason) for problem in problems]


def test_a_full_row_reads_into_typed_values() -> None:
    row = parse(
        parent_goal="Company",
        how="Post ads, interview\nthen hire",
        team=" Sales ",
        start="2027-01-01",
        due="2027-03-31",
        metric="reps hired",
        target="2.5",
        unit="people",
        budget="12000.50",
    )
    assert row == PlanRow(
        line=7,
        goal="Grow revenue",
        parent_goal="Company",
        title="Hire two sales reps",
        how="Post ads, interview\nthen hire",
        owner=Owner(slack_user_id="U012ABC"),
        team="Sales",
        start=date(2027, 1, 1),
        due=date(2027, 3, 31),
        metric="reps hired",
        target=2.5,
        unit="people",
        budget=Decimal("12000.50"),
    )


def test_empty_optional_cells_are_none() -> None:
    row = parse()
    assert (row.parent_goal, row.team, row.start, row.due, row.target, row.budget) == (None,) * 6
    assert row.how == ""


@pytest.mark.parametrize(
    ("cell", "owner"),
    [
        ("U012ABC", Owner(slack_user_id="U012ABC")),
        ("W0123ABCDE", Owner(slack_user_id="W0123ABCDE")),
        ("<@U012ABC|ana>", Owner(slack_user_id="U012ABC")),
        ("Ana.Lima@Example.COM", Owner(email="ana.lima@example.com")),
    ],
)
def test_owners_are_slack_ids_or_emails(cell: str, owner: Owner) -> None:
    row = parse(owner=cell)
    assert row.owner == owner


@pytest.mark.parametrize("cell", ["ana", "ana@", "@example.com", "u012abc", "U01", "a b@c.de"])
def test_bad_owners_say_what_is_expected(cell: str) -> None:
    assert problems_of(owner=cell) == [
        (
            "owner",
            f"{cell!r} is neither a Slack user id (such as U012ABC) "
            "nor an e-mail address (such as ana@example.com)",
        )
    ]


def test_missing_required_cells_are_each_reported() -> None:
    reasons = problems_of(goal="", task_title=" ", owner="")
    assert [column for column, _ in reasons] == ["goal", "task title", "owner"]
    assert reasons[2][1].startswith("missing: every task needs an owner")


@pytest.mark.parametrize("cell", ["2027-13-01", "2027-02-30", "31/12/2027", "20271231", "soon"])
def test_bad_dates(cell: str) -> None:
    assert problems_of(due=cell) == [
        ("due", f"{cell!r} is not a date: expected YYYY-MM-DD such as 2027-03-31")
    ]


def test_due_before_start() -> None:
    assert problems_of(start="2027-03-01", due="2027-02-01") == [
        ("due", "2027-02-01 is before the start 2027-03-01")
    ]


@pytest.mark.parametrize("cell", ["ten", "1,5", "nan", "inf", "1_000", "12%"])
def test_non_numeric_target(cell: str) -> None:
    assert problems_of(target=cell) == [
        ("target", f"{cell!r} is not a number: expected a plain number such as 320 or 12.5")
    ]


@pytest.mark.parametrize(("cell", "value"), [("320", 320.0), ("-4.5", -4.5), ("1e3", 1000.0)])
def test_plain_targets(cell: str, value: float) -> None:
    row = parse(target=cell)
    assert row.target == value


def test_negative_budget() -> None:
    assert problems_of(budget="-5") == [("budget", "-5 is negative: a budget is 0 or more")]


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("1,200", "is not a plain amount"),
        ("$1200", "is not a plain amount"),
        ("12.345", "has more than 2 decimals"),
        ("1234567890123", "is too large"),
    ],
)
def test_bad_budgets(cell: str, fragment: str) -> None:
    [(column, reason)] = problems_of(budget=cell)
    assert column == "budget"
    assert fragment in reason


def test_a_goal_cannot_be_its_own_parent() -> None:
    assert problems_of(parent_goal="Grow revenue") == [
        ("parent goal", "goal 'Grow revenue' cannot be its own parent")
    ]


def test_overlong_text() -> None:
    assert problems_of(unit="x" * 33) == [("unit", "33 characters long: at most 32 fit")]


def test_every_problem_of_a_row_is_reported() -> None:
    columns = [column for column, _ in problems_of(owner="", due="x", budget="-1", target="y")]
    assert columns == ["owner", "due", "target", "budget"]


def test_a_bad_row_keeps_its_good_cells_and_blanks_the_bad_ones() -> None:
    row, problems = read(owner="nobody", budget="-1", due="2027-04-01")
    assert len(problems) == 2
    assert (row.goal, row.title, row.due) == (
        "Grow revenue",
        "Hire two sales reps",
        date(2027, 4, 1),
    )
    assert (row.owner, row.budget) == (Owner(), None)
