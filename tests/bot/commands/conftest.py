from collections.abc import Callable
from datetime import date

import pytest

from bot.commands import Command, UsageError, parse

TODAY = date(2026, 11, 20)  # a Friday


@pytest.fixture
def command() -> Callable[[str], Command]:
    """Parse text that must be a command."""

    def parse_command(text: str) -> Command:
        result = parse(text, today=TODAY)
        assert not isinstance(result, UsageError), result.message
        return result

    return parse_command


@pytest.fixture
def error() -> Callable[[str], UsageError]:
    """Parse text that must be refused; the message is checked for its usage part."""

    def parse_error(text: str) -> UsageError:
        result = parse(text, today=TODAY)
        assert isinstance(result, UsageError), result
        assert result.problem
        return result

    return parse_error
