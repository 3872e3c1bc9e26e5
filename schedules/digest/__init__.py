"""The periodic digest: assembled from a report's facts, pure and clock-free."""

from schedules.digest.assemble import assemble_digest
from schedules.digest.model import (
    BudgetLine,
    Completion,
    Digest,
    Participation,
    PeriodStatus,
    Review,
    StaleFlag,
    StaleReason,
    StaleSign,
    StatusCount,
    TaskItem,
    Unreported,
    Who,
)

__all__ = [
    "BudgetLine",
    "Completion",
    "Digest",
    "Participation",
    "PeriodStatus",
    "Review",
    "StaleFlag",
    "StaleReason",
    "StaleSign",
    "StatusCount",
    "TaskItem",
    "Unreported",
    "Who",
    "assemble_digest",
]
