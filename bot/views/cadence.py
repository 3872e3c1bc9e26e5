"""The check-in cadence in words, and when the next check-in comes for the reader."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.views.format import format_date, plural
from bot.views.message import Message, context, message, section
from bot.views.text import escape_within, one_line
from schedules.cadence import Cadence, OpensOn
from schedules.time_of_day import format_time_of_day

_SCOPE_LIMIT = 100
_HOW_TO_CHANGE = (
    "Admins change it with `/pillar cadence set [team:#channel] day:first-business "
    "time:09:00 window:5d nudges:2d,4d`, or `/pillar cadence reset [team:#channel]`."
)


class CadenceSource(StrEnum):
    """Where the cadence shown comes from."""

    DEFAULTS = "defaults"
    WORKSPACE = "workspace"
    TEAM = "team"


@dataclass(frozen=True, slots=True)
class CadenceView:
    """A cadence as shown to someone: for what, from where, and their next check-in."""

    scope: str  # "the workspace" or a team's name
    cadence: Cadence
    source: CadenceSource
    next_opening: datetime  # aware, in the reader's own zone
    zone: str


def opening_text(cadence: Cadence) -> str:
    if cadence.opens_on is OpensOn.BUSINESS_DAY:
        return f"the {_ordinal(cadence.business_day)} business day of each month"
    return (
        f"day {cadence.calendar_day} of each month "
        "(or the business day after, when it falls on a weekend)"
    )


def nudges_text(cadence: Cadence) -> str:
    if not cadence.nudge_days:
        return "none"
    days = [str(day) for day in cadence.nudge_days]
    listed = days[0] if len(days) == 1 else f"{', '.join(days[:-1])} and {days[-1]}"
    return f"{listed} business days after the prompt, to those who have not answered"


def cadence_lines(view: CadenceView) -> list[str]:
    cadence = view.cadence
    next_at = view.next_opening
    return [
        f"*Prompt:* {opening_text(cadence)}, at {format_time_of_day(cadence.at)} "
        "in each owner's own time zone",
        f"*Nudges:* {nudges_text(cadence)}",
        f"*Window:* closes after {plural(cadence.window_days, 'business day')}; "
        "then managers are told who has not reported",
        f"*Your next check-in:* {format_date(next_at.date())} at {next_at:%H:%M} "
        f"({escape_within(view.zone, 64)})",
    ]


def render_cadence(view: CadenceView) -> Message:
    """The reply to ``/pillar cadence [show]``."""
    scope = escape_within(one_line(view.scope), _SCOPE_LIMIT)
    title = f":calendar: Check-in cadence for *{scope}* ({_source_text(view.source)})"
    return message(
        text=f"Check-in cadence for {one_line(view.scope)}",
        blocks=[section("\n".join([title, *cadence_lines(view)])), context(_HOW_TO_CHANGE)],
    )


def render_cadence_changed(view: CadenceView, *, reset: bool = False) -> Message:
    """The reply to ``/pillar cadence set`` or ``reset``: what is now in effect."""
    scope = escape_within(one_line(view.scope), _SCOPE_LIMIT)
    if reset and view.source is CadenceSource.WORKSPACE:
        title = f":white_check_mark: *{scope}* now follows the workspace's cadence."
    elif reset:
        title = f":white_check_mark: *{scope}* is back to the default cadence."
    else:
        title = f":white_check_mark: Check-in cadence for *{scope}* updated."
    return message(
        text=f"Check-in cadence for {one_line(view.scope)} {'reset' if reset else 'updated'}",
        blocks=[section("\n".join([title, *cadence_lines(view)]))],
    )


def _source_text(source: CadenceSource) -> str:
    return {
        CadenceSource.DEFAULTS: "the defaults",
        CadenceSource.WORKSPACE: "the workspace's setting",
        CadenceSource.TEAM: "set for this team",
    }[source]


def _ordinal(number: int) -> str:
    if number == 1:
        return "first"
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"
