"""Logging: console or JSON lines, each carrying the workspace and request id in scope.

Message bodies and secrets never go to the log; listeners log ids and outcomes only.
"""

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

workspace_var: ContextVar[str | None] = ContextVar("workspace", default=None)
request_var: ContextVar[str | None] = ContextVar("request", default=None)

CONSOLE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(workspace)s %(request)s] %(message)s"


class _ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.workspace = workspace_var.get() or "-"
        record.request = request_var.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "workspace": getattr(record, "workspace", None),
            "request": getattr(record, "request", None),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is now, so a replaced stream is followed."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def configure_logging(*, level: str, fmt: str) -> None:
    handler = _StderrHandler()
    handler.addFilter(_ContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Python's warnings would otherwise be printed bare, breaking the one-format rule.
    logging.captureWarnings(True)
    # Bolt and slack_sdk log request bodies at DEBUG; keep them quiet whatever our level.
    for noisy in ("slack_bolt", "slack_sdk", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))
    # APScheduler says twice a tick that it ran the sweeps; the sweeps log what they did.
    ticks = logging.getLogger("apscheduler.executors")
    ticks.setLevel(max(logging.WARNING, logging.getLevelName(level)))


def set_log_context(*, workspace: str | None, request: str | None) -> None:
    """Set the workspace and request id for the rest of the current context (for a context
    that ends with the request, such as the one the web layer gives each request)."""
    workspace_var.set(workspace)
    request_var.set(request)


@contextmanager
def log_context(*, workspace: str | None, request: str | None) -> Iterator[None]:
    workspace_token = workspace_var.set(workspace)
    request_token = request_var.set(request)
    try:
        yield
    finally:
        workspace_var.reset(workspace_token)
        request_var.reset(request_token)
