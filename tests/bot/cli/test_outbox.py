"""`pillar outbox` lists messages and requeues dead ones."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.cli import main
from storage import outbox
from storage.enums import OutboxStatus
from storage.models import Outbox

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


def _add(engine: Engine, key: str, *, channel: str = "C1", dead_because: str | None = None) -> int:
    with Session(engine, expire_on_commit=False) as session:
        outbox.enqueue(
            session=session,
            workspace_id="T0TEST",
            dedupe_key=key,
            kind="digest",
            channel=channel,
            text="secret plans",
            now=NOW,
        )
        session.commit()
        if dead_because is None:
            return 0
        [row] = outbox.claim_due(session=session, now=NOW, limit=1, lease=timedelta(seconds=60))
        outbox.mark_dead(session=session, row=row, reason=dead_because)
        session.commit()
        assert row.id is not None
        return row.id


def _status(engine: Engine, row_id: int) -> OutboxStatus:
    with Session(engine) as session:
        row = session.get(Outbox, row_id)
        assert row is not None
        return row.status


def test_list_shows_rows_and_counts_but_never_the_text(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = _add(database, "d", channel="C404", dead_because="channel_not_found")
    _add(database, "p", channel="U1")

    assert main(["outbox"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == [
        "id",
        "kind",
        "channel",
        "status",
        "attempts",
        "last",
        "error",
        "created",
    ]
    assert lines[2].split() == [
        str(dead),
        "digest",
        "C404",
        "dead",
        "1",
        "channel_not_found",
        "2026-11-23",
        "09:00Z",
    ]
    assert lines[1].split()[2:6] == ["U1", "pending", "0", "-"]
    assert lines[-1] == "pending 1 · sending 0 · sent 0 · dead 1"
    assert "secret plans" not in out


def test_list_filters_by_status_and_limits(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(database, "d1", dead_because="is_archived")
    _add(database, "d2", dead_because="not_in_channel")
    _add(database, "p")

    assert main(["outbox", "list", "--status", "dead", "--limit", "1"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:-1]
    assert len(rows) == 1
    assert "dead" in rows[0]
    assert main(["outbox", "--status", "sent"]) == 0
    assert capsys.readouterr().out.startswith("no messages with status sent")


def test_retry_requeues_the_named_dead_rows(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _add(database, "d1", dead_because="channel_not_found")
    second = _add(database, "d2", dead_because="channel_not_found")

    assert main(["outbox", "retry", str(first)]) == 0
    assert capsys.readouterr().out == f"requeued 1: {first}\n"
    assert (_status(database, first), _status(database, second)) == (
        OutboxStatus.PENDING,
        OutboxStatus.DEAD,
    )


def test_retry_all_dead(database: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    ids = [_add(database, f"d{n}", dead_because="x") for n in range(3)]
    assert main(["outbox", "retry", "--all-dead"]) == 0
    assert capsys.readouterr().out == f"requeued 3: {', '.join(map(str, ids))}\n"
    assert {_status(database, row_id) for row_id in ids} == {OutboxStatus.PENDING}


def test_retrying_a_row_that_is_not_dead_says_so(
    database: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = _add(database, "d", dead_because="x")
    assert main(["outbox", "retry", str(dead), "999"]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"requeued 1: {dead}\n"
    assert "not dead (or no such message): 999" in captured.err


@pytest.mark.parametrize("argv", [["outbox", "retry"], ["outbox", "retry", "3", "--all-dead"]])
def test_retry_needs_ids_or_all_dead_but_not_both(
    database: Engine, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "or use --all-dead, not both" in capsys.readouterr().err


def test_a_malformed_id_is_explained(database: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["outbox", "retry", "T-12"])
    assert stopped.value.code == 2
    assert "an outbox id is a whole number such as 12, got 'T-12'" in capsys.readouterr().err


def test_an_unmigrated_database_is_refused_with_the_command_to_run(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/empty.db")
    assert main(["outbox"]) == 2
    assert "run `pillar db upgrade`" in capsys.readouterr().err
