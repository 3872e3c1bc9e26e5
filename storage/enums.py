"""The closed vocabularies of the domain, stored as short strings."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    MEMBER = "member"


class PlanState(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Acceptance(StrEnum):
    """Whether a task's owner has said yes to it."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Status(StrEnum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    BLOCKED = "blocked"
    DONE = "done"


class Source(StrEnum):
    COMMAND = "command"
    MODAL = "modal"
    BUTTON = "button"
    SHELL = "shell"
    IMPORT = "import"


class ReviewKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"
