"""Messages to people other than the one asking go through the outbox."""

from typing import Any

from bot.handlers.context import HandlerContext
from bot.views.message import Message
from storage.outbox import enqueue


def owe(
    context: HandlerContext,
    *,
    key: str,
    kind: str,
    channel: str,
    note: Message,
    chart: dict[str, Any] | None = None,
) -> bool:
    """Owe ``note`` to ``channel`` (a user or conversation id) once per ``key``; ``chart``
    is drawn and uploaded in its thread once it is posted."""
    rendered = note.to_dict()
    return enqueue(
        session=context.session,
        workspace_id=context.workspace_id,
        dedupe_key=f"{kind}:{context.workspace_id}:{key}",
        kind=kind,
        channel=channel,
        text=rendered["text"],
        blocks=rendered["blocks"],
        chart=chart,
        now=context.now,
    )
