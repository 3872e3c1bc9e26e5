"""`pillar db upgrade` and `pillar db current`."""

import argparse
from typing import Any

from bot.settings import load_settings
from storage.db import make_engine
from storage.schema import current_revision, head_revision, upgrade


def register(commands: "argparse._SubParsersAction[Any]") -> None:
    db = commands.add_parser("db", help="database schema: upgrade, current")
    actions = db.add_subparsers(title="actions", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="apply every pending migration").set_defaults(
        handler=_upgrade
    )
    actions.add_parser("current", help="show the schema revision").set_defaults(handler=_current)


def _upgrade(_arguments: argparse.Namespace) -> int:
    engine = make_engine(load_settings().DATABASE_URL)
    upgrade(engine)
    print(f"database is at revision {current_revision(engine)}")
    return 0


def _current(_arguments: argparse.Namespace) -> int:
    engine = make_engine(load_settings().DATABASE_URL)
    current, head = current_revision(engine), head_revision()
    state = "up to date" if current == head else f"behind {head}: run `pillar db upgrade`"
    print(f"{current or 'empty'} ({state})")
    return 0
