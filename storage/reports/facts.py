"""What the report queries return: small frozen rows, free of sessions and SQL."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from storage.enums import Acceptance, ReviewKind, Status, TaskState
from storage.reports.scope import ReportScope

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Listing(Generic[T]):
    """The first entries of a list, in its order, and how many entries it has in all."""

    first: tuple[T, ...] = ()
    total: int = 0

    def __post_init__(self) -> None:
        if self.total < len(self.first):
            raise ValueError(f"a list of {self.total} cannot start with {len(self.first)}")

    @classmethod
    def of(cls, entries: Sequence[T], *, keep: int | None = None) -> "Listing[T]":
        """The first ``keep`` of ``entries`` (all of them by default)."""
        return cls(first=tuple(entries[:keep]), total=len(entries))


def task_ref(number: int) -> str:
    """How people name a task: T-n."""
    return f"T-{number}"


@dataclass(frozen=True, slots=True)
class OwnerFact:
    id: int
    name: str
    slack_id: str | None = None
    deactivated: bool = False
    away_until: date | None = None


@dataclass(frozen=True, slots=True)
class UpdateFact:
    """A task's most recent progress update."""

    status: Status
    at: datetime
    period: str
    percent: int | None = None
    metric_value: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class TaskFact:
    id: int
    number: int
    title: str
    goal_id: int
    created_at: datetime
    owner: OwnerFact | None = None
    team_id: int | None = None
    state: TaskState = TaskState.OPEN
    acceptance: Acceptance = Acceptance.ACCEPTED
    start_on: date | None = None
    due_on: date | None = None
    closed_at: datetime | None = None
    metric_name: str | None = None
    metric_target: float | None = None
    metric_unit: str | None = None
    budget: Decimal | None = None
    latest: UpdateFact | None = None
    pending_since: datetime | None = None
    """When the current owner was given the task, while they have not accepted it."""

    @property
    def ref(self) -> str:
        return task_ref(self.number)

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN

    @property
    def has_metric(self) -> bool:
        return self.metric_target is not None or self.metric_name is not None


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    """The last update of one task in one period."""

    task_id: int
    period: str
    status: Status
    percent: int | None = None
    metric_value: float | None = None


@dataclass(frozen=True, slots=True)
class CheckInFact:
    person_id: int
    period: str
    asked_at: datetime | None = None
    answered_at: datetime | None = None
    nudges_sent: int = 0


@dataclass(frozen=True, slots=True)
class ReviewFact:
    title: str
    held_on: date
    kind: ReviewKind = ReviewKind.MONTHLY
    channel_id: str | None = None


@dataclass(frozen=True, slots=True)
class GoalFact:
    """A goal, its budget and what its tasks (in scope) have spent so far."""

    id: int
    number: int
    title: str
    parent_id: int | None = None
    owner: OwnerFact | None = None
    team_id: int | None = None
    budget: Decimal | None = None
    spent: Decimal = Decimal(0)
    task_budgets: Decimal | None = None
    """The sum of the budgets of its tasks in scope, when any has one."""
    metric_name: str | None = None
    metric_target: float | None = None
    metric_unit: str | None = None

    @property
    def ref(self) -> str:
        return f"G-{self.number}"

    @property
    def allocated(self) -> Decimal | None:
        """The goal's own budget, else what its tasks were given."""
        return self.budget if self.budget is not None else self.task_budgets


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """Everything a digest, a status summary or a lint needs about one scope and period.

    ``tasks`` holds the open tasks and those closed since the first of ``periods``.
    ``status_counts`` counts, for each period, the status of each task's last update in
    that period; ``reporting`` names the owners with at least one update in it.
    ``history`` keeps each task's last update in the last three periods.
    """

    scope: ReportScope
    plan_name: str
    period: str
    periods: tuple[str, ...]
    today: date
    tasks: tuple[TaskFact, ...] = ()
    status_counts: Mapping[str, Mapping[Status, int]] = field(default_factory=dict)
    reporting: Mapping[str, frozenset[int]] = field(default_factory=dict)
    history: tuple[ProgressPoint, ...] = ()
    check_ins: tuple[CheckInFact, ...] = ()
    reviews: tuple[ReviewFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()

    @property
    def open_tasks(self) -> tuple[TaskFact, ...]:
        return tuple(task for task in self.tasks if task.is_open)
