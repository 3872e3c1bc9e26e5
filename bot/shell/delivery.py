"""Deliver the outbox as soon as something is owed, so DMs and channel posts show at once.

Messages to people other than the one acting (a blocker alert to a manager, a new
task to its owner) go through the outbox. The shell runs a deliverer after every action,
against the stand-in, with limits loose enough that nothing waits on the frozen clock.
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from types import MappingProxyType

from bot.delivery import Deliverer, DeliveryConfig, Rate, delivery_client, single_workspace
from bot.delivery.config import HISTORY, OPEN_CONVERSATION, POST_MESSAGE
from bot.local import LocalBot

log = logging.getLogger(__name__)
MOST_ROUNDS = 10
_UNLIMITED = Rate(per_second=1000.0, burst=1000)
SHELL_DELIVERY = DeliveryConfig(
    rates=MappingProxyType(
        {POST_MESSAGE: _UNLIMITED, HISTORY: _UNLIMITED, OPEN_CONVERSATION: _UNLIMITED}
    ),
    channel_interval=timedelta(0),
)


def outbox_pump(bot: LocalBot) -> Callable[[], None]:
    """A function that delivers whatever is due now; it never raises (it logs)."""
    client = delivery_client(token=bot.slack.token, base_url=bot.slack.api_url)
    deliverer = Deliverer(
        engine=bot.runtime.services.engine,
        clients=single_workspace(client),
        clock=bot.clock,
        config=SHELL_DELIVERY,
    )

    def pump() -> None:
        try:
            for _ in range(MOST_ROUNDS):
                if not deliverer.run_once().claimed:
                    return
        except Exception:
            log.exception("delivering the outbox failed")

    return pump
