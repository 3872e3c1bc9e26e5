"""The hourly tidy of a running bot: event ids Slack no longer retries go, by its clock."""

import time
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.local import LocalBot
from schedules.runner import TIDY_JOB_ID
from storage.models import ProcessedEvent
from storage.tidy import KEEP_EVENT_IDS
from tests.bot.conftest import OWNER, START, seed_task


def _event_ids(bot: LocalBot) -> list[str]:
    with Session(bot.runtime.services.engine) as session:
        return list(session.exec(select(ProcessedEvent.event_id)))


def test_an_event_id_is_kept_while_slack_may_retry_it_then_tidied(local_bot: LocalBot) -> None:
    seed_task(local_bot)
    assert local_bot.driver.app_home_opened(user_id=OWNER, event_id="Ev1").status == 200
    assert local_bot.runtime.tidy_once().event_ids == 0
    assert _event_ids(local_bot) == ["Ev1"]
    local_bot.clock.advance(KEEP_EVENT_IDS + timedelta(minutes=1))
    assert local_bot.runtime.tidy_once().event_ids == 1
    assert _event_ids(local_bot) == []


def test_a_bot_running_the_sweeps_also_tidies(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    with LocalBot(database_url=url, start_at=START, scheduler=True) as bot:
        scheduler = bot.runtime.scheduler
        assert scheduler is not None
        deadline = time.monotonic() + 10
        while not scheduler.running and time.monotonic() < deadline:
            time.sleep(0.01)  # the bot's own thread starts it
        assert scheduler.job(TIDY_JOB_ID) is not None
