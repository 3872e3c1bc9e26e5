"""Sending the outbox to Slack: rate limits, retries, dead letters, no double posts."""

from collections.abc import Callable

from slack_sdk import WebClient

from bot.delivery.config import ClientFactory, Clock, DeliveryConfig, Rate
from bot.delivery.deliverer import Deliverer, DeliveryReport, Outcome
from bot.delivery.metrics import OutboxCollector
from bot.delivery.slack import EVENT_TYPE, check_delivery_client, delivery_client
from bot.delivery.workers import DeliveryWorkers


def single_workspace(client: WebClient) -> ClientFactory:
    """The client factory of a deployment serving one workspace: the same client always."""
    check_delivery_client(client)

    def _client(_workspace_id: str) -> WebClient:
        return client

    return _client


def per_workspace(*, tokens: Callable[[str], str], base_url: str) -> ClientFactory:
    """The client factory of a deployment installed in several workspaces: a client with
    ``tokens(workspace_id)``, asked again each round (tokens rotate; an uninstall removes
    them). ``tokens`` raises LookupError for a workspace the app is not installed in."""

    def _client(workspace_id: str) -> WebClient:
        return delivery_client(token=tokens(workspace_id), base_url=base_url)

    return _client


__all__ = [
    "EVENT_TYPE",
    "ClientFactory",
    "Clock",
    "Deliverer",
    "DeliveryConfig",
    "DeliveryReport",
    "DeliveryWorkers",
    "OutboxCollector",
    "Outcome",
    "Rate",
    "delivery_client",
    "per_workspace",
    "single_workspace",
]
