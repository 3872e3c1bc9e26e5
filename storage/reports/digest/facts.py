"""What a digest needs about one scope and period: counts and the head of every list,
worked out in the database, so that it costs the same for ten tasks or ten thousand."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from storage.enums import Status
from storage.reports.facts import (
    CheckInFact,
    GoalFact,
    Listing,
    OwnerFact,
    ProgressPoint,
    ReviewFact,
    TaskFact,
)
from storage.reports.scope import ReportScope

LIST_HEAD = 15
"""How many tasks of each list the facts carry: a digest shows ten, a status summary
lists the open tasks when there are fifteen or fewer."""
OWNER_REFS = 6
"""How many of an owner's open tasks are named when they have not reported."""


@dataclass(frozen=True, slots=True)
class OwnerLoad:
    """Someone who owns tasks in scope."""

    owner: OwnerFact
    open_tasks: int = 0
    active_in: frozenset[str] = frozenset()
    """The periods in which they held a task open, at some time in the period."""
    open_refs: tuple[str, ...] = ()
    """Only for an owner who has not reported in the period (the digest names them): the
    refs of their first ``OWNER_REFS`` open tasks, soonest due first."""


@dataclass(frozen=True, slots=True)
class DigestFacts:
    """Everything a digest or a status summary needs about one scope and period.

    The tasks are those a report covers: open, or closed since the first of ``periods``;
    ``tasks`` counts them. Each list holds its first ``LIST_HEAD`` tasks and its length:
    ``open_tasks`` (soonest due first, undated last), ``attention`` (open and last
    reported blocked, off track or at risk, in that order), ``overdue``, ``due_soon``
    (due within ``LOOKAHEAD_DAYS``), ``completed`` (done in ``period``, in the order they
    were finished). ``green`` holds every open task last reported on track whose numbers
    may say otherwise (soonest due first), and ``history`` their last update in each of
    the last ``HISTORY_PERIODS`` periods. ``owners`` has the owners of the tasks; those
    with open tasks who have not reported in ``period`` come first, in the order of their
    soonest-due open task.
    ``status_counts`` counts, for each period, the status of each task's last update in
    it; ``reported`` names the owners who reported in each period (an update on a task of
    theirs, or a check-in they answered); ``check_ins`` are ``period``'s.
    """

    scope: ReportScope
    plan_name: str
    period: str
    periods: tuple[str, ...]
    today: date
    tasks: int = 0
    open_tasks: Listing[TaskFact] = field(default_factory=Listing)
    without_update: int = 0
    """Open tasks without an update in ``period``."""
    attention: Listing[TaskFact] = field(default_factory=Listing)
    overdue: Listing[TaskFact] = field(default_factory=Listing)
    due_soon: Listing[TaskFact] = field(default_factory=Listing)
    completed: Listing[TaskFact] = field(default_factory=Listing)
    green: tuple[TaskFact, ...] = ()
    history: tuple[ProgressPoint, ...] = ()
    owners: tuple[OwnerLoad, ...] = ()
    status_counts: Mapping[str, Mapping[Status, int]] = field(default_factory=dict)
    reported: Mapping[str, frozenset[int]] = field(default_factory=dict)
    check_ins: tuple[CheckInFact, ...] = ()
    reviews: tuple[ReviewFact, ...] = ()
    goals: tuple[GoalFact, ...] = ()
