"""The stand-in's HTTP server: a fake Slack Web API on a local port.

with SlackStandIn() as slack:
    slack.add_user(FakeUser(id="U1", name="ana"))
    client = WebClient(token=slack.token, base_url=slack.api_url)
    client.chat_postMessage(channel="U1", text="hi")
    assert slack.messages_to("U1")[0]["text"] == "hi"
"""

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from bot.standin.dispatcher import Dispatcher, Request
from bot.standin.faults import FaultInjector
from bot.standin.limits import RateLimiter
from bot.standin.queries import StandInQueries
from bot.standin.recorder import CallRecorder
from bot.standin.state import SlackState, Workspace

DEFAULT_TOKEN = "xoxb-standin-token"
DEFAULT_TEAM_ID = "T0STANDIN"
SHUTDOWN_POLL_SECONDS = 0.05


class _Server(ThreadingHTTPServer):
    # Handler threads may be parked on an injected timeout: never wait for them.
    daemon_threads = True
    block_on_close = False
    # Load tests open many connections at once; the default backlog of 5 drops some.
    request_queue_size = 128


class SlackStandIn(StandInQueries):
    """A fake Slack Web API server that records calls, limits rates and injects faults.

    ``port=0`` picks a free port; ``url`` tells which once started. Use it as a context
    manager, or call ``start()`` and ``stop()``.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str = DEFAULT_TOKEN,
        team_id: str = DEFAULT_TEAM_ID,
        team_name: str = "Stand-in",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        strict_channels: bool = True,
        trigger_ttl: float = 3.0,
        seed: int = 0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        state = SlackState(clock=clock, strict_channels=strict_channels, trigger_ttl=trigger_ttl)
        super().__init__(state=state, recorder=CallRecorder())
        self.limits = RateLimiter(clock=clock)
        self.faults = FaultInjector(seed=seed)
        self._stopping = threading.Event()
        self._dispatcher = Dispatcher(
            state=state,
            recorder=self.recorder,
            limiter=self.limits,
            faults=self.faults,
            stopping=self._stopping,
        )
        self._address = (host, port)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.default_workspace = self.add_workspace(
            Workspace(
                team_id=team_id, name=team_name, token=token, bot_user_id=bot_user_id, bot_id=bot_id
            )
        )

    @property
    def token(self) -> str:
        """The bot token of the default workspace."""
        return self.default_workspace.token

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` once started."""
        if self._server is None:
            raise RuntimeError("the Slack stand-in is not running: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        """The ``base_url`` for ``WebClient``: it must end with a slash."""
        return f"{self.url}/api/"

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _Server(self._address, _handler_for(self._dispatcher))
        self._server = server
        self._dispatcher.base_url = self.url
        self._base_url = self.url
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
            name="slack-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; calls waiting on an injected timeout are let go."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _handler_for(dispatcher: Dispatcher) -> type[BaseHTTPRequestHandler]:
    class StandInRequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self._answer()

        def do_GET(self) -> None:
            self._answer()

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            target = urlsplit(self.path)
            request = Request(
                path=target.path,
                query=target.query,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            reply = dispatcher.handle(request)
            if reply.hang_up:
                # Not a byte back: the client sees the connection close under it.
                self.close_connection = True
                return
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up (an injected timeout did its job).
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: the recorder keeps what matters."""

    return StandInRequestHandler
