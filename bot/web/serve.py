"""Serve the WSGI app with waitress, a production HTTP server."""

import threading
from typing import TYPE_CHECKING

from waitress.server import create_server

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

# Waitress threads each hold one request; a request waits only until its listener acks.
SERVER_THREADS = 24
# How often the serving loop looks up from the sockets to see whether it should stop.
POLL_SECONDS = 0.2


class WebServer:
    """A started (bound) server; ``run()`` serves until ``close()``."""

    def __init__(self, application: "WSGIApplication", *, host: str, port: int) -> None:
        self._server = create_server(
            application,
            host=host,
            port=port,
            threads=SERVER_THREADS,
            ident="pillar",
            clear_untrusted_proxy_headers=True,
        )
        self._running = threading.Event()
        self._stopping = threading.Event()
        self._stopped = threading.Event()

    @property
    def port(self) -> int:
        return int(getattr(self._server, "effective_port", 0))

    def run(self) -> None:
        """Serve until :meth:`close`; the server is closed by this thread on the way out."""
        server = self._server
        sockets = server._map  # type: ignore[union-attr]  # waitress's socket map
        self._running.set()
        try:
            while not self._stopping.is_set():
                server.asyncore.loop(timeout=POLL_SECONDS, map=sockets, use_poll=True, count=1)
        finally:
            server.close()
            server.task_dispatcher.shutdown()
            self._stopped.set()

    def close(self, timeout: float = 5.0) -> None:
        """Stop serving; waits for :meth:`run` to finish if it is running."""
        self._stopping.set()
        if self._running.is_set():
            self._stopped.wait(timeout)
        else:
            self._server.close()
