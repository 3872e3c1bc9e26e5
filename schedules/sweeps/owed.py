"""What a sweep found owed: one typed item per message, with its dedupe key.

An item carries the ids and the timing facts its message needs; the bot reads the rest
(tasks, names) when it renders it. Keys are the outbox dedupe keys: an item is sent once
per key, however many sweeps find it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeAlias


@dataclass(frozen=True, kw_only=True)
class CheckInPrompt:
    """The monthly question to one owner, listing all their open tasks."""

    workspace_id: str
    person_id: int
    period: str
    today: date
    respond_by: date
    kind: str = "checkin"

    @property
    def dedupe_key(self) -> str:
        return f"checkin:{self.workspace_id}:{self.person_id}:{self.period}"


@dataclass(frozen=True, kw_only=True)
class CheckInNudge:
    """A reminder to an owner who was asked and has not answered; ``level`` 1, 2, …"""

    workspace_id: str
    person_id: int
    check_in_id: int
    period: str
    level: int
    today: date
    respond_by: date
    manager_id: int | None = None
    kind: str = "nudge"

    @property
    def dedupe_key(self) -> str:
        return f"nudge:{self.workspace_id}:{self.person_id}:{self.period}:{self.level}"


@dataclass(frozen=True, kw_only=True)
class SilentCheckIn:
    """An owner whose window closed without an answer."""

    person_id: int
    check_in_id: int
    asked_at: datetime | None
    nudges_sent: int


@dataclass(frozen=True, kw_only=True)
class Escalation:
    """To a manager: who of theirs has not reported this period.

    ``part`` is 0 for the period's message; a later one (an owner whose window closed after
    the manager was told) gets the first silent owner's id, so it has a key of its own.
    """

    workspace_id: str
    manager_id: int
    period: str
    today: date
    silent: tuple[SilentCheckIn, ...]
    part: int = 0
    kind: str = "escalation"

    @property
    def dedupe_key(self) -> str:
        base = f"escalation:{self.workspace_id}:{self.manager_id}:{self.period}"
        return base if not self.part else f"{base}:{self.part}"


@dataclass(frozen=True, kw_only=True)
class OverdueReminder:
    """The weekly note to an owner whose open tasks are past due (``week`` is ISO)."""

    workspace_id: str
    person_id: int
    week: str
    today: date
    kind: str = "overdue"

    @property
    def dedupe_key(self) -> str:
        return f"overdue:{self.workspace_id}:{self.person_id}:{self.week}"


@dataclass(frozen=True, kw_only=True)
class ReviewReminder:
    """A review comes in ``days`` days: said in the review's channel."""

    workspace_id: str
    review_id: int
    days: int
    channel_id: str
    today: date
    kind: str = "review"

    @property
    def dedupe_key(self) -> str:
        return f"review:{self.workspace_id}:{self.review_id}:{self.days}"


@dataclass(frozen=True, kw_only=True)
class ReviewUpdateRequest:
    """To an owner whose tasks have had no update since the previous review."""

    workspace_id: str
    review_id: int
    person_id: int
    task_ids: tuple[int, ...]
    today: date
    kind: str = "review-update"

    @property
    def dedupe_key(self) -> str:
        return f"review-update:{self.workspace_id}:{self.review_id}:{self.person_id}"


@dataclass(frozen=True, kw_only=True)
class DeactivatedOwner:
    """To one admin: someone who left still owns open tasks (once per person and admin)."""

    workspace_id: str
    person_id: int
    admin_slack_id: str
    today: date
    kind: str = "deactivated"

    @property
    def dedupe_key(self) -> str:
        return f"deactivated:{self.workspace_id}:{self.person_id}:{self.admin_slack_id}"


@dataclass(frozen=True, kw_only=True)
class TeamDigest:
    """A team's digest of ``period`` in its channel, once its check-in window has closed.

    The key is the one ``/pillar digest`` uses, so a digest posted by hand is not repeated.
    """

    workspace_id: str
    team_id: int
    plan_id: int
    channel_id: str
    period: str
    today: date
    kind: str = "digest"

    @property
    def dedupe_key(self) -> str:
        return f"digest:{self.workspace_id}:{self.channel_id}:{self.period}"


@dataclass(frozen=True, kw_only=True)
class PlanDigest:
    """The whole plan's digest of ``period`` in the workspace's leadership channel."""

    workspace_id: str
    plan_id: int
    channel_id: str
    period: str
    today: date
    kind: str = "digest"

    @property
    def dedupe_key(self) -> str:
        return f"digest:{self.workspace_id}:{self.channel_id}:{self.period}"


Owed: TypeAlias = (
    CheckInPrompt
    | CheckInNudge
    | Escalation
    | OverdueReminder
    | ReviewReminder
    | ReviewUpdateRequest
    | DeactivatedOwner
    | TeamDigest
    | PlanDigest
)
