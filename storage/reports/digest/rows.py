"""Task rows with their owner, latest update and, while pending, when they were given."""

import dataclasses
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from storage.enums import Acceptance, TaskState
from storage.models import Person, ProgressUpdate, Task
from storage.reports.facts import TaskFact
from storage.reports.progress import latest_columns, update_fact
from storage.reports.tasks import assigned_at, task_columns, task_fact, waiting_since


def latest_update() -> Any:
    """progress_update, to be joined as each task's latest update."""
    return ProgressUpdate.__table__.alias("latest")  # type: ignore[attr-defined]


def with_latest(query: sa.Select[Any], latest: Any) -> sa.Select[Any]:
    """``query`` of tasks, joined with each task's latest update (if any) as ``latest``."""
    return query.outerjoin(latest, sa.and_(latest.c.task_id == col(Task.id), latest.c.is_latest))


def task_rows(*, workspace_id: Any, latest: Any) -> sa.Select[Any]:
    """Tasks as rows for :func:`full_task_fact`: narrow it to the tasks wanted
    (``workspace_id``: a value, or a parameter standing for one)."""
    pending = sa.and_(col(Task.state) == TaskState.OPEN,
                      col(Task.acceptance) == Acceptance.PENDING)  # fmt: skip
    given = sa.case((pending, assigned_at(col(Task.id), workspace_id=workspace_id)))
    query = sa.select(*task_columns(), *latest_columns(latest), given.label("assigned_at"))
    query = query.select_from(Task).outerjoin(Person, col(Person.id) == col(Task.owner_id))
    return with_latest(query, latest)


def full_task_fact(row: Any) -> TaskFact:
    task = task_fact(row, latest=update_fact(row))
    return dataclasses.replace(task, pending_since=waiting_since(task, row.assigned_at))
