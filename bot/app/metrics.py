"""Prometheus metrics of the Slack side: commands handled and how long they took."""

from prometheus_client import Counter, Histogram

from bot.commands import COMMAND_WORDS

COMMANDS = Counter(
    "pillar_commands_total",
    "Slash commands handled, by subcommand and outcome.",
    ["command", "outcome"],
)
COMMAND_SECONDS = Histogram(
    "pillar_command_seconds",
    "Time from receiving a slash command to its answer, by subcommand.",
    ["command"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)

# Label values are bounded to the known words to keep the label cardinality low.
KNOWN = frozenset(COMMAND_WORDS)


def command_name(text: str) -> str:
    """The subcommand word, for a label; anything unknown is "other"."""
    word = text.strip().split(" ", 1)[0].lower() if text.strip() else "help"
    return word if word in KNOWN else "other"
