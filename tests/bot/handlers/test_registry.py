from typing import get_args

from bot.commands import Command
from bot.handlers.registry import HANDLERS


def test_every_command_has_a_handler() -> None:
    missing = {kind.__name__ for kind in get_args(Command)} - {k.__name__ for k in HANDLERS}
    assert missing == set()
