"""The shell driven in-process with scripted input: demo seeded, commands typed, bye."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from bot.shell.repl import run_shell
from storage.db import make_engine
from storage.enums import Source, Status
from storage.models import Plan, ProgressUpdate, Task

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def scripted(lines: list[str], typed: list[str]) -> Callable[[str], str]:
    remaining: Iterator[str] = iter(lines)

    def read(prompt: str) -> str:
        line = next(remaining, None)
        if line is None:
            raise EOFError
        typed.append(prompt + line)
        return line

    return read


def shell(tmp_path: Path, lines: list[str], *, demo: bool = True) -> tuple[int, str, str]:
    url = f"sqlite:///{tmp_path / 'shell.db'}"
    output: list[str] = []
    typed: list[str] = []
    code = run_shell(
        database_url=url,
        demo=demo,
        read=scripted(lines, typed),
        write=output.append,
        start_at=START,
        log_path=None,
        quiet=0.15,
    )
    return code, "\n".join(output), url


def test_the_demo_owner_reports_progress(tmp_path: Path) -> None:
    code, output, url = shell(
        tmp_path,
        [
            ":as @lena",
            "/pillar mine",
            "/pillar update T-1 at-risk 40% waiting on vendor",
            "pillar block T-1 legal has not signed",
            ":quit",
            "/pillar mine",  # never read: the shell has left
        ],
    )
    assert code == 0
    assert "Demo plan FY2027 (set up): 3 teams, 5 goals, 15 tasks" in output
    assert "You are @maria (Maria Schmidt, admin, Europe/Berlin)." in output
    assert "You are now @lena (Lena Fischer, member, Europe/Berlin)." in output
    assert "T-1 Launch the partner referral programme" in output
    assert "Progress recorded for T-1 Launch the partner referral programme" in output
    assert "🟡 At risk · ▓▓▓▓░░░░░░ 40%" in output
    assert "── pillar → DM to @james " in output  # her manager, through the outbox
    assert output.rstrip().endswith("Bye.")
    assert output.count("Your open tasks") == 1

    with Session(make_engine(url)) as db:
        updates = db.exec(
            select(ProgressUpdate)
            .join(Task)
            .where(Task.number == 1)
            .order_by(col(ProgressUpdate.id))
        ).all()
        assert [(u.status, u.percent, u.note, u.source) for u in updates] == [
            (Status.AT_RISK, 40, "waiting on vendor", Source.COMMAND),
            (Status.BLOCKED, None, "legal has not signed", Source.COMMAND),
        ]


def test_a_second_start_keeps_the_data_and_the_people(tmp_path: Path) -> None:
    shell(tmp_path, ["/pillar update T-2 done", ":quit"])
    code, output, url = shell(tmp_path, [":as @sofia", "/pillar mine"])
    assert code == 0
    assert "Demo plan FY2027 (already there)" in output
    assert "You are now @sofia (Sofia Alvarez, member, America/New_York)." in output
    assert output.rstrip().endswith("Bye.")  # end of input leaves too
    with Session(make_engine(url)) as db:
        assert len(db.exec(select(Plan)).all()) == 1
        assert len(db.exec(select(Task)).all()) == 15


def test_without_the_demo_you_are_an_admin_on_an_empty_database(tmp_path: Path) -> None:
    code, output, _ = shell(tmp_path, ["/pillar mine", ":help", ":nonsense"], demo=False)
    assert code == 0
    assert "You are @you (admin, UTC)." in output
    assert "You have no open tasks." in output
    assert "  :advance 3d               move the clock forward" in output
    assert "There is no shell command :nonsense." in output


def test_a_database_that_cannot_be_used_is_one_clear_line(tmp_path: Path) -> None:
    output: list[str] = []
    code = run_shell(
        database_url="nosuchdb://x",
        read=scripted([], []),
        write=output.append,
        log_path=None,
    )
    assert code == 2
    assert output == [
        "pillar shell: cannot use the database nosuchdb://x: "
        "Can't load plugin: sqlalchemy.dialects:nosuchdb"
    ]
