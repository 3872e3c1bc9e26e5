"""Assemble and run the whole bot: database, Bolt app, web server, sweeps and deliverers.

With ``PILLAR_SCHEDULER=on`` this process also runs the sweeps and the hourly tidy (on
PostgreSQL only while it holds the sweep lock) and delivers the outbox to Slack; ``off``
leaves them to others.
"""

import gc
import logging
import signal
import threading
from dataclasses import dataclass
from datetime import datetime
from types import FrameType

from prometheus_client import CollectorRegistry
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app.factory import build_app
from bot.app.services import Services
from bot.app.tokens import delivery_clients
from bot.delivery import Deliverer, DeliveryWorkers, OutboxCollector
from bot.logs import configure_logging
from bot.settings import Settings, require_slack_credentials
from bot.sweeps import SweepReport, run_sweeps_once, sweep_options
from bot.sweeps.metrics import LeadershipCollector
from bot.sweeps.tidy import tidy_once
from bot.web.serve import WebServer
from bot.web.wsgi import build_wsgi
from schedules.clock import Clock, SystemClock
from schedules.leader import leadership_for
from schedules.runner import SweepScheduler
from storage.db import make_engine
from storage.schema import require_current_schema
from storage.tidy import Tidied

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    services: Services
    app: App
    server: WebServer
    socket_mode: SocketModeHandler | None = None
    scheduler: SweepScheduler | None = None
    deliverers: DeliveryWorkers | None = None

    def serve_forever(self) -> None:
        self.start_background()
        if self.socket_mode is not None:
            self.socket_mode.connect()  # type: ignore[no-untyped-call]
        log.info("serving on port %s", self.server.port)
        self.server.run()

    def start_background(self) -> None:
        """Start the deliverers and the sweep scheduler (when this process runs them)."""
        if self.deliverers is not None:
            self.deliverers.start()
        if self.scheduler is not None:
            self.scheduler.start()

    def stop(self) -> None:
        if self.socket_mode is not None:
            self.socket_mode.close()  # type: ignore[no-untyped-call]
        self.server.close()
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.deliverers is not None:
            self.deliverers.stop()

    def run_sweeps_once(self, now: datetime | None = None) -> SweepReport:
        """Every sweep once at ``now`` (default: the clock's time), leader or not."""
        stopping = self.scheduler.stopping if self.scheduler is not None else None
        return run_sweeps_once(
            engine=self.services.engine,
            now=now if now is not None else self.services.clock.now(),
            options=sweep_options(self.services.settings),
            should_stop=stopping.is_set if stopping is not None else lambda: False,
        )

    def tidy_once(self) -> Tidied:
        """Delete what has served its purpose, as of the clock's time."""
        return tidy_once(engine=self.services.engine, now=self.services.clock.now())


def settle_startup_objects() -> None:
    """Leave what start-up built (modules, tables, compiled statements: most of the
    process's objects) out of the cyclic collector's later full passes, each of which
    would otherwise stop every thread for 0.1 s or more while a request waits.

    Called once by `pillar run` before it serves (not by the test harness, whose process
    starts many bots). Start-up's own garbage is kept too: collecting it first would add
    0.1 s to every start.
    """
    gc.freeze()


def assemble(
    *,
    settings: Settings,
    clock: Clock | None = None,
    host: str = "0.0.0.0",
    port: int | None = None,
) -> Runtime:
    """Everything `pillar run` starts, refusing an out-of-date database schema."""
    require_slack_credentials(settings)
    engine = make_engine(settings.DATABASE_URL, pool_size=10, max_overflow=20)
    require_current_schema(engine)
    services = Services(settings=settings, engine=engine, clock=clock or SystemClock())
    app = build_app(services=services)
    socket_mode = None
    if settings.SLACK_APP_TOKEN:
        socket_mode = SocketModeHandler(app, settings.SLACK_APP_TOKEN)
    # In Socket Mode Slack's requests arrive over the socket; HTTP still serves health.
    metrics = CollectorRegistry()
    metrics.register(OutboxCollector(engine=engine, clock=services.clock))
    wsgi = build_wsgi(app=None if socket_mode else app, engine=engine, metrics=metrics)
    server = WebServer(wsgi, host=host, port=settings.PORT if port is None else port)
    runtime = Runtime(services=services, app=app, server=server, socket_mode=socket_mode)
    if settings.PILLAR_SCHEDULER == "on":
        runtime.scheduler = _sweep_scheduler(runtime)
        runtime.deliverers = _delivery_workers(services)
    metrics.register(LeadershipCollector(scheduler=runtime.scheduler))
    return runtime


def _sweep_scheduler(runtime: Runtime) -> SweepScheduler:
    return SweepScheduler(
        sweep=runtime.run_sweeps_once,
        leadership=leadership_for(runtime.services.engine),
        interval_seconds=runtime.services.settings.PILLAR_SWEEP_SECONDS,
        tidy=runtime.tidy_once,
    )


def _delivery_workers(services: Services) -> DeliveryWorkers | None:
    clients = delivery_clients(settings=services.settings, engine=services.engine)
    if clients is None:
        log.warning(
            "SLACK_BOT_TOKEN is not set, so this process does not deliver the outbox "
            "(messages wait until a process with a bot token runs)"
        )
        return None

    def make() -> Deliverer:
        return Deliverer(engine=services.engine, clients=clients, clock=services.clock)

    return DeliveryWorkers(make=make)


def run(settings: Settings) -> None:
    configure_logging(level=settings.LOG_LEVEL, fmt=settings.LOG_FORMAT)
    runtime = assemble(settings=settings)
    settle_startup_objects()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("stopping on signal %s", signum)
        threading.Thread(target=runtime.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    runtime.serve_forever()
