"""mark each task's latest progress updates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Three marks on progress_update: the newest update of its task, of its task and period,
and of its task among the updates giving a spend (newest: latest created_at, then the
highest id). Existing rows are marked here; from now on the application keeps them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# mark: (columns the newest is taken within, which updates compete)
MARKS = {
    "is_latest": ("task_id", "TRUE"),
    "is_last_of_period": ("task_id, period", "TRUE"),
    "is_latest_spend": ("task_id", "spent IS NOT NULL"),
}
# index: (mark, columns): all a report reads of a marked update, the mark included
INDEXES = {
    "ix_progress_update_latest": (
        "is_latest",
        ["task_id", "is_latest", "status", "percent", "metric_value"],
    ),
    "ix_progress_update_last_of_period": (
        "is_last_of_period",
        [
            "workspace_id",
            "period",
            "task_id",
            "is_last_of_period",
            "status",
            "percent",
            "metric_value",
        ],
    ),
    "ix_progress_update_latest_spend": ("is_latest_spend", ["task_id", "is_latest_spend", "spent"]),
}


def upgrade() -> None:
    with op.batch_alter_table("progress_update", schema=None) as batch_op:
        for mark in MARKS:
            batch_op.add_column(
                sa.Column(mark, sa.Boolean(), server_default=sa.false(), nullable=False)
            )
    for mark, (partition, competing) in MARKS.items():
        op.execute(
            f"UPDATE progress_update SET {mark} = TRUE WHERE id IN ("
            "SELECT id FROM (SELECT id, ROW_NUMBER() OVER ("
            f"PARTITION BY {partition} ORDER BY created_at DESC, id DESC) AS rank "
            f"FROM progress_update WHERE {competing}) AS ranked WHERE rank = 1)"
        )
    with op.batch_alter_table("progress_update", schema=None) as batch_op:
        for name, (mark, columns) in INDEXES.items():
            batch_op.create_index(name, columns, unique=False, **_where(mark))


def downgrade() -> None:
    with op.batch_alter_table("progress_update", schema=None) as batch_op:
        for name, (mark, _) in INDEXES.items():
            batch_op.drop_index(name, **_where(mark))
        for mark in MARKS:
            batch_op.drop_column(mark)


def _where(mark: str) -> dict[str, sa.TextClause]:
    return {
        "sqlite_where": sa.text(f"{mark} = 1"),
        "postgresql_where": sa.text(mark),
    }
