"""A digest, assembled: what a team (or the whole plan) needs to see about one period.

Frozen values only, so it can be rendered for Slack, charted, or compared in tests. A
long list is kept as its first entries and its length (:class:`Listing`): a digest
names a few tasks and counts the rest.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from storage.enums import ReviewKind, Status
from storage.reports import Listing


@dataclass(frozen=True, slots=True)
class Who:
    """Someone to name: by Slack id when known, else by name."""

    name: str
    slack_id: str | None = None


@dataclass(frozen=True, slots=True)
class TaskItem:
    """A task as one line: its owner and latest reported progress."""

    ref: str
    title: str
    owner: Who | None = None
    status: Status | None = None
    percent: int | None = None
    note: str = ""
    updated_at: datetime | None = None
    due_on: date | None = None
    metric_value: float | None = None
    metric_target: float | None = None
    metric_unit: str | None = None


@dataclass(frozen=True, slots=True)
class StatusCount:
    """Tasks whose last update this period had ``status``, and the same last period."""

    status: Status
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True, slots=True)
class Unreported:
    """An owner with open tasks and no update on any of them this period."""

    person: Who
    task_refs: tuple[str, ...]
    """Their first open tasks, soonest due first: ``task_count`` in all."""
    task_count: int
    asked_at: datetime | None = None
    nudges_sent: int = 0


@dataclass(frozen=True, slots=True)
class Completion:
    task: TaskItem
    completed_on: date


@dataclass(frozen=True, slots=True)
class Review:
    title: str
    held_on: date
    days_away: int
    kind: ReviewKind = ReviewKind.MONTHLY


@dataclass(frozen=True, slots=True)
class Participation:
    """Of the owners expected to report in ``period``, how many did."""

    period: str
    expected: int
    reported: int

    @property
    def rate(self) -> float | None:
        return None if self.expected == 0 else self.reported / self.expected


@dataclass(frozen=True, slots=True)
class BudgetLine:
    goal_ref: str
    title: str
    allocated: Decimal | None
    spent: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.allocated is None else self.allocated - self.spent

    @property
    def used_share(self) -> float | None:
        if not self.allocated:
            return None
        return float(self.spent / self.allocated)


class StaleReason(StrEnum):
    UNCHANGED = "unchanged"
    """Reported on track, but the percent (or metric) has not moved for two periods."""
    BEHIND = "behind"
    """Reported on track, but progress trails the share of time gone."""


@dataclass(frozen=True, slots=True)
class StaleSign:
    """Why a task reported on track may not be."""

    reason: StaleReason
    since_period: str | None = None
    """UNCHANGED: the period since which progress has not moved."""
    elapsed_percent: int | None = None
    """BEHIND: the share of time gone to the due date."""
    progress_percent: int | None = None
    """BEHIND: the share of work done."""


@dataclass(frozen=True, slots=True)
class StaleFlag:
    task: TaskItem
    sign: StaleSign


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    """Status counts of one period: one point of the chart."""

    period: str
    counts: Mapping[Status, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Digest:
    scope_name: str
    plan_name: str
    period: str
    previous_period: str
    today: date
    open_tasks: Listing[TaskItem] = field(default_factory=Listing)
    counts: tuple[StatusCount, ...] = ()
    without_update: int = 0
    attention: Listing[TaskItem] = field(default_factory=Listing)
    unreported: Listing[Unreported] = field(default_factory=Listing)
    overdue: Listing[TaskItem] = field(default_factory=Listing)
    due_soon: Listing[TaskItem] = field(default_factory=Listing)
    reviews: tuple[Review, ...] = ()
    completed: Listing[Completion] = field(default_factory=Listing)
    participation: tuple[Participation, ...] = ()
    budgets: tuple[BudgetLine, ...] = ()
    stale: Listing[StaleFlag] = field(default_factory=Listing)
    series: tuple[PeriodStatus, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing open and nothing finished: a plan still to be filled in."""
        return not self.open_tasks.total and not self.completed.total

    @property
    def current_participation(self) -> Participation | None:
        return self.participation[-1] if self.participation else None

    @property
    def previous_participation(self) -> Participation | None:
        return self.participation[-2] if len(self.participation) > 1 else None
