from storage.transfer.columns import COLUMNS, Column, Header, read_header
from storage.transfer.problems import RowProblem


def test_names_match_whatever_their_case_and_spacing() -> None:
    header = read_header(["GOAL", "Task_Title", "  Owner", "Parent  Goal", "", "BUDGET"])
    assert isinstance(header, Header)
    assert header.positions == (
        Column.GOAL,
        Column.TASK_TITLE,
        Column.OWNER,
        Column.PARENT_GOAL,
        None,
        Column.BUDGET,
    )
    assert header.present == {
        Column.GOAL,
        Column.TASK_TITLE,
        Column.OWNER,
        Column.PARENT_GOAL,
        Column.BUDGET,
    }


def test_unknown_duplicate_and_missing_columns_are_all_reported() -> None:
    problems = read_header(["goal", "GOAL", "priority", "owner"], line=3)
    assert isinstance(problems, list)
    reasons = [problem.reason for problem in problems]
    assert all(isinstance(problem, RowProblem) and problem.line == 3 for problem in problems)
    assert any("column 'goal' appears twice" in reason for reason in reasons)
    assert any(
        reason.startswith("unknown column 'priority': expected goal, parent goal, task title")
        for reason in reasons
    )
    assert any("missing required column 'task title'" in reason for reason in reasons)


def test_export_order_is_the_documented_one() -> None:
    assert [column.value for column in COLUMNS] == [
        "goal",
        "parent goal",
        "task title",
        "how",
        "owner",
        "team",
        "start",
        "due",
        "metric",
        "target",
        "unit",
        "budget",
    ]
