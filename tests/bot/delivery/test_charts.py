"""End to end: the sweeps owe the digests at window close, the deliverer posts each and
uploads its chart in the thread, through the local Slack stand-in."""

from sqlmodel import Session, select

from bot.local import LocalBot
from bot.standin import Fault
from bot.sweeps import run_sweeps_once
from schedules.sweeps import SweepOptions
from storage.enums import OutboxStatus
from storage.models import Outbox, Workspace
from tests.storage.reports.seed import seed_plan

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OPTIONS = SweepOptions(default_tz="UTC")


def _seed(bot: LocalBot, *, leadership: str | None = None) -> str:
    workspace_id = next(iter(bot.slack.state.workspaces))
    with Session(bot.runtime.services.engine) as session:
        seed_plan(session, workspace_id=workspace_id, tasks=8, period="2026-11")
        if leadership is not None:
            workspace = session.get(Workspace, workspace_id)
            assert workspace is not None
            workspace.settings = {"leadership_channel": leadership}
            session.add(workspace)
        session.commit()
    return workspace_id


def _digest_rows(bot: LocalBot) -> list[Outbox]:
    with Session(bot.runtime.services.engine) as session:
        query = select(Outbox).where(Outbox.kind == "digest").order_by(Outbox.channel)
        return list(session.exec(query))


def _sweep_and_deliver(bot: LocalBot) -> None:
    run_sweeps_once(engine=bot.runtime.services.engine, now=bot.clock.now(), options=OPTIONS)
    while bot.deliver().claimed:
        pass


def test_digests_are_posted_at_window_close_with_their_chart_in_the_thread(
    local_bot: LocalBot,
) -> None:
    workspace_id = _seed(local_bot, leadership="CLEADERS")
    _sweep_and_deliver(local_bot)

    rows = _digest_rows(local_bot)
    assert [(row.channel, row.dedupe_key, row.status) for row in rows] == [
        ("CGROWTH", f"digest:{workspace_id}:CGROWTH:2026-11", OutboxStatus.SENT),
        ("CLEADERS", f"digest:{workspace_id}:CLEADERS:2026-11", OutboxStatus.SENT),
        ("COPS", f"digest:{workspace_id}:COPS:2026-11", OutboxStatus.SENT),
    ]
    assert rows[0].payload["chart"]["title"].startswith("Growth: status by month")
    assert [point["period"] for point in rows[0].payload["chart"]["series"]][-1] == "2026-11"
    files = local_bot.slack.uploaded_files()
    assert len(files) == 3
    for file in files:
        assert file.completed
        assert file.filename == "status.png"
        assert file.content is not None
        assert file.content.startswith(PNG_MAGIC)
    assert sorted(channel for file in files for channel in file.channels) == [
        "CGROWTH",
        "CLEADERS",
        "COPS",
    ]
    growth = local_bot.slack.messages_to("CGROWTH")
    assert len([m for m in growth if "thread_ts" not in m or m["thread_ts"] == m["ts"]]) == 1

    # A second round owes nothing more: one digest per channel and month.
    _sweep_and_deliver(local_bot)
    assert len(_digest_rows(local_bot)) == 3
    assert len(local_bot.slack.uploaded_files()) == 3


def test_a_failed_upload_is_logged_and_the_message_is_not_posted_again(
    local_bot: LocalBot,
) -> None:
    _seed(local_bot)
    local_bot.slack.faults.script(
        "files.getUploadURLExternal", [Fault.slack_error("internal_error")] * 2
    )
    _sweep_and_deliver(local_bot)

    rows = _digest_rows(local_bot)
    assert [(row.channel, row.status) for row in rows] == [
        ("CGROWTH", OutboxStatus.SENT),
        ("COPS", OutboxStatus.SENT),
    ]
    assert local_bot.slack.uploaded_files() == []
    assert len(local_bot.slack.messages_to("CGROWTH")) == 1
    _sweep_and_deliver(local_bot)
    assert len(local_bot.slack.messages_to("CGROWTH")) == 1
