"""The whole bot on this machine, with the local Slack stand-in instead of Slack.

Used by the end-to-end tests, the benchmarks and `pillar shell`: the real Bolt app over
real HTTP with real signatures, talking to a fake Slack Web API that records everything.
"""

import threading
from dataclasses import dataclass, field
from datetime import datetime

from bot.delivery import Deliverer, DeliveryReport, delivery_client, single_workspace
from bot.runtime import Runtime, assemble
from bot.settings import Settings
from bot.standin import SlackDriver, SlackStandIn
from schedules.clock import ManualClock

SIGNING_SECRET = "local-signing-secret-0123456789ab"


@dataclass
class LocalBot:
    database_url: str
    start_at: datetime
    admins: frozenset[str] = frozenset()
    timezone: str = "UTC"
    # On: the sweeps and deliverers run in background threads, as in production (the
    # sweeps then read the manual clock); off: tests call them when they choose.
    scheduler: bool = False
    clock: ManualClock = field(init=False)
    slack: SlackStandIn = field(init=False)
    runtime: Runtime = field(init=False)
    driver: SlackDriver = field(init=False)
    _thread: threading.Thread | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.clock = ManualClock(self.start_at)
        self.slack = SlackStandIn(strict_channels=False)

    def settings(self) -> Settings:
        return Settings(
            DATABASE_URL=self.database_url,
            SLACK_BOT_TOKEN=self.slack.token,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=self.slack.api_url,
            PILLAR_ADMINS=self.admins,
            PILLAR_TIMEZONE=self.timezone,
            PILLAR_SCHEDULER="on" if self.scheduler else "off",
        )

    def start(self) -> "LocalBot":
        self.slack.start()
        self.runtime = assemble(
            settings=self.settings(), clock=self.clock, host="127.0.0.1", port=0
        )
        self._thread = threading.Thread(
            target=self.runtime.serve_forever, name="local-bot", daemon=True
        )
        self._thread.start()
        self.driver = SlackDriver(
            app_url=f"http://127.0.0.1:{self.runtime.server.port}/slack/events",
            signing_secret=SIGNING_SECRET,
            slack=self.slack,
        )
        return self

    def deliver(self) -> DeliveryReport:
        """Send what the outbox owes now (the background deliverers are off here)."""
        client = delivery_client(token=self.slack.token, base_url=self.slack.api_url)
        deliverer = Deliverer(
            engine=self.runtime.services.engine,
            clients=single_workspace(client),
            clock=self.clock,
        )
        return deliverer.run_once()

    def stop(self) -> None:
        self.runtime.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.runtime.services.engine.dispose()
        self.slack.stop()

    def __enter__(self) -> "LocalBot":
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
