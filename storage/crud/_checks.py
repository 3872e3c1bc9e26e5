"""Input checks shared by the operations. Each raises one :class:`DomainError` naming the
field, with a message that says what was wrong and what would be right."""

import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Protocol, TypeVar

from storage.errors import DomainError, NotFound
from storage.models import Person, Team
from storage.periods import check_period, period_of

MONEY_LIMIT = Decimal("999999999999.99")
_SLACK_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")

E = TypeVar("E", bound=StrEnum)


class WorkspaceRow(Protocol):
    id: int | None
    workspace_id: str


def utc(now: datetime) -> datetime:
    """The injected clock's time, in UTC. A naive time is a programming error."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    return now.astimezone(UTC)


def text(value: str, *, field: str, label: str, max_length: int) -> str:
    """A required piece of text, stripped, at most ``max_length`` characters."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise DomainError(f"the {label} is empty; give a {label}", field=field)
    return _short_enough(cleaned, field=field, label=label, max_length=max_length)


def optional_text(value: str | None, *, field: str, label: str, max_length: int) -> str | None:
    """Optional text: blank becomes None."""
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    return _short_enough(cleaned, field=field, label=label, max_length=max_length)


def _short_enough(value: str, *, field: str, label: str, max_length: int) -> str:
    if len(value) > max_length:
        raise DomainError(
            f"the {label} is {len(value)} characters long; keep it to {max_length}",
            field=field,
        )
    return value


def slack_id(value: str | None, *, field: str, label: str) -> str:
    """A Slack user or channel id such as ``U0123ABC`` or ``C0456DEF``."""
    cleaned = (value or "").strip()
    if not _SLACK_ID.match(cleaned):
        raise DomainError(
            f"{cleaned or 'an empty value'!s} is not a Slack {label} id; "
            f"give one like U0123ABC (for a person) or C0456DEF (for a channel)",
            field=field,
        )
    return cleaned


def money(value: Decimal | int | str | None, *, field: str, label: str) -> Decimal | None:
    """An amount of money: a number from 0 up, kept to the cent."""
    if value is None:
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(
            f"the {label} {value!s} is not a number; give an amount such as 1200 or 1200.50",
            field=field,
        ) from None
    if amount.is_finite() and amount < 0:
        raise DomainError(
            f"the {label} {value!s} is negative; give an amount of 0 or more", field=field
        )
    if not amount.is_finite() or amount > MONEY_LIMIT:
        raise DomainError(
            f"the {label} {value!s} is out of range; give an amount up to {MONEY_LIMIT}",
            field=field,
        )
    return amount.quantize(Decimal("0.01"))


def finite(value: float | None, *, field: str, label: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise DomainError(f"the {label} {value} is not a number; give a number", field=field)
    return number


def dates_in_order(start: date | None, due: date | None) -> None:
    """A due date on or after the start, when both are known."""
    if start is not None and due is not None and due < start:
        raise DomainError(
            f"due date {due.isoformat()} is before the start {start.isoformat()}; "
            "give a due date on or after the start",
            field="due",
        )


def choice(value: E | str, kind: type[E], *, field: str, label: str) -> E:
    """One of an enumeration's words (``on-track``, ``monthly``…)."""
    try:
        return kind(value)
    except ValueError:
        words = ", ".join(member.value for member in kind)
        raise DomainError(f"{value!s} is not a {label}; use one of: {words}", field=field) from None


def month_period(value: str | None, *, now: datetime) -> str:
    """A reporting month ``YYYY-MM``; by default the month of ``now`` (UTC)."""
    if value is None:
        return period_of(utc(now))
    return check_period(value.strip())


def in_workspace(row: WorkspaceRow, *, workspace_id: str, field: str, label: str) -> int:
    """The id of a saved row of this workspace; any other row is refused."""
    if row.id is None or row.workspace_id != workspace_id:
        raise NotFound(f"that {label} is not in this workspace; pick one from it", field=field)
    return row.id


def saved_id(row: WorkspaceRow) -> int:
    """The id of a row that has been flushed; anything else is a programming error."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id: add and flush it first")
    return row.id


def active_owner_id(owner: Person | None, *, workspace_id: str) -> int | None:
    """The id of an owner who is in this workspace and has not left."""
    if owner is None:
        return None
    owner_id = in_workspace(owner, workspace_id=workspace_id, field="owner", label="owner")
    if owner.deactivated:
        raise DomainError(
            f"{person_label(owner)} has left the workspace; choose an active owner",
            field="owner",
        )
    return owner_id


def team_id_of(team: Team | None, *, workspace_id: str) -> int | None:
    """The id of a team of this workspace."""
    if team is None:
        return None
    return in_workspace(team, workspace_id=workspace_id, field="team", label="team")


def person_label(person: Person) -> str:
    """How a person is named in messages: a Slack mention when we can."""
    if person.slack_user_id:
        return f"<@{person.slack_user_id}>"
    return person.name or person.email or f"person {person.id}"
