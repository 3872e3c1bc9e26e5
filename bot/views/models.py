"""View models: the small, frozen inputs of the renderers.

Handlers map database rows to these; the renderers never see a session or a Slack client.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from storage.enums import ReviewKind, Status, TaskState


@dataclass(frozen=True, slots=True)
class PersonRef:
    """Someone to mention: by Slack id when known, else by name (imported owners)."""

    name: str
    slack_id: str | None = None


@dataclass(frozen=True, slots=True)
class TaskLine:
    """A task as one line of a list, with its latest reported progress."""

    id: int
    ref: str
    title: str
    owner_name: str | None = None
    owner_slack_id: str | None = None
    due_on: date | None = None
    state: TaskState = TaskState.OPEN
    status: Status | None = None
    percent: int | None = None
    note: str | None = None
    updated_at: datetime | None = None
    metric_name: str | None = None
    metric_target: float | None = None
    metric_unit: str | None = None
    metric_value: float | None = None
    budget: Decimal | None = None

    @property
    def has_metric(self) -> bool:
        return self.metric_target is not None or self.metric_name is not None

    @property
    def owner(self) -> PersonRef | None:
        if self.owner_name is None and self.owner_slack_id is None:
            return None
        return PersonRef(name=self.owner_name or "", slack_id=self.owner_slack_id)


@dataclass(frozen=True, slots=True)
class UpdateLine:
    """One past progress update, for a task's history."""

    status: Status
    at: datetime
    author: PersonRef | None = None
    percent: int | None = None
    metric_value: float | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SilentOwner:
    """An owner who has not answered this period's check-in, and on which tasks."""

    person: PersonRef
    tasks: tuple[TaskLine, ...]
    asked_on: date | None = None
    nudges_sent: int = 0


@dataclass(frozen=True, slots=True)
class ReviewView:
    title: str
    held_on: date
    kind: ReviewKind = ReviewKind.MONTHLY
    plan_name: str | None = None


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """How many open tasks stand at each status; ``no_update`` counts those never reported."""

    by_status: Mapping[Status, int] = field(default_factory=dict)
    no_update: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values()) + self.no_update


@dataclass(frozen=True, slots=True)
class TeamOverview:
    """A manager's view of one team for the current period."""

    name: str
    counts: StatusCounts
    not_reported: tuple[PersonRef, ...] = ()
    channel_id: str | None = None


@dataclass(frozen=True, slots=True)
class PlanHealth:
    """An admin's view of the active plan and of message delivery."""

    plan_name: str
    tasks_by_state: Mapping[TaskState, int] = field(default_factory=dict)
    open_by_status: StatusCounts = field(default_factory=StatusCounts)
    unowned_tasks: int = 0
    undated_tasks: int = 0
    outbox_pending: int = 0
    outbox_dead: int = 0


@dataclass(frozen=True, slots=True)
class UpdateSubmission:
    """What a person submitted in the update form, already checked."""

    task_id: int
    status: Status
    percent: int | None = None
    metric_value: float | None = None
    spent: Decimal | None = None
    note: str = ""
    blocker_reason: str | None = None
