"""`pillar shell` options, and a run through the real command line."""

import io
import logging
from pathlib import Path

import pytest

from bot.cli import build_parser, main


def test_defaults_are_a_local_sqlite_file_and_no_demo() -> None:
    arguments = build_parser().parse_args(["shell"])
    assert (arguments.demo, arguments.database, arguments.log) == (
        False,
        "sqlite:///pillar-shell.db",
        "pillar-shell.log",
    )


def test_the_command_line_runs_the_demo_and_leaves_on_end_of_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(":as @lena\n/pillar mine\n"))
    handlers = list(logging.getLogger().handlers)
    assert main(["shell", "--demo"]) == 0
    assert logging.getLogger().handlers == handlers, "logging is put back as it was"
    printed = capsys.readouterr().out
    assert "@maria> :as @lena" in printed  # input from a pipe is echoed after the prompt
    assert "@lena> /pillar mine" in printed
    assert "Your open tasks (2)" in printed
    assert printed.rstrip().endswith("Bye.")
    assert (tmp_path / "pillar-shell.db").exists()
    assert (tmp_path / "pillar-shell.log").exists()
