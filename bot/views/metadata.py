"""What a modal remembers between opening and submission (its ``private_metadata``)."""

import json
from dataclasses import dataclass

PRIVATE_METADATA_LIMIT = 3000
_SLACK_ID_LIMIT = 64


@dataclass(frozen=True, slots=True)
class ModalContext:
    """Where a modal was opened from: the task, and the channel/message to answer in."""

    task_id: int | None = None
    channel_id: str | None = None
    message_ts: str | None = None

    def to_metadata(self) -> str:
        """Compact JSON, well under Slack's 3000-character limit."""
        fields: dict[str, str | int] = {}
        if self.task_id is not None:
            fields["task"] = self.task_id
        if self.channel_id:
            fields["channel"] = self.channel_id[:_SLACK_ID_LIMIT]
        if self.message_ts:
            fields["ts"] = self.message_ts[:_SLACK_ID_LIMIT]
        return json.dumps(fields, separators=(",", ":"))


def read_modal_context(private_metadata: str | None) -> ModalContext:
    """The context a modal was opened with; an empty context for anything unreadable."""
    if not private_metadata or len(private_metadata) > PRIVATE_METADATA_LIMIT:
        return ModalContext()
    try:
        fields = json.loads(private_metadata)
    except ValueError:
        return ModalContext()
    if not isinstance(fields, dict):
        return ModalContext()
    task_id = fields.get("task")
    channel_id = fields.get("channel")
    message_ts = fields.get("ts")
    return ModalContext(
        task_id=task_id if isinstance(task_id, int) and not isinstance(task_id, bool) else None,
        channel_id=channel_id if isinstance(channel_id, str) else None,
        message_ts=message_ts if isinstance(message_ts, str) else None,
    )
