"""Serve the WSGI app with waitress, a production HTTP server."""

from typing import TYPE_CHECKING

from waitress.server import create_server

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

# Waitress threads each hold one request; a request waits only until its listener acks.
SERVER_THREADS = 24


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

    @property
    def port(self) -> int:
        return int(getattr(self._server, "effective_port", 0))

    def run(self) -> None:
        self._server.run()

    def close(self) -> None:
        self._server.close()
