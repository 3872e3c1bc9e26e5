"""Errors for bad scheduling input; their text is meant to be shown to a person."""


class ScheduleError(ValueError):
    """A time, zone, period or cadence that cannot be used, with what would be right."""


class CadenceError(ScheduleError):
    """A check-in cadence setting that is out of range or malformed."""
