from decimal import Decimal

from storage.transfer.columns import Column
from storage.transfer.csvfile import PROGRESS_EVERY, parse_plan_file, render_csv
from storage.transfer.rows import Owner

HEADER = "goal,task title,owner,budget\n"


def test_a_byte_order_mark_is_not_part_of_the_first_column() -> None:
    parsed = parse_plan_file(("\ufeff" + HEADER + "Grow,Hire,U012ABC,5\n").encode())
    assert parsed.problems == ()
    assert [row.goal for row in parsed.rows] == ["Grow"]
    assert parsed.columns == {Column.GOAL, Column.TASK_TITLE, Column.OWNER, Column.BUDGET}


def test_quoted_fields_keep_commas_quotes_and_newlines_and_lines_are_counted() -> None:
    text = (
        HEADER
        + '"Grow, fast","Hire ""senior""\nreps\r\nnow",U012ABC,1\n'
        + "\n"
        + ",,,\n"
        + "Grow,Second,nobody,-1\n"
    )
    parsed = parse_plan_file(text.encode())
    row, bad = parsed.rows  # a bad row is kept for the checks across rows
    assert (row.line, row.goal, row.title) == (2, "Grow, fast", 'Hire "senior"\nreps\r\nnow')
    assert (bad.line, bad.title, bad.budget) == (7, "Second", None)
    assert [(problem.line, problem.column) for problem in parsed.problems] == [
        (7, "owner"),
        (7, "budget"),
    ]


def test_text_that_is_not_utf8_names_its_line() -> None:
    parsed = parse_plan_file(HEADER.encode() + b"Gr\xf6\xdfe,Hire,U012ABC,\n")
    [problem] = parsed.problems
    assert problem.line == 2
    assert "not UTF-8" in problem.reason


def test_an_unclosed_quote_is_reported_on_its_line() -> None:
    parsed = parse_plan_file((HEADER + 'Grow,Hire,U012ABC,1\nGrow,"Fire,U1,2\n').encode())
    [problem] = parsed.problems
    assert problem.line == 3
    assert problem.reason.startswith("not valid CSV")


def test_an_empty_file_and_a_bad_header() -> None:
    [empty] = parse_plan_file(b"").problems
    assert empty.line == 1
    assert empty.reason.startswith("the file is empty: expected a header line such as goal,")
    parsed = parse_plan_file(b"goal,task,owner\nGrow,Hire,U012ABC\n")
    assert parsed.rows == ()
    assert [problem.line for problem in parsed.problems] == [1, 1]


def test_values_beyond_the_named_columns_are_refused() -> None:
    parsed = parse_plan_file(
        (HEADER + "Grow,Hire,U012ABC,1,surplus\nGrow,Fire,U012ABC,1,,\n").encode()
    )
    [problem] = parsed.problems
    assert problem.line == 2
    assert "5 cells but the header names 4 columns" in problem.reason
    assert [row.title for row in parsed.rows] == ["Fire"]


def test_short_rows_read_missing_cells_as_empty() -> None:
    parsed = parse_plan_file((HEADER + "Grow,Hire,ana@example.com\n").encode())
    [row] = parsed.rows
    assert (row.owner, row.budget) == (Owner(email="ana@example.com"), None)


def test_progress_is_told_every_few_hundred_rows_and_at_the_end() -> None:
    rows = "".join(f"Grow,Task {n},U012ABC,{n}\n" for n in range(PROGRESS_EVERY * 2 + 7))
    told: list[tuple[int, int]] = []
    parsed = parse_plan_file((HEADER + rows).encode(), progress=lambda *p: told.append(p))
    total = PROGRESS_EVERY * 2 + 7
    assert told == [(PROGRESS_EVERY, total), (PROGRESS_EVERY * 2, total), (total, total)]
    assert parsed.rows[-1].budget == Decimal(total - 1)


def test_render_writes_the_header_and_quotes_what_needs_it() -> None:
    text = render_csv([["Grow, fast", "", 'Say "hi"\nthen go'] + [""] * 9])
    assert text.splitlines()[0] == (
        "goal,parent goal,task title,how,owner,team,start,due,metric,target,unit,budget"
    )
    parsed = parse_plan_file(text.encode())
    assert [problem.reason for problem in parsed.problems] == [
        "missing: every task needs an owner, a Slack user id such as U012ABC or an e-mail "
        "such as ana@example.com"
    ]


def test_windows_line_endings() -> None:
    parsed = parse_plan_file(b"goal,task title,owner\r\nGrow,Hire,U012ABC\r\nGrow,Train,x\r\n")
    assert [row.title for row in parsed.rows] == ["Hire", "Train"]
    assert [problem.line for problem in parsed.problems] == [3]
