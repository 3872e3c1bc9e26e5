"""keep the figures of periods that have ended

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

A digest charts six periods; the five that have ended are summed once per report scope
and kept in period_summary, so that each later digest reads five rows instead of
summing their updates again. The table starts empty: the next digest fills it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "period_summary",
        sa.Column("workspace_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("scope_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("summed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "scope_key", "period", name="pk_period_summary"),
    )


def downgrade() -> None:
    op.drop_table("period_summary")
