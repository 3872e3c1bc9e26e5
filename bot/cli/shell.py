"""`pillar shell [--demo] [--database URL]`: the whole bot in this terminal."""

import argparse
import sys
from typing import Any

from bot.shell import DEFAULT_DATABASE, DEFAULT_LOG


def register(commands: "argparse._SubParsersAction[Any]") -> None:
    parser = commands.add_parser(
        "shell",
        help="try the bot in this terminal, no Slack account needed",
        description=(
            "Run the whole bot against a local stand-in for Slack and talk to it as anyone: "
            "type /pillar commands, press buttons, fill in forms, move the clock."
        ),
    )
    parser.add_argument(
        "--demo", action="store_true", help="start with a sample plan, teams and people"
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        default=DEFAULT_DATABASE,
        help=f"SQLAlchemy URL of the shell's own database (default {DEFAULT_DATABASE})",
    )
    parser.add_argument(
        "--log",
        metavar="FILE",
        default=DEFAULT_LOG,
        help=f"where the bot's log goes (default {DEFAULT_LOG})",
    )
    parser.set_defaults(handler=_shell)


def _shell(arguments: argparse.Namespace) -> int:
    # Loaded here, so that other subcommands do not pay for the whole bot.
    from bot.shell.repl import run_shell

    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")  # a terminal without UTF-8 still shows the rest
    return run_shell(database_url=arguments.database, demo=arguments.demo, log_path=arguments.log)
