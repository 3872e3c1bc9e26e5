import csv
import io
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.cli import main
from bot.cli.transfer import PROGRESS_FROM_ROWS, ProgressLine
from storage.models import AuditLog, Task
from tests.storage.reports.seed import seed_plan

HEADER = "goal,parent goal,task title,how,owner,team,start,due,metric,target,unit,budget\n"
PLAN = (
    HEADER
    + 'Grow revenue,,Hire two sales reps,"Post ads, interview",U012ABC,Sales,,2027-03-31,,,,12000\n'
    + "EU expansion,Grow revenue,Register the company,,ana@example.com,Ops,,,,,,\n"
)
NEW_PLAN = [
    "--workspace",
    "T0TEST",
    "--plan",
    "FY2027",
    "--from",
    "2027-01-01",
    "--to",
    "2027-12-31",
]

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


@pytest.fixture
def plan_csv(tmp_path: Path) -> Path:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_import_then_export_then_import_again(
    database: Engine, plan_csv: Path, tmp_path: Path, capsys: Capture
) -> None:
    assert main(["import", str(plan_csv), *NEW_PLAN]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"Imported {plan_csv} into plan 'FY2027' of workspace T0TEST "
        "(created workspace T0TEST, created plan 'FY2027')\n"
    )
    assert "  tasks:       2 created      0 updated      0 unchanged" in out

    exported = tmp_path / "exported.csv"
    assert main(["export", "--format", "csv", "--output", str(exported)]) == 0
    assert capsys.readouterr().out == (
        f"Exported 2 tasks of plan 'FY2027' (workspace T0TEST) to {exported}\n"
    )
    assert exported.read_text(encoding="utf-8") == PLAN

    assert main(["import", str(exported)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"Nothing to change: {exported} matches plan 'FY2027'")
    assert "  tasks:       0 created      0 updated      2 unchanged" in captured.out
    assert captured.err == ""

    assert main(["export"]) == 0
    assert capsys.readouterr().out == PLAN
    with Session(database) as session:
        assert len(session.exec(select(AuditLog)).all()) == 1


def test_bad_rows_are_all_reported_with_exit_code_1(
    database: Engine, tmp_path: Path, capsys: Capture
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "Grow,,One,,U012ABC,,2027-02-01,2027-01-01,,,,\n"
        + "Grow,,Two,,someone,,,,,,,\n"
        + "Grow,,Three,,U012ABC,,,,,ten,,-5\n",
        encoding="utf-8",
    )
    assert main(["import", str(bad), *NEW_PLAN]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"pillar: {bad}: 3 bad lines in the file; nothing was imported",
        "  line 2: due: 2027-01-01 is before the start 2027-02-01",
        "  line 3: owner: 'someone' is neither a Slack user id (such as U012ABC) "
        "nor an e-mail address (such as ana@example.com)",
        "  line 4: target: 'ten' is not a number: expected a plain number such as 320 or 12.5",
        "  line 4: budget: -5 is negative: a budget is 0 or more",
    ]
    with Session(database) as session:
        assert session.exec(select(Task)).all() == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            [],
            "pillar: there is no workspace yet: name it with --workspace TEAMID "
            "(the Slack team id, such as T012AB3CD)",
        ),
        (
            ["--workspace", "T0TEST"],
            "pillar: workspace T0TEST has no active plan: choose one with --plan NAME, "
            "or create one with --plan NAME --from YYYY-MM-DD --to YYYY-MM-DD",
        ),
        (
            ["--workspace", "acme"],
            "pillar: 'acme' is not a Slack team id: expected something like T012AB3CD",
        ),
        (
            ["--workspace", "T0TEST", "--from", "2027-01-01", "--to", "2027-12-31"],
            "pillar: --from and --to create a plan: name it with --plan NAME",
        ),
        (
            ["--workspace", "T0TEST", "--plan", "FY2027", "--from", "2027-01-01"],
            "pillar: a new plan needs both --from YYYY-MM-DD and --to YYYY-MM-DD",
        ),
        (
            [*NEW_PLAN[:4], "--from", "2027-12-31", "--to", "2027-01-01"],
            "pillar: plan 'FY2027' would end 2027-01-01, before it starts 2027-12-31: "
            "give the start first",
        ),
    ],
)
def test_the_workspace_and_plan_problems_say_what_to_type(
    database: Engine, plan_csv: Path, capsys: Capture, arguments: list[str], message: str
) -> None:
    assert main(["import", str(plan_csv), *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert "Traceback" not in captured.err


def test_several_workspaces_need_a_choice(
    database: Engine, plan_csv: Path, capsys: Capture
) -> None:
    assert main(["import", str(plan_csv), *NEW_PLAN]) == 0
    other = ["--workspace", "T0OTHER", *NEW_PLAN[2:]]
    assert main(["import", str(plan_csv), *other]) == 0
    capsys.readouterr()
    assert main(["export"]) == 2
    assert capsys.readouterr().err == (
        "pillar: this database serves several workspaces (T0OTHER, T0TEST): "
        "choose one with --workspace TEAMID\n"
    )
    assert main(["export", "--workspace", "T0OTHER", "--plan", "FY2026"]) == 2
    assert capsys.readouterr().err == (
        "pillar: workspace T0OTHER has no plan 'FY2026': choose one with --plan NAME\n"
    )


def test_a_missing_file(database: Engine, tmp_path: Path, capsys: Capture) -> None:
    assert main(["import", str(tmp_path / "nope.csv"), *NEW_PLAN]) == 2
    assert capsys.readouterr().err == (
        f"pillar: cannot read {tmp_path / 'nope.csv'}: No such file or directory\n"
    )


def test_an_unwritable_output(database: Engine, plan_csv: Path, capsys: Capture) -> None:
    assert main(["import", str(plan_csv), *NEW_PLAN]) == 0
    capsys.readouterr()
    assert main(["export", "--output", str(plan_csv.parent / "no" / "such.csv")]) == 2
    assert capsys.readouterr().err.startswith("pillar: cannot write ")


def test_an_out_of_date_schema(
    tmp_path: Path, plan_csv: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["import", str(plan_csv), *NEW_PLAN]) == 2
    assert "run `pillar db upgrade` first" in capsys.readouterr().err
    assert main(["export"]) == 2


@pytest.mark.parametrize(
    ("arguments", "fragment"),
    [
        (["export", "--format", "xlsx"], "argument --format: invalid choice: 'xlsx'"),
        (
            ["import", "plan.csv", "--plan", "X", "--from", "31/12/2027", "--to", "2028-01-01"],
            "'31/12/2027' is not a date: expected YYYY-MM-DD such as 2027-01-01",
        ),
    ],
)
def test_bad_options_are_usage_errors(arguments: list[str], fragment: str, capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(arguments)
    assert exit_.value.code == 2
    assert fragment in capsys.readouterr().err


def test_large_files_show_progress_unless_quiet(
    database: Engine, tmp_path: Path, capsys: Capture
) -> None:
    rows = "".join(
        f"Goal {n % 7},,Task {n},,U{n % 50:07d},,,,,,,\n" for n in range(PROGRESS_FROM_ROWS)
    )
    big = tmp_path / "big.csv"
    big.write_text(HEADER + rows, encoding="utf-8")
    assert main(["import", str(big), *NEW_PLAN]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"pillar: checked 500 of {PROGRESS_FROM_ROWS} rows (50%)"
    assert f"pillar: wrote {PROGRESS_FROM_ROWS} of {PROGRESS_FROM_ROWS} rows (100%)" in err
    assert main(["import", str(big), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    with Session(database) as session:
        numbers = session.exec(select(Task.number).order_by(col(Task.number))).all()
    assert numbers == list(range(1, PROGRESS_FROM_ROWS + 1))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_rewrites_one_line() -> None:
    terminal = Terminal()
    progress = ProgressLine(terminal, quiet=False)
    progress("checked", 500, 2000)
    progress("checked", 2000, 2000)
    progress.finish()
    progress("wrote", 10, 20)  # small: not shown
    assert terminal.getvalue() == (
        "\rchecked 500 of 2000 rows (25%)\x1b[K\rchecked 2000 of 2000 rows (100%)\x1b[K\n"
    )


def test_import_from_standard_input(
    database: Engine, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(("\ufeff" + PLAN).encode())))
    assert main(["import", "-", *NEW_PLAN]) == 0
    assert capsys.readouterr().out.startswith("Imported standard input into plan 'FY2027'")


def _seeded(database: Engine) -> None:
    with Session(database) as session:
        seed_plan(session, workspace_id="T0TEST", tasks=6, period="2026-11")
        session.commit()


def test_export_period_writes_that_months_report_one_row_per_task(
    database: Engine, tmp_path: Path, capsys: Capture
) -> None:
    _seeded(database)
    report = tmp_path / "report.csv"
    assert main(["export", "--period", "2026-11", "--output", str(report)]) == 0
    assert capsys.readouterr().out == (
        f"Exported the 2026-11 report of 6 tasks of plan 'FY' (workspace T0TEST) to {report}\n"
    )
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert [row["ref"] for row in rows] == [f"T-{number}" for number in range(1, 7)]
    # Owner 0 (of T-1) has not reported in the period; the others have.
    assert [(row["owner"], row["reported"]) for row in rows[:2]] == [
        ("Owner 0", "no"),
        ("Owner 1", "yes"),
    ]
    assert (rows[0]["status"], rows[0]["note"]) == ("", "")
    assert (rows[1]["status"], rows[1]["note"], rows[1]["spent"]) == (
        "on-track",
        "note 2 on 2",
        "100",
    )
    assert rows[4]["status"] == "done"
    assert {row["team"] for row in rows} <= {"Growth", "Ops"}


def test_export_period_to_stdout_with_plan_and_workspace(database: Engine, capsys: Capture) -> None:
    _seeded(database)
    assert main(["export", "--workspace", "T0TEST", "--plan", "FY", "--period", "2026-10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ref,title,goal,owner,team,due,state,status,percent")
    assert len(lines) == 7


def test_a_bad_period_is_one_line_naming_the_right_form(database: Engine, capsys: Capture) -> None:
    assert main(["export", "--period", "2026-13"]) == 2
    assert capsys.readouterr().err == (
        "pillar: 2026-13 is not a month; write the period as YYYY-MM, e.g. 2026-11\n"
    )
    assert main(["export", "--period", "December"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_export_ics_writes_the_review_dates(
    database: Engine, tmp_path: Path, capsys: Capture
) -> None:
    _seeded(database)
    calendar_file = tmp_path / "reviews.ics"
    assert main(["export", "--ics", "--output", str(calendar_file)]) == 0
    assert capsys.readouterr().out == (
        f"Exported 1 review dates of plan 'FY' (workspace T0TEST) to {calendar_file}\n"
    )
    calendar = Calendar.from_ical(calendar_file.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [(str(event["SUMMARY"]), event.decoded("DTSTART")) for event in events] == [
        ("Quarterly", date(2026, 11, 21))
    ]
