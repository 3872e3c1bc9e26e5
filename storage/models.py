"""SQLModel tables for the whole domain.

Every row carries ``workspace_id`` (the Slack team id) so that one deployment can serve
several workspaces and no query can mix them. Datetimes are timezone-aware UTC; calendar
dates (due dates, review dates, away-until) are plain dates.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Column, Field, SQLModel

from storage.enums import (
    Acceptance,
    OutboxStatus,
    PlanState,
    ReviewKind,
    Role,
    Source,
    Status,
    TaskState,
)

# Every constraint and index gets a predictable name, so migrations can address them
# on both SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

WORKSPACE_ID_LENGTH = 32
SLACK_ID_LENGTH = 32
MONEY = sa.Numeric(14, 2)


def _enum(kind: type[StrEnum], name: str) -> sa.Enum:
    """A portable enum column: a VARCHAR with a named CHECK constraint, not a native type."""
    return sa.Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def _workspace() -> Any:
    return Field(max_length=WORKSPACE_ID_LENGTH, index=True)


class Workspace(SQLModel, table=True):
    """A Slack workspace served by this deployment, with its own settings."""

    id: str = Field(primary_key=True, max_length=WORKSPACE_ID_LENGTH)
    name: str = Field(default="", max_length=200)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime


class Person(SQLModel, table=True):
    """Someone who owns work. Imported owners may be known only by e-mail until first contact."""

    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "slack_user_id"),
        sa.UniqueConstraint("workspace_id", "email"),
        sa.CheckConstraint("slack_user_id IS NOT NULL OR email IS NOT NULL", name="identified"),
        sa.Index("ix_person_manager", "manager_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    slack_user_id: str | None = Field(default=None, max_length=SLACK_ID_LENGTH)
    name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=320)
    tz: str = Field(default="UTC", max_length=64)
    manager_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    role: Role = Field(default=Role.MEMBER, sa_type=_enum(Role, "role"))
    is_slack_admin: bool = False
    deactivated: bool = False
    away_until: date | None = None
    refreshed_at: datetime | None = None
    created_at: datetime


class Team(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "name"),
        sa.UniqueConstraint("workspace_id", "channel_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    name: str = Field(max_length=200)
    channel_id: str | None = Field(default=None, max_length=SLACK_ID_LENGTH)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime


class TeamManager(SQLModel, table=True):
    """A team may have several managers; a manager may run several teams."""

    __tablename__ = "team_manager"

    team_id: int = Field(foreign_key="team.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    workspace_id: str = _workspace()


class Plan(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "name"),
        sa.CheckConstraint("starts_on <= ends_on", name="period_in_order"),
        # At most one active plan per workspace.
        sa.Index(
            "uq_plan_one_active",
            "workspace_id",
            unique=True,
            sqlite_where=sa.text("state = 'active'"),
            postgresql_where=sa.text("state = 'active'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    name: str = Field(max_length=200)
    starts_on: date
    ends_on: date
    state: PlanState = Field(default=PlanState.DRAFT, sa_type=_enum(PlanState, "plan_state"))
    created_at: datetime


class Goal(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "number"),
        sa.UniqueConstraint("plan_id", "title"),
        sa.CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    number: int = Field(description="The n in the reference G-n, unique per workspace.")
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    title: str = Field(max_length=300)
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    budget: Decimal | None = Field(default=None, sa_type=MONEY)
    metric_name: str | None = Field(default=None, max_length=100)
    metric_baseline: float | None = None
    metric_target: float | None = None
    metric_unit: str | None = Field(default=None, max_length=32)
    created_at: datetime

    @property
    def ref(self) -> str:
        return f"G-{self.number}"


class Task(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "number"),
        sa.UniqueConstraint("goal_id", "title"),
        sa.CheckConstraint(
            "start_on IS NULL OR due_on IS NULL OR start_on <= due_on", name="dates_in_order"
        ),
        sa.CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
        sa.Index("ix_task_owner_state", "owner_id", "state"),
        sa.Index("ix_task_team_state", "team_id", "state"),
        sa.Index("ix_task_workspace_state_due", "workspace_id", "state", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    number: int = Field(description="The n in the reference T-n, unique per workspace.")
    goal_id: int = Field(foreign_key="goal.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=300)
    how: str = Field(default="", max_length=4000)
    owner_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    acceptance: Acceptance = Field(
        default=Acceptance.PENDING, sa_type=_enum(Acceptance, "acceptance")
    )
    assigned_by: str | None = Field(
        default=None,
        max_length=SLACK_ID_LENGTH,
        description="Slack user id of whoever gave the task to its owner; told of a decline.",
    )
    team_id: int | None = Field(default=None, foreign_key="team.id", ondelete="SET NULL")
    start_on: date | None = None
    due_on: date | None = None
    state: TaskState = Field(default=TaskState.OPEN, sa_type=_enum(TaskState, "task_state"))
    metric_name: str | None = Field(default=None, max_length=100)
    metric_target: float | None = None
    metric_unit: str | None = Field(default=None, max_length=32)
    budget: Decimal | None = Field(default=None, sa_type=MONEY)
    created_at: datetime
    closed_at: datetime | None = None

    @property
    def ref(self) -> str:
        return f"T-{self.number}"


class ProgressUpdate(SQLModel, table=True):
    __tablename__ = "progress_update"
    __table_args__ = (
        sa.CheckConstraint(
            "percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent_range"
        ),
        sa.CheckConstraint("spent IS NULL OR spent >= 0", name="spent_not_negative"),
        sa.Index("ix_progress_update_task_created", "task_id", "created_at"),
        sa.Index("ix_progress_update_workspace_period", "workspace_id", "period"),
        # one person's updates by period: whether they reported since asked
        sa.Index("ix_progress_update_author_period", "author_id", "period"),
        # The report queries reach the marked updates through these; each holds all they
        # read, the mark included, so that SQLite sees it covers them and never visits the
        # (wide) rows. SQLite compares a boolean with 1.
        sa.Index(
            "ix_progress_update_latest",
            "task_id",
            "is_latest",
            "status",
            "percent",
            "metric_value",
            sqlite_where=sa.text("is_latest = 1"),
            postgresql_where=sa.text("is_latest"),
        ),
        sa.Index(
            "ix_progress_update_last_of_period",
            "workspace_id",
            "period",
            "task_id",
            "is_last_of_period",
            "status",
            "percent",
            "metric_value",
            sqlite_where=sa.text("is_last_of_period = 1"),
            postgresql_where=sa.text("is_last_of_period"),
        ),
        sa.Index(
            "ix_progress_update_latest_spend",
            "task_id",
            "is_latest_spend",
            "spent",
            sqlite_where=sa.text("is_latest_spend = 1"),
            postgresql_where=sa.text("is_latest_spend"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime
    period: str = Field(max_length=7, description="The reporting month, YYYY-MM.")
    status: Status = Field(sa_type=_enum(Status, "status"))
    percent: int | None = None
    metric_value: float | None = None
    spent: Decimal | None = Field(default=None, sa_type=MONEY)
    note: str = Field(default="", max_length=3000)
    source: Source = Field(sa_type=_enum(Source, "source"))
    # Which updates are the newest of their task, of their task and period, and of their
    # task among those giving a spend: kept by crud.mark_latest_updates, read by reports.
    is_latest: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    is_last_of_period: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    is_latest_spend: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class CheckIn(SQLModel, table=True):
    """One per owner per period: the monthly question and what became of it."""

    __tablename__ = "check_in"
    __table_args__ = (
        sa.UniqueConstraint("workspace_id", "person_id", "period"),
        sa.Index("ix_check_in_workspace_period", "workspace_id", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    period: str = Field(max_length=7)
    asked_at: datetime | None = None
    answered_at: datetime | None = None
    nudges_sent: int = 0
    escalated_at: datetime | None = None


class ReviewDate(SQLModel, table=True):
    __tablename__ = "review_date"
    __table_args__ = (sa.Index("ix_review_date_workspace_held_on", "workspace_id", "held_on"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = _workspace()
    plan_id: int = Field(foreign_key="plan.id", index=True, ondelete="CASCADE")
    kind: ReviewKind = Field(default=ReviewKind.MONTHLY, sa_type=_enum(ReviewKind, "review_kind"))
    title: str = Field(max_length=200)
    held_on: date
    channel_id: str | None = Field(default=None, max_length=SLACK_ID_LENGTH)
    remind_days: list[int] = Field(
        default_factory=lambda: [14, 3, 1], sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime


class PeriodSummary(SQLModel, table=True):
    """What was reported in a period that has ended, for one report's scope: summed at
    the first digest after the period ended and read by every later one, instead of
    summing the period's updates again. A late report for the period deletes it."""

    __tablename__ = "period_summary"

    workspace_id: str = Field(primary_key=True, max_length=WORKSPACE_ID_LENGTH)
    scope_key: str = Field(primary_key=True, max_length=64)
    period: str = Field(primary_key=True, max_length=7)
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    summed_on: date


class Outbox(SQLModel, table=True):
    """Every message Pillar sends, written in the transaction that made it owed.

    A deliverer claims a row by setting ``status`` to sending with a lease
    (``claimed_until``) and a token of its own (``claimed_by``); it records the outcome
    only while that token is still on the row, so a row re-claimed after a lease ran out
    is never settled twice.
    """

    __table_args__ = (
        sa.Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
        sa.Index("ix_outbox_workspace_status", "workspace_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Indexed together with status below; a second index on it alone would only cost writes.
    workspace_id: str = Field(max_length=WORKSPACE_ID_LENGTH)
    dedupe_key: str = Field(max_length=255, unique=True)
    kind: str = Field(max_length=32)
    channel: str = Field(max_length=SLACK_ID_LENGTH, description="Channel or user id.")
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: OutboxStatus = Field(
        default=OutboxStatus.PENDING, sa_type=_enum(OutboxStatus, "outbox_status")
    )
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str | None = Field(default=None, max_length=500)
    slack_ts: str | None = Field(default=None, max_length=32)
    slack_channel: str | None = Field(
        default=None, max_length=SLACK_ID_LENGTH, description="Where it landed (D… for a DM)."
    )
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = None
    created_at: datetime
    sent_at: datetime | None = None


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_workspace_at", "workspace_id", "at"),
        # one entity's history, newest last: when a task was given to its owner
        sa.Index("ix_audit_log_entity", "workspace_id", "entity", "entity_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(max_length=WORKSPACE_ID_LENGTH)
    actor: str | None = Field(default=None, max_length=SLACK_ID_LENGTH)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_id: int | None = None
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime


class ProcessedEvent(SQLModel, table=True):
    """Slack event ids already handled, so that a retried delivery does not act twice."""

    __tablename__ = "processed_event"

    event_id: str = Field(primary_key=True, max_length=64)
    workspace_id: str = Field(max_length=WORKSPACE_ID_LENGTH)
    received_at: datetime = Field(index=True)
