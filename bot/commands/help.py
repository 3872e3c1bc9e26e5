"""Help text (Slack mrkdwn), generated from the table in `specs`."""

import difflib

from bot.commands.specs import (
    ALIASES,
    BY_KEY,
    DATES_HELP,
    REFERENCES_HELP,
    SPECS,
    TOPICS,
    Audience,
    Spec,
    specs_for,
)
from bot.commands.text import echo, fold, one_line

COMMAND = "/pillar"
EXTRA_TOPICS = {"dates": DATES_HELP, "date": DATES_HELP}


def usage_text(topic: str) -> str:
    """The usage lines and first example of a command, for showing with an error."""
    specs = specs_for(topic)
    lines = [f"Usage: `{COMMAND} {syntax}`" for spec in specs for syntax in spec.syntax]
    examples = [spec.examples[0] for spec in specs if spec.examples]
    if examples:
        lines.append("Example: " + ", ".join(f"`{COMMAND} {example}`" for example in examples))
    return "\n".join(lines)


def help_text(topic: str | None = None) -> str:
    """Overall help, or the help of one command (``"update"``, ``"plan add"``, ``"dates"``)."""
    if topic is None or not topic.strip():
        return _overview()
    key = resolve_topic(topic)
    if key is None:
        return _unknown_topic(topic)
    if key in EXTRA_TOPICS:
        return EXTRA_TOPICS[key]
    return "\n\n".join(_detail(spec) for spec in specs_for(key))


def resolve_topic(topic: str) -> str | None:
    """The help topic ``topic`` names (aliases and ``plan add`` included), or ``None``."""
    words = fold(one_line(topic)).split()
    if not words:
        return None
    first = ALIASES.get(words[0], words[0])
    if len(words) > 1 and f"{first} {words[1]}" in BY_KEY:
        return f"{first} {words[1]}"
    if first in TOPICS or first in EXTRA_TOPICS:
        return first
    return None


def suggest_topic(word: str) -> str | None:
    """The command ``word`` is probably a misspelling of, else ``None``."""
    names = [*TOPICS, *ALIASES]
    close = difflib.get_close_matches(fold(word)[:30], names, n=1, cutoff=0.7)
    return ALIASES.get(close[0], close[0]) if close else None


def _overview() -> str:
    lines = [f"*Pillar* keeps the plan moving. Type `{COMMAND}` and one of these:"]
    for audience in Audience:
        lines.append(f"\n*{audience.value}*")
        lines.extend(
            f"• {' or '.join(f'`{COMMAND} {syntax}`' for syntax in spec.syntax)} — {spec.summary}"
            for spec in SPECS
            if spec.audience is audience
        )
    lines.append("")
    lines.append(REFERENCES_HELP)
    lines.append(
        f"Details and examples: `{COMMAND} help update`; date forms: `{COMMAND} help dates`."
    )
    return "\n".join(lines)


def _detail(spec: Spec) -> str:
    lines = [f"*{COMMAND} {spec.key}* — {spec.summary}"]
    lines.extend(f"`{COMMAND} {syntax}`" for syntax in spec.syntax)
    if spec.details:
        lines.append(spec.details)
    lines.append("Examples: " + ", ".join(f"`{COMMAND} {example}`" for example in spec.examples))
    if spec.audience is not Audience.EVERYONE:
        lines.append(f"_For {spec.audience.value.lower()}._")
    return "\n".join(lines)


def _unknown_topic(topic: str) -> str:
    suggestion = suggest_topic(topic.split()[0]) if topic.split() else None
    hint = f" Did you mean `{COMMAND} help {suggestion}`?" if suggestion else ""
    return f"There is no help on {echo(topic)}.{hint}\n\n{_overview()}"
