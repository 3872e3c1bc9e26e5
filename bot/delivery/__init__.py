"""Sending the outbox to Slack: rate limits, retries, dead letters, no double posts."""

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
    "single_workspace",
]
