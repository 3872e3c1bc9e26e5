"""index the audit log by entity

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Reports ask when each task waiting for its owner's yes was given to them: the latest
"task.create" or "task.assign" line of that task. With only the (workspace_id, at) index
each such question read the workspace's whole log, which grows with every update
recorded; this index answers it from one task's few lines.
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


def downgrade() -> None:
    op.drop_index("ix_audit_log_entity", table_name="audit_log")
