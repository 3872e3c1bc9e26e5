import inspect

import pytest
from sqlalchemy.engine import Engine

from bot.app.factory import APP_NAME, build_app
from bot.app.services import Services
from bot.settings import Settings
from schedules.clock import ManualClock
from tests.conftest import NOW


def test_the_app_is_built_without_bolt_reading_the_call_stack(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bolt names an unnamed app after its caller's file through inspect.stack(), which
    costs `pillar run` a fifth of a second at start-up."""

    def no_stack(*_args: object) -> None:
        raise AssertionError("inspect.stack() was called")

    monkeypatch.setattr(inspect, "stack", no_stack)
    settings = Settings(SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="secret")
    app = build_app(services=Services(settings=settings, engine=engine, clock=ManualClock(NOW)))
    assert app.name == APP_NAME
