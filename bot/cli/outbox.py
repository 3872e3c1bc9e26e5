"""`pillar outbox [list]` shows outgoing messages; `pillar outbox retry` requeues dead ones."""

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.settings import load_settings
from storage import outbox
from storage.db import make_engine, session_scope
from storage.enums import OutboxStatus
from storage.models import Outbox
from storage.schema import require_current_schema

DEFAULT_LIMIT = 50
ERROR_WIDTH = 60
COLUMNS = ("id", "kind", "channel", "status", "attempts", "last error", "created")


def register(commands: "argparse._SubParsersAction[Any]") -> None:
    parser = commands.add_parser("outbox", help="outgoing messages: list them, retry dead ones")
    _add_list_options(parser, suppress=False)
    parser.set_defaults(handler=_list)
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    listing = actions.add_parser("list", help="the newest messages (the default action)")
    _add_list_options(listing, suppress=True)
    listing.set_defaults(handler=_list)
    retry = actions.add_parser("retry", help="send dead messages again")
    retry.add_argument("ids", nargs="*", type=_row_id, metavar="ID", help="outbox ids to retry")
    retry.add_argument("--all-dead", action="store_true", help="retry every dead message")
    retry.add_argument("--workspace", help="only this workspace (a team id such as T012AB3CD)")
    retry.set_defaults(handler=_retry)


def _add_list_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # A subcommand's defaults would overwrite what the parent parsed: leave them out.
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--status",
        choices=[status.value for status in OutboxStatus],
        default=default,
        help="only messages in this state",
    )
    parser.add_argument(
        "--limit",
        type=_positive,
        default=argparse.SUPPRESS if suppress else DEFAULT_LIMIT,
        help=f"at most this many (default {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--workspace", default=default, help="only this workspace (a team id such as T012AB3CD)"
    )


def _row_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"an outbox id is a whole number such as 12, got {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _engine() -> Engine:
    engine = make_engine(load_settings().DATABASE_URL)
    require_current_schema(engine)
    return engine


def _list(arguments: argparse.Namespace) -> int:
    statuses = [OutboxStatus(arguments.status)] if arguments.status else None
    with Session(_engine()) as session:
        rows = outbox.list_rows(
            session=session,
            workspace_id=arguments.workspace,
            statuses=statuses,
            limit=arguments.limit,
        )
        counts = outbox.count_by_status(session=session, workspace_id=arguments.workspace)
    if rows:
        print(format_table(rows))
    else:
        print("no messages" + (f" with status {arguments.status}" if arguments.status else ""))
    print(" · ".join(f"{status.value} {count}" for status, count in counts.items()))
    return 0


def _retry(arguments: argparse.Namespace) -> int:
    if bool(arguments.ids) == arguments.all_dead:
        print(
            "pillar: name the dead messages to retry (pillar outbox retry 12 15) "
            "or use --all-dead, not both",
            file=sys.stderr,
        )
        return 2
    with session_scope(_engine()) as session:
        requeued = outbox.retry_dead(
            session=session,
            now=datetime.now(UTC),
            ids=arguments.ids or None,
            workspace_id=arguments.workspace,
        )
    if requeued:
        print(f"requeued {len(requeued)}: {', '.join(str(row_id) for row_id in requeued)}")
    else:
        print("nothing to retry")
    missing = sorted(set(arguments.ids) - set(requeued))
    if missing:
        named = ", ".join(str(row_id) for row_id in missing)
        print(
            f"pillar: not dead (or no such message): {named}; "
            "see `pillar outbox list --status dead`",
            file=sys.stderr,
        )
        return 1
    return 0


def format_table(rows: list[Outbox]) -> str:
    """The rows as aligned columns, one line each; long errors shortened."""
    lines = [COLUMNS] + [_cells(row) for row in rows]
    widths = [max(len(line[index]) for line in lines) for index in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _cells(row: Outbox) -> tuple[str, ...]:
    error = row.last_error or ""
    if len(error) > ERROR_WIDTH:
        error = error[: ERROR_WIDTH - 1] + "…"
    return (
        str(row.id),
        row.kind,
        row.channel,
        row.status.value,
        str(row.attempts),
        error or "-",
        row.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ"),
    )
