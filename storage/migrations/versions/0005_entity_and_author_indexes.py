"""index the audit log by entity and progress updates by author

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Reports ask when each task waiting for its owner's yes was given to them: the latest
"task.create" or "task.assign" line of that task. With only the (workspace_id, at) index
each such question read the workspace's whole log, which grows with every update
recorded; the entity index answers it from one task's few lines. In the same way the
sweeps ask, for each check-in they follow up, whether its owner has reported since: the
author index answers from that person's updates instead of the whole period's.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_audit_log_entity", "audit_log", ["workspace_id", "entity", "entity_id", "at"]
    )
    op.create_index("ix_progress_update_author_period", "progress_update", ["author_id", "period"])


def downgrade() -> None:
    op.drop_index("ix_progress_update_author_period", table_name="progress_update")
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
