"""The whole bot on this machine, with the local Slack stand-in instead of Slack.

Used by the end-to-end tests, the benchmarks and `pillar shell`: the real Bolt app over
real HTTP with real signatures, talking to a fake Slack Web API that records everything.
"""

import threading
from dataclasses import dataclass, field
from datetime import datetime

from bot.app.tokens import delivery_clients
from bot.delivery import Deliverer, DeliveryReport
from bot.runtime import Runtime, assemble
from bot.settings import Settings
from bot.standin import InstallBrowser, SlackDriver, SlackStandIn
from schedules.clock import ManualClock

SIGNING_SECRET = "local-signing-secret-0123456789ab"
CLIENT_ID = "1111111111.2222222222"
CLIENT_SECRET = "local-client-secret"


@dataclass
class LocalBot:
    database_url: str
    start_at: datetime
    admins: frozenset[str] = frozenset()
    timezone: str = "UTC"
    # On: the sweeps and deliverers run in background threads, as in production (the
    # sweeps then read the manual clock); off: tests call them when they choose.
    scheduler: bool = False
    # On: installed by OAuth (SLACK_CLIENT_ID and SECRET, no SLACK_BOT_TOKEN); workspaces
    # are installed with install_browser(). ``token_lifetime`` turns on token rotation.
    oauth: bool = False
    token_lifetime: int | None = None
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
            SLACK_BOT_TOKEN=None if self.oauth else self.slack.token,
            SLACK_CLIENT_ID=CLIENT_ID if self.oauth else None,
            SLACK_CLIENT_SECRET=CLIENT_SECRET if self.oauth else None,
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
            app_url=f"{self.app_url}/slack/events", signing_secret=SIGNING_SECRET, slack=self.slack
        )
        if self.oauth:
            self.slack.set_oauth_app(
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                redirect_url=f"{self.app_url}/slack/oauth_redirect",
                token_lifetime=self.token_lifetime,
            )
        return self

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.runtime.server.port}"

    def install_browser(self) -> InstallBrowser:
        """A browser that installs the app in a stand-in workspace (``oauth`` on)."""
        return InstallBrowser(install_url=f"{self.app_url}/slack/install")

    def deliver(self) -> DeliveryReport:
        """Send what the outbox owes now (the background deliverers are off here), with
        the tokens production would use."""
        services = self.runtime.services
        clients = delivery_clients(settings=services.settings, engine=services.engine)
        assert clients is not None  # the local bot always has a token or OAuth
        deliverer = Deliverer(engine=services.engine, clients=clients, clock=self.clock)
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
