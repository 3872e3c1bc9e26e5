"""Business days are Monday to Friday; public holidays are not (yet) taken into account."""

from datetime import date, timedelta

_SATURDAY = 5  # date.weekday(): Monday is 0


def is_business_day(day: date) -> bool:
    """Whether ``day`` is a Monday to Friday."""
    return day.weekday() < _SATURDAY


def business_days_after(day: date, n: int) -> date:
    """The date ``n`` business days after ``day`` (``n == 0`` gives ``day`` itself)."""
    if n < 0:
        raise ValueError(f"a count of business days must not be negative, got {n}")
    current = day
    remaining = n
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current
