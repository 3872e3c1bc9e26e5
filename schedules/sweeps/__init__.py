"""The sweeps: idempotent answers to "what is owed now?" from database facts and a clock.

Pure decisions live in :mod:`schedules.sweeps.decide`, the queries in
:mod:`schedules.sweeps.facts`, the assembly in :mod:`schedules.sweeps.finder` and the state
changes that make one replica (and one transaction) the sender in
:mod:`schedules.sweeps.claims`. Rendering and enqueueing the messages is the bot's job.
"""

from schedules.sweeps.claims import claim
from schedules.sweeps.finder import SweepOptions, find_owed
from schedules.sweeps.owed import (
    CheckInNudge,
    CheckInPrompt,
    DeactivatedOwner,
    Escalation,
    OverdueReminder,
    Owed,
    PlanDigest,
    ReviewReminder,
    ReviewUpdateRequest,
    SilentCheckIn,
    TeamDigest,
)

__all__ = [
    "CheckInNudge",
    "CheckInPrompt",
    "DeactivatedOwner",
    "Escalation",
    "OverdueReminder",
    "Owed",
    "PlanDigest",
    "ReviewReminder",
    "ReviewUpdateRequest",
    "SilentCheckIn",
    "SweepOptions",
    "TeamDigest",
    "claim",
    "find_owed",
]
