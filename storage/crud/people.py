"""People: found by Slack user id or e-mail, created on first contact, kept up to date.

Every function flushes and never commits: the caller's transaction decides.

An e-mail belongs to at most one person in a workspace. A person imported by e-mail (no
Slack id yet) is linked to their Slack id the first time Slack tells us that e-mail. An
e-mail already held by someone else is not taken over: the Slack user keeps working and
the e-mail stays with its holder.
"""

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from storage.crud._checks import choice, in_workspace, optional_text, person_label, slack_id, utc
from storage.crud._tx import atomic
from storage.crud.audit import Changes, apply_changes, audit_row, audited_update, created
from storage.enums import Role
from storage.errors import Conflict, DomainError, NotFound
from storage.models import Person

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_CREATED_FIELDS = ("slack_user_id", "name", "email", "tz", "is_slack_admin")
_MANAGER_CHAIN_LIMIT = 100


def _conflicts(email: str | None, slack_user_id: str | None) -> dict[str, Conflict]:
    return {
        "uq_person_workspace_id_email": Conflict(
            f"the e-mail {email} already belongs to another person", field="email"
        ),
        "uq_person_workspace_id_slack_user_id": Conflict(
            f"<@{slack_user_id}> is already known as another person", field="person"
        ),
    }


def clean_email(email: str | None) -> str | None:
    """An e-mail address, lower-cased; blank becomes None."""
    cleaned = optional_text(email, field="email", label="e-mail", max_length=320)
    if cleaned is None:
        return None
    if not _EMAIL.match(cleaned):
        raise DomainError(
            f"{cleaned} is not an e-mail address; give one like name@example.com", field="email"
        )
    return cleaned.lower()


def clean_tz(tz: str | None) -> str | None:
    """An IANA time zone name such as ``Europe/Paris``; blank becomes None."""
    cleaned = optional_text(tz, field="tz", label="time zone", max_length=64)
    if cleaned is None:
        return None
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(
            f"{cleaned} is not a time zone; give an IANA name such as Europe/Paris or UTC",
            field="tz",
        ) from None
    return cleaned


# Built once: every request looks up who is asking.
_BY_SLACK_ID = select(Person).where(
    Person.workspace_id == bindparam("workspace_id"),
    Person.slack_user_id == bindparam("slack_user_id"),
)


def _by_slack_id(session: Session, workspace_id: str, slack_user_id: str) -> Person | None:
    params = {"workspace_id": workspace_id, "slack_user_id": slack_user_id}
    return session.exec(_BY_SLACK_ID, params=params).first()


def _by_email(session: Session, workspace_id: str, email: str) -> Person | None:
    query = select(Person).where(
        Person.workspace_id == workspace_id, func.lower(Person.email) == email
    )
    return session.exec(query).first()


def find_person_by_slack_id(*, session: Session, workspace_id: str, slack_user_id: str) -> Person:
    """The person with this Slack user id, or :class:`NotFound`."""
    person = _by_slack_id(session, workspace_id, slack_user_id)
    if person is None:
        raise NotFound(f"<@{slack_user_id}> is not known to Pillar yet", field="person")
    return person


def find_person_by_email(*, session: Session, workspace_id: str, email: str) -> Person:
    """The person with this e-mail (any case), or :class:`NotFound`."""
    cleaned = clean_email(email)
    person = _by_email(session, workspace_id, cleaned) if cleaned else None
    if person is None:
        raise NotFound(f"nobody with the e-mail {email} is known to Pillar", field="email")
    return person


def get_person(*, session: Session, workspace_id: str, person_id: int) -> Person:
    """The person with this row id, or :class:`NotFound`."""
    person = session.get(Person, person_id)
    if person is None or person.workspace_id != workspace_id:
        raise NotFound(f"no person {person_id} in this workspace", field="person")
    return person


def get_or_create_person(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    slack_user_id: str,
    now: datetime,
    name: str | None = None,
    tz: str | None = None,
    email: str | None = None,
    is_slack_admin: bool | None = None,
) -> Person:
    """The person with this Slack id, created or refreshed from what Slack says.

    Given fields that differ are updated; ``None`` leaves a field as it is, and a call with
    no profile fields writes nothing for a known person. ``refreshed_at`` records when a
    profile was last given. A person imported by e-mail without a Slack id gets this Slack
    id attached.
    """
    user_id = slack_id(slack_user_id, field="person", label="user")
    profile = _profile(name=name, tz=tz, email=email, is_slack_admin=is_slack_admin)
    person = _by_slack_id(session, workspace_id, user_id)
    if person is None and "email" in profile:
        person = _claimable_by_email(session, workspace_id, profile)
    fields = {"slack_user_id": user_id, **profile}
    if person is None:
        return _create(session, workspace_id, actor, fields, now, from_slack=bool(profile))
    if not profile and person.slack_user_id == user_id:
        return person
    if "email" in profile and _email_held_by_other(session, person, profile["email"]):
        del fields["email"]
    return _refresh(session, person, actor, fields, now)


def _profile(
    *, name: str | None, tz: str | None, email: str | None, is_slack_admin: bool | None
) -> dict[str, Any]:
    """The checked profile fields that were given."""
    profile: dict[str, Any] = {
        "name": optional_text(name, field="name", label="name", max_length=200),
        "tz": clean_tz(tz),
        "email": clean_email(email),
        "is_slack_admin": is_slack_admin,
    }
    return {key: value for key, value in profile.items() if value is not None}


def get_or_create_person_by_email(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    email: str,
    now: datetime,
    name: str | None = None,
) -> Person:
    """The person with this e-mail, created (without a Slack id) when unknown."""
    address = clean_email(email)
    if address is None:
        raise DomainError("the e-mail is empty; give an address", field="email")
    person = _by_email(session, workspace_id, address)
    if person is not None:
        return person
    profile = {
        "email": address,
        "name": optional_text(name, field="name", label="name", max_length=200) or "",
    }
    return _create(session, workspace_id, actor, profile, now, from_slack=False)


def _claimable_by_email(
    session: Session, workspace_id: str, profile: dict[str, Any]
) -> Person | None:
    """The person imported with this e-mail, if they have no Slack id yet."""
    person = _by_email(session, workspace_id, profile["email"])
    if person is None:
        return None
    if person.slack_user_id is None:
        return person
    del profile["email"]  # held by another Slack user: keep it with them
    return None


def _email_held_by_other(session: Session, person: Person, email: str) -> bool:
    holder = _by_email(session, person.workspace_id, email)
    return holder is not None and holder.id != person.id


def _create(
    session: Session,
    workspace_id: str,
    actor: str | None,
    fields: dict[str, Any],
    now: datetime,
    *,
    from_slack: bool,
) -> Person:
    refreshed_at = utc(now) if from_slack else None
    person = Person(
        workspace_id=workspace_id, created_at=utc(now), refreshed_at=refreshed_at, **fields
    )
    conflicts = _conflicts(fields.get("email"), fields.get("slack_user_id"))
    with atomic(session, conflicts):
        session.add(person)
        session.flush()
        _audit(session, person, actor, "person.create", created(person, _CREATED_FIELDS), now)
    return person


def _refresh(
    session: Session, person: Person, actor: str | None, fields: dict[str, Any], now: datetime
) -> Person:
    conflicts = _conflicts(fields.get("email"), fields.get("slack_user_id"))
    with atomic(session, conflicts):
        changes = apply_changes(person, fields)
        person.refreshed_at = utc(now)
        if changes:
            action = "person.link" if "slack_user_id" in changes else "person.refresh"
            _audit(session, person, actor, action, changes, now)
    return person


def _audit(
    session: Session,
    person: Person,
    actor: str | None,
    action: str,
    changes: Changes,
    now: datetime,
) -> None:
    audit_row(
        session, row=person, entity="person", actor=actor, action=action, changes=changes, now=now
    )


def _update(
    session: Session,
    person: Person,
    actor: str | None,
    action: str,
    updates: dict[str, Any],
    now: datetime,
) -> Person:
    audited_update(
        session, row=person, entity="person", actor=actor, action=action, updates=updates, now=now
    )
    return person


def set_manager(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    person: Person,
    manager: Person | None,
    now: datetime,
) -> Person:
    """Make ``manager`` the person's manager (``None`` clears it); no loops allowed."""
    in_workspace(person, workspace_id=workspace_id, field="person", label="person")
    if manager is not None:
        in_workspace(manager, workspace_id=workspace_id, field="manager", label="manager")
        _check_manager(session, person, manager)
    new_id = manager.id if manager is not None else None
    return _update(session, person, actor, "person.set_manager", {"manager_id": new_id}, now)


def _check_manager(session: Session, person: Person, manager: Person) -> None:
    if manager.deactivated:
        raise DomainError(
            f"{person_label(manager)} has left the workspace; choose an active manager",
            field="manager",
        )
    current: Person | None = manager
    for _ in range(_MANAGER_CHAIN_LIMIT):
        if current is None:
            return
        if current.id == person.id:
            raise DomainError(
                f"{person_label(manager)} reports (directly or not) to {person_label(person)}, so "
                f"{person_label(person)} cannot report to them; choose someone above both",
                field="manager",
            )
        current = session.get(Person, current.manager_id) if current.manager_id else None


def set_away(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    person: Person,
    until: date | None,
    now: datetime,
) -> Person:
    """No prompts or nudges until ``until`` (inclusive); ``None`` clears it.

    The date may not be in the past in the person's own time zone.
    """
    in_workspace(person, workspace_id=workspace_id, field="person", label="person")
    if until is not None:
        today = local_today(person, now)
        if until < today:
            raise DomainError(
                f"{until.isoformat()} is in the past; give today ({today.isoformat()}) "
                "or a later date, or `off` to be back",
                field="until",
            )
    return _update(session, person, actor, "person.set_away", {"away_until": until}, now)


def local_today(person: Person, now: datetime) -> date:
    """The date it is now where the person is (UTC if their time zone is unknown)."""
    try:
        zone = ZoneInfo(person.tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return utc(now).astimezone(zone).date()


def set_role(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    person: Person,
    role: Role | str,
    now: datetime,
) -> Person:
    """Give the person a role (admin, manager, member)."""
    in_workspace(person, workspace_id=workspace_id, field="person", label="person")
    updates = {"role": choice(role, Role, field="role", label="role")}
    return _update(session, person, actor, "person.set_role", updates, now)


def deactivate_person(
    *, session: Session, workspace_id: str, actor: str | None, person: Person, now: datetime
) -> Person:
    """Mark a person who left: no more prompts; their tasks stay for reassignment."""
    in_workspace(person, workspace_id=workspace_id, field="person", label="person")
    return _update(session, person, actor, "person.deactivate", {"deactivated": True}, now)
