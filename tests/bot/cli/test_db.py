from pathlib import Path

import pytest

from bot.cli import main
from storage.db import make_engine
from storage.schema import current_revision, head_revision


def test_upgrade_then_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "current"]) == 0
    assert "empty (behind" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert current_revision(make_engine(url)) == head_revision()
    assert main(["db", "current"]) == 0
    assert "(up to date)" in capsys.readouterr().out


def test_bad_configuration_is_one_line_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pillar: LOG_LEVEL 'LOUD' is not valid")
    assert err.count("\n") == 1
