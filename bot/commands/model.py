"""What a `/pillar` command means, as typed values: one frozen dataclass per command.

References (`TaskRef`, `UserRef`, ...) are what the person wrote, not rows: resolving a
name or checking that ``T-12`` exists is the handler's job, because it needs the database.
"""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import TypeAlias

from storage.enums import ReviewKind, Status

# -- references ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRef:
    """A task by its number: ``T-12``, ``t12`` and ``12`` are all ``TaskRef(12)``."""

    number: int

    def __str__(self) -> str:
        return f"T-{self.number}"


@dataclass(frozen=True)
class GoalRef:
    """A goal by its number: ``G-3`` and ``g3`` are ``GoalRef(3)``."""

    number: int

    def __str__(self) -> str:
        return f"G-{self.number}"


@dataclass(frozen=True)
class UserRef:
    """A person: an escaped mention gives ``slack_id`` (and maybe ``name``); ``@bob`` gives
    only ``name``, to be resolved against the workspace's people."""

    slack_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class ChannelRef:
    """A channel: an escaped mention gives ``slack_id`` (and maybe ``name``); ``#growth``
    gives only ``name``, which may be a channel name or a team name."""

    slack_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class PlanRef:
    """A plan by name; ``name=None`` means the active plan."""

    name: str | None = None


StatusScope: TypeAlias = ChannelRef | UserRef | PlanRef | TaskRef | GoalRef


@dataclass(frozen=True)
class CadenceDay:
    """Which day of the month check-ins start: the n-th business day, or a calendar day."""

    number: int
    business: bool


FIRST_BUSINESS_DAY = CadenceDay(number=1, business=True)

# -- everyone -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Help:
    """Show usage; ``topic`` is a command name such as ``"update"`` or ``"dates"``."""

    topic: str | None = None


@dataclass(frozen=True)
class Mine:
    """My open tasks, their latest status and my next check-in."""


@dataclass(frozen=True)
class OpenUpdateForm:
    """Open the progress form (modal), for one task or for all of mine."""

    ref: TaskRef | None = None


@dataclass(frozen=True)
class UpdateTask:
    """Report progress: a status, optionally percent complete, metric value, spend and note."""

    ref: TaskRef
    status: Status
    percent: int | None = None
    value: Decimal | None = None
    spent: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class MarkDone:
    ref: TaskRef
    note: str = ""


@dataclass(frozen=True)
class RaiseBlocker:
    """The owner's manager is told."""

    ref: TaskRef
    reason: str


@dataclass(frozen=True)
class SetAway:
    """No prompts or nudges until ``until`` (inclusive); ``None`` means back now."""

    until: date | None


@dataclass(frozen=True)
class ShowStatus:
    """A summary only the asker sees; ``scope=None`` lets the handler pick (e.g. my teams)."""

    scope: StatusScope | None = None


@dataclass(frozen=True)
class AcceptTask:
    ref: TaskRef


@dataclass(frozen=True)
class DeclineTask:
    """The reason goes back to whoever assigned the task."""

    ref: TaskRef
    reason: str


# -- managers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PostDigest:
    """Post a digest now; ``channel=None`` means the channel the command came from;
    ``force`` posts it again when this month's was already posted there."""

    channel: ChannelRef | None = None
    force: bool = False


@dataclass(frozen=True)
class AddTask:
    title: str
    owner: UserRef
    due: date
    goal: GoalRef | None = None
    team: ChannelRef | None = None
    start: date | None = None
    target: Decimal | None = None
    unit: str | None = None
    budget: Decimal | None = None
    how: str = ""


@dataclass(frozen=True)
class AssignTask:
    ref: TaskRef
    owner: UserRef


@dataclass(frozen=True)
class SetDueDate:
    ref: TaskRef
    due: date


@dataclass(frozen=True)
class DropTask:
    ref: TaskRef
    reason: str = ""


@dataclass(frozen=True)
class AddGoal:
    title: str
    parent: GoalRef | None = None
    owner: UserRef | None = None
    team: ChannelRef | None = None
    budget: Decimal | None = None
    metric: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True)
class AddReview:
    """``remind_days=None`` means the workspace default offsets."""

    held_on: date
    title: str
    kind: ReviewKind | None = None
    channel: ChannelRef | None = None
    remind_days: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ListReviews:
    pass


@dataclass(frozen=True)
class PostPlan:
    """Present the plan in a channel; ``channel=None`` means where the command came from."""

    channel: ChannelRef | None = None


@dataclass(frozen=True)
class Lint:
    """Plan health: unowned, undated, unmeasured tasks, overloaded owners, stale tasks."""


@dataclass(frozen=True)
class SetLintRules:
    """Change plan health's threshold: how many open tasks an owner may hold (admins)."""

    max_open_tasks: int


# -- admins -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddTeam:
    """``name=None`` means name the team after its channel."""

    channel: ChannelRef
    managers: tuple[UserRef, ...]
    name: str | None = None


@dataclass(frozen=True)
class ListTeams:
    pass


@dataclass(frozen=True)
class AddPlan:
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class ListPlans:
    pass


@dataclass(frozen=True)
class ActivatePlan:
    name: str


@dataclass(frozen=True)
class ShowCadence:
    """The check-in cadence of the workspace, or of one team when ``team`` is given."""

    team: ChannelRef | None = None


@dataclass(frozen=True)
class SetCadence:
    """Change only the parts given (``None`` = leave as is). Days count business days:
    ``window_days`` from the prompt to escalation, ``nudge_days`` from the prompt to each
    nudge (ascending; an empty tuple means no nudges). ``at`` is owner-local time."""

    team: ChannelRef | None = None
    day: CadenceDay | None = None
    at: time | None = None
    window_days: int | None = None
    nudge_days: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ResetCadence:
    """Back to the workspace's cadence (for a team) or to the defaults (for the workspace)."""

    team: ChannelRef | None = None


Command: TypeAlias = (
    Help
    | Mine
    | OpenUpdateForm
    | UpdateTask
    | MarkDone
    | RaiseBlocker
    | SetAway
    | ShowStatus
    | AcceptTask
    | DeclineTask
    | PostDigest
    | AddTask
    | AssignTask
    | SetDueDate
    | DropTask
    | AddGoal
    | AddReview
    | ListReviews
    | PostPlan
    | Lint
    | SetLintRules
    | AddTeam
    | ListTeams
    | AddPlan
    | ListPlans
    | ActivatePlan
    | ShowCadence
    | SetCadence
    | ResetCadence
)


@dataclass(frozen=True)
class UsageError:
    """Input that is not a command: what was wrong, and the right form with an example.

    ``message`` is ready to show (Slack mrkdwn); ``topic`` names the command it is about.
    """

    problem: str
    usage: str = ""
    topic: str | None = None

    @property
    def message(self) -> str:
        return f"{self.problem}\n{self.usage}" if self.usage else self.problem
