"""Times of day as people write them ("09:00"), and the hours daylight saving makes unsafe."""

import re
from datetime import time

from schedules.errors import ScheduleError

_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")

# Daylight-saving changes happen between 01:00 and 03:59 local time in the zones we know of
# (02:00 in Europe and North America, 03:00 going back in Europe). A time in that range is
# skipped on one day of the year and happens twice on another, so it is refused outright.
UNSAFE_FROM = time(1, 0)
UNSAFE_UNTIL = time(4, 0)


def parse_time_of_day(text: str) -> time:
    """Read ``HH:MM`` on a 24-hour clock, e.g. ``09:00`` or ``17:30``."""
    match = _HH_MM.fullmatch(text.strip())
    hour, minute = (int(part) for part in match.groups()) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ScheduleError(
            f"{text!r} is not a time of day: use HH:MM on a 24-hour clock, e.g. 09:00 or 17:30"
        )
    return time(hour, minute)


def format_time_of_day(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def check_safe_time(at: time, *, what: str) -> None:
    """Refuse times that are not whole local minutes or that daylight saving can disturb."""
    if at.tzinfo is not None:
        raise ScheduleError(f"the {what} time must be a local time of day without a zone")
    if at.second or at.microsecond:
        raise ScheduleError(f"the {what} time must be whole minutes (HH:MM), got {at}")
    if UNSAFE_FROM <= at < UNSAFE_UNTIL:
        raise ScheduleError(
            f"a {what} time of {format_time_of_day(at)} is refused: times from 01:00 to 03:59 "
            "fall in daylight-saving changes, which make them happen twice or not at all "
            "on those days; choose 04:00 or later (or before 01:00)"
        )
