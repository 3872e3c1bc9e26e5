from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.sweeps import run_sweeps_once
from schedules.sweeps import SweepOptions
from storage.models import Outbox, Team
from tests.storage.reports.seed import seed_plan

WS = "T0TEST"
AFTER_CLOSE = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


def _digests(engine: Engine) -> list[Outbox]:
    with Session(engine) as session:
        query = select(Outbox).where(Outbox.kind == "digest").order_by(Outbox.channel)
        return list(session.exec(query))


def test_each_team_with_tasks_gets_its_digest_and_an_empty_team_none(engine: Engine) -> None:
    with Session(engine) as session:
        seed_plan(session, workspace_id=WS, tasks=6, period="2026-11")
        session.add(Team(workspace_id=WS, name="Idle", channel_id="CIDLE", created_at=AFTER_CLOSE))
        session.commit()
    report = run_sweeps_once(engine=engine, now=AFTER_CLOSE, options=SweepOptions())
    assert report.enqueued["digest"] == 2
    rows = _digests(engine)
    assert [row.channel for row in rows] == ["CGROWTH", "COPS"]
    growth = rows[0].payload
    assert "Growth" in growth["text"]
    assert growth["metadata"] == {"period": "2026-11"}
    assert growth["chart"]["series"][-1]["period"] == "2026-11"
    assert (
        run_sweeps_once(engine=engine, now=AFTER_CLOSE, options=SweepOptions()).enqueued["digest"]
        == 0
    )
