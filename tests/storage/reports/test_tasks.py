"""How the report statements of storage.reports.tasks reach their rows."""

import sqlalchemy as sa
from sqlmodel import Session

from storage.reports.tasks import assigned_at
from tests.conftest import WORKSPACE, QueryPlans


def test_when_a_task_was_given_is_read_from_that_tasks_own_log_lines(
    session: Session, query_plans: QueryPlans
) -> None:
    """Not from the workspace's whole log, which grows with every update recorded."""
    session.execute(sa.select(assigned_at(sa.literal(7), workspace_id=WORKSPACE)))
    [plan] = query_plans.plans("audit_log")
    assert "ix_audit_log_entity" in plan
