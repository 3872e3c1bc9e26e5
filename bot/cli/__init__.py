"""The `pillar` command line. Each subcommand lives in its own module with a ``register``."""

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.cli import db, manifest, outbox, run, shell, transfer
from bot.settings import ConfigError
from storage.errors import DomainError
from storage.schema import SchemaOutOfDate

Handler = Callable[[argparse.Namespace], int]
SUBCOMMANDS = (run, db, transfer, outbox, manifest, shell)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pillar",
        description="Pillar keeps a strategic plan's goals and tasks moving, from Slack.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for module in SUBCOMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    handler: Handler = arguments.handler
    try:
        return handler(arguments)
    except (ConfigError, SchemaOutOfDate, DomainError) as error:
        print(f"pillar: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
