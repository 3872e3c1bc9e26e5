"""Assemble and run the whole bot: database, Bolt app, web server, and (later) scheduler."""

import logging
import signal
import threading
from dataclasses import dataclass
from types import FrameType

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app.factory import build_app
from bot.app.services import Services
from bot.logs import configure_logging
from bot.settings import Settings, require_slack_credentials
from bot.web.serve import WebServer
from bot.web.wsgi import build_wsgi
from schedules.clock import Clock, SystemClock
from storage.db import make_engine
from storage.schema import require_current_schema

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    services: Services
    app: App
    server: WebServer
    socket_mode: SocketModeHandler | None = None

    def serve_forever(self) -> None:
        if self.socket_mode is not None:
            self.socket_mode.connect()  # type: ignore[no-untyped-call]
        log.info("serving on port %s", self.server.port)
        self.server.run()

    def stop(self) -> None:
        if self.socket_mode is not None:
            self.socket_mode.close()  # type: ignore[no-untyped-call]
        self.server.close()


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
    wsgi = build_wsgi(app=None if socket_mode else app, engine=engine)
    server = WebServer(wsgi, host=host, port=settings.PORT if port is None else port)
    return Runtime(services=services, app=app, server=server, socket_mode=socket_mode)


def run(settings: Settings) -> None:
    configure_logging(level=settings.LOG_LEVEL, fmt=settings.LOG_FORMAT)
    runtime = assemble(settings=settings)

    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("stopping on signal %s", signum)
        threading.Thread(target=runtime.stop, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    runtime.serve_forever()
