"""The monthly check-ins of a scope's owners."""

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col

from storage.models import CheckIn, Task
from storage.reports.facts import CheckInFact
from storage.reports.scope import ReportScope
from storage.reports.tasks import scope_task_ids


def owners_check_ins(
    scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> list[sa.ColumnElement[bool]]:
    """Conditions for the check-ins in ``periods`` of everyone who owns a task in scope."""
    owners = (
        sa.select(col(Task.owner_id))
        .where(col(Task.id).in_(scope_task_ids(scope, since=since)))
        .scalar_subquery()
    )
    return [
        col(CheckIn.workspace_id) == scope.workspace_id,
        col(CheckIn.period).in_(sorted(periods)),
        col(CheckIn.person_id).in_(owners),
    ]


def fetch_check_ins(
    session: Session, scope: ReportScope, *, since: datetime, periods: Collection[str]
) -> list[CheckInFact]:
    """The check-ins in ``periods`` of everyone who owns a task in scope."""
    query = (
        sa.select(col(CheckIn.person_id), col(CheckIn.period), col(CheckIn.asked_at),
                  col(CheckIn.answered_at), col(CheckIn.nudges_sent))
        .where(*owners_check_ins(scope, since=since, periods=periods))
        .order_by(col(CheckIn.period), col(CheckIn.person_id))
    )  # fmt: skip
    return [
        CheckInFact(
            person_id=row.person_id,
            period=row.period,
            asked_at=row.asked_at,
            answered_at=row.answered_at,
            nudges_sent=row.nudges_sent,
        )
        for row in session.execute(query)
    ]
