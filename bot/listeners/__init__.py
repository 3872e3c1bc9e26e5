"""Bolt listeners: thin, ack first, the work is in ``bot.handlers``."""

from slack_bolt import App

from bot.app.services import Services
from bot.listeners import command, context, dedupe, forms, home, installs, interactions, people


def register_listeners(app: App, *, services: Services) -> None:
    context.register(app)
    dedupe.register(app, services=services)
    command.register(app, services=services)
    interactions.register(app, services=services)
    forms.register(app, services=services)
    home.register(app, services=services)
    people.register(app, services=services)
    installs.register(app, services=services)
