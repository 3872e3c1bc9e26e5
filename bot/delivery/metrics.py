"""Prometheus counters for delivery, served on ``/metrics``."""

from prometheus_client import Counter

DELIVERIES = Counter(
    "pillar_outbox_deliveries",
    "Outbox rows handled by deliverers, by outcome.",
    ["outcome"],
)
RATE_LIMITED = Counter(
    "pillar_slack_rate_limited",
    "HTTP 429 answers from Slack, by Web API method.",
    ["method"],
)
