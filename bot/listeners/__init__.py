"""Bolt listeners: thin, ack first, the work is in ``bot.handlers``."""

from slack_bolt import App

from bot.app.handoff import Listen
from bot.app.services import Services
from bot.listeners import command, context, dedupe, forms, home, installs, interactions, people


def register_listeners(app: App, *, services: Services, listen: Listen) -> None:
    """The middleware on ``app``; the listeners through ``listen``, which runs them."""
    context.register(app)
    dedupe.register(app, services=services)
    command.register(listen, services=services)
    interactions.register(listen, services=services)
    forms.register(listen, services=services)
    home.register(listen, services=services)
    people.register(listen, services=services)
    installs.register(listen, services=services)
