"""The audit log: who changed what, when. Written in the same transaction as the change."""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlmodel import Session, col, select

from storage.crud._checks import utc
from storage.crud._tx import atomic
from storage.errors import Conflict
from storage.models import AuditLog

Changes = dict[str, list[Any]]


def json_safe(value: Any) -> Any:
    """A value JSON can hold: dates as ISO text, money as text, enums as their word."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value


def apply_changes(row: Any, updates: Mapping[str, Any]) -> Changes:
    """Set ``updates`` on ``row``; return ``{field: [old, new]}`` for what really changed."""
    changes: Changes = {}
    for name, new in updates.items():
        old = getattr(row, name)
        if old != new:
            setattr(row, name, new)
            changes[name] = [json_safe(old), json_safe(new)]
    return changes


def created(row: Any, fields: tuple[str, ...]) -> Changes:
    """The ``changes`` of a new row: ``{field: [None, value]}`` for each field that is set."""
    return {
        name: [None, json_safe(getattr(row, name))]
        for name in fields
        if getattr(row, name) not in (None, "", [])
    }


def record_change(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    action: str,
    entity: str,
    entity_id: int | None,
    changes: Changes,
    now: datetime,
) -> AuditLog:
    """Add an audit row (flushed with the change it describes; the caller commits)."""
    entry = AuditLog(
        workspace_id=workspace_id,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        changes={name: json_safe(pair) for name, pair in changes.items()},
        at=utc(now),
    )
    session.add(entry)
    return entry


def list_audit(
    *,
    session: Session,
    workspace_id: str,
    entity: str | None = None,
    entity_id: int | None = None,
    limit: int = 50,
) -> list[AuditLog]:
    """The newest audit rows of a workspace, optionally for one entity."""
    query = select(AuditLog).where(AuditLog.workspace_id == workspace_id)
    if entity is not None:
        query = query.where(AuditLog.entity == entity)
    if entity_id is not None:
        query = query.where(AuditLog.entity_id == entity_id)
    query = query.order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc()).limit(limit)
    return list(session.exec(query).all())


def audit_row(
    session: Session,
    *,
    row: Any,
    entity: str,
    actor: str | None,
    action: str,
    changes: Changes,
    now: datetime,
) -> AuditLog:
    """:func:`record_change` for a saved row (its workspace and id)."""
    return record_change(
        session=session,
        workspace_id=row.workspace_id,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=row.id,
        changes=changes,
        now=now,
    )


def audited_update(
    session: Session,
    *,
    row: Any,
    entity: str,
    actor: str | None,
    action: str,
    updates: Mapping[str, Any],
    now: datetime,
    context: Mapping[str, Any] | None = None,
    conflicts: Mapping[str, Conflict] | None = None,
) -> Changes:
    """Apply ``updates`` to a saved row in a savepoint, with an audit row when anything
    changed; ``context`` (such as a reason) is added to that audit row as ``[None, value]``.
    """
    with atomic(session, conflicts):
        changes = apply_changes(row, updates)
        if changes:
            changes.update(
                {name: [None, json_safe(value)] for name, value in (context or {}).items()}
            )
            audit_row(
                session,
                row=row,
                entity=entity,
                actor=actor,
                action=action,
                changes=changes,
                now=now,
            )
    return changes
