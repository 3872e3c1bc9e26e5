"""`pillar run`: serve Slack's requests (HTTP or Socket Mode) and the health check."""

import argparse
from typing import Any

from bot.settings import load_settings


def register(commands: "argparse._SubParsersAction[Any]") -> None:
    parser = commands.add_parser(
        "run", help="run the bot (HTTP on $PORT, or Socket Mode with $SLACK_APP_TOKEN)"
    )
    parser.set_defaults(handler=_run)


def _run(_arguments: argparse.Namespace) -> int:
    # Imported here so that the other subcommands start without loading the whole app.
    from bot.runtime import run

    run(load_settings())
    return 0
