"""The HTTP surface: Slack's requests, the health check and metrics, as one WSGI app."""

import contextvars
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy.engine import Engine

from storage.db import database_answers

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

SLACK_PATHS = ("/slack/events", "/slack/install", "/slack/oauth_redirect")


def _plain(start_response: "StartResponse", status: str, body: bytes) -> Iterable[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [body]


def build_wsgi(
    *, app: App | None, engine: Engine, metrics: CollectorRegistry | None = None
) -> "WSGIApplication":
    """``app`` is None for a process that serves only health and metrics (Socket Mode).

    ``/metrics`` shows the process-wide counters and this app's own ``metrics`` (gauges
    read from its database), kept apart so that several apps can live in one process.
    """
    slack = SlackRequestHandler(app) if app is not None else None

    def healthz(start_response: "StartResponse") -> Iterable[bytes]:
        if database_answers(engine):
            return _plain(start_response, "200 OK", b"ok\n")
        return _plain(start_response, "503 Service Unavailable", b"database unreachable\n")

    def exposition(start_response: "StartResponse") -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
        own = generate_latest(metrics) if metrics is not None else b""
        return [generate_latest(), own]

    routes: dict[tuple[str, str], Callable[[StartResponse], Iterable[bytes]]] = {
        ("GET", "/healthz"): healthz,
        ("GET", "/metrics"): exposition,
    }

    def application(environ: "WSGIEnvironment", start_response: "StartResponse") -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        route = routes.get((method, path))
        if route is not None:
            return route(start_response)
        if slack is not None and path in SLACK_PATHS:
            # A fresh context per request: no workspace or request id left from the last.
            return contextvars.Context().run(slack, environ, start_response)
        return _plain(start_response, "404 Not Found", b"not found\n")

    return application
