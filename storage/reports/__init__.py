"""Reports: the facts behind digests, status summaries and plan lint, in a fixed number
of statements however large the plan."""

from storage.periods import (
    check_period,
    period_bounds,
    period_of,
    period_start,
    recent_periods,
    shift_period,
)
from storage.reports.facts import (
    CheckInFact,
    GoalFact,
    Listing,
    OwnerFact,
    ProgressPoint,
    ReportFacts,
    ReviewFact,
    TaskFact,
    UpdateFact,
    task_ref,
)
from storage.reports.fetch import (
    HISTORY_PERIODS,
    LOOKAHEAD_DAYS,
    TREND_PERIODS,
    fetch_report_facts,
)
from storage.reports.scope import ReportScope

__all__ = [
    "HISTORY_PERIODS",
    "LOOKAHEAD_DAYS",
    "TREND_PERIODS",
    "CheckInFact",
    "GoalFact",
    "Listing",
    "OwnerFact",
    "ProgressPoint",
    "ReportFacts",
    "ReportScope",
    "ReviewFact",
    "TaskFact",
    "UpdateFact",
    "check_period",
    "fetch_report_facts",
    "period_bounds",
    "period_of",
    "period_start",
    "recent_periods",
    "shift_period",
    "task_ref",
]
