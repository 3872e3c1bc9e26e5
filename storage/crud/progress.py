"""Progress updates: how a task is going this period, from its owner or on their behalf.

Recording an update also answers the author's check-in for that period, marks which of
the task's updates are now the latest, and a ``done`` update closes the task. Every
function flushes and never commits: the caller decides.
"""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from storage.crud._checks import (
    choice,
    finite,
    in_workspace,
    money,
    month_period,
    optional_text,
    utc,
)
from storage.crud._tx import atomic
from storage.crud.audit import apply_changes, audit_row, created
from storage.crud.latest import mark_new_update
from storage.crud.tasks import mark_done
from storage.enums import Source, Status, TaskState
from storage.errors import DomainError
from storage.models import CheckIn, Person, ProgressUpdate, Task
from storage.periods import period_of
from storage.reports.digest.summaries import forget_summaries

NOTE_LIMIT = 3000
_CREATED_FIELDS = ("period", "status", "percent", "metric_value", "spent", "note", "source")


def record_progress(
    *,
    session: Session,
    workspace_id: str,
    actor: str | None,
    task: Task,
    author: Person | None,
    status: Status | str,
    source: Source | str,
    now: datetime,
    percent: int | None = None,
    metric_value: float | None = None,
    spent: Decimal | int | str | None = None,
    note: str = "",
    period: str | None = None,
) -> ProgressUpdate:
    """Record an update on an open task; ``period`` (YYYY-MM) defaults to now's month.

    A ``done`` update closes the task (its percent is 100 unless given).
    """
    task_id = _check_task(task, workspace_id)
    if author is not None:
        in_workspace(author, workspace_id=workspace_id, field="author", label="person")
    word = choice(status, Status, field="status", label="status")
    update = ProgressUpdate(
        workspace_id=workspace_id,
        task_id=task_id,
        author_id=author.id if author is not None else None,
        created_at=utc(now),
        period=month_period(period, now=now),
        status=word,
        percent=_percent(percent, word),
        metric_value=_metric_value(metric_value, task),
        spent=money(spent, field="spent", label="amount spent"),
        note=_note(note),
        source=choice(source, Source, field="source", label="source"),
    )
    with atomic(session):
        _lock_open_task(session, task)
        # Looked up before the update is added, so that no autoflush writes it early.
        check_in = None if author is None else _check_in_to_answer(session, author, update, now)
        mark_new_update(session=session, update=update)
        session.add(update)
        session.flush()
        audit_row(
            session, row=update, entity="progress", actor=actor, action="progress.record",
            changes={"task": [None, task.ref], **created(update, _CREATED_FIELDS)}, now=now,
        )  # fmt: skip
        if word == Status.DONE:
            mark_done(session, task, actor, now)
        if check_in is not None:
            _answer_check_in(session, check_in, actor, now)
        _forget_late(session, update, check_in, now)
    return update


def _forget_late(
    session: Session, update: ProgressUpdate, check_in: CheckIn | None, now: datetime
) -> None:
    """A report for a month gone by (a late answer) drops that month's kept figures."""
    answered = [check_in.period] if check_in is not None else []
    this_month = period_of(now)
    late = {period for period in (update.period, *answered) if period < this_month}
    if late:
        forget_summaries(session, workspace_id=update.workspace_id, periods=late)


def _check_task(task: Task, workspace_id: str) -> int:
    task_id = in_workspace(task, workspace_id=workspace_id, field="task", label="task")
    _require_open(task)
    return task_id


def _require_open(task: Task) -> None:
    if task.state != TaskState.OPEN:
        raise DomainError(
            f"{task.ref} is {task.state.value}; reopen it before reporting progress on it",
            field="task",
        )


# Built once, and cheaper than Session.refresh: every update takes it.
_LOCK_TASK = select(Task.state).where(Task.id == sa.bindparam("task_id")).with_for_update()


def _lock_open_task(session: Session, task: Task) -> None:
    """Lock the task's row and check again that it is open: another request may have
    closed it since it was read. Updates of one task are recorded one at a time."""
    state = session.exec(_LOCK_TASK, params={"task_id": task.id}).one()
    set_committed_value(task, "state", state)
    _require_open(task)


def _percent(percent: int | None, status: Status) -> int | None:
    if percent is None:
        return 100 if status == Status.DONE else None
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError(
            f"{percent}% is not a share of the work; give a whole number from 0 to 100",
            field="percent",
        )
    return percent


def _metric_value(value: float | None, task: Task) -> float | None:
    if value is None:
        return None
    if task.metric_name is None and task.metric_target is None:
        raise DomainError(
            f"{task.ref} has no metric, so a value cannot be recorded; "
            "report a percent instead, or give the task a target first",
            field="value",
        )
    return finite(value, field="value", label="value")


def _note(note: str) -> str:
    return optional_text(note, field="note", label="note", max_length=NOTE_LIMIT) or ""


# The author's check-in for the period, else the latest one still waiting for an answer
# (a window can run into the next month, whose label an update then carries): one query.
_CHECK_IN_TO_ANSWER = (
    select(CheckIn)
    .where(
        CheckIn.workspace_id == sa.bindparam("workspace_id"),
        CheckIn.person_id == sa.bindparam("person_id"),
        sa.or_(
            col(CheckIn.period) == sa.bindparam("period"),
            sa.and_(
                col(CheckIn.asked_at) <= sa.bindparam("now"),
                col(CheckIn.answered_at).is_(None),
                col(CheckIn.escalated_at).is_(None),
            ),
        ),
    )
    .order_by((col(CheckIn.period) == sa.bindparam("period")).desc(), col(CheckIn.period).desc())
    .limit(1)
)


def _check_in_to_answer(
    session: Session, person: Person, update: ProgressUpdate, now: datetime
) -> CheckIn | None:
    """The check-in of the person's that ``update`` answers, if they were asked."""
    params = {
        "workspace_id": person.workspace_id,
        "person_id": person.id,
        "period": update.period,
        "now": utc(now),
    }
    check_in = session.exec(_CHECK_IN_TO_ANSWER, params=params).first()
    return check_in if check_in is not None and check_in.answered_at is None else None


def _answer_check_in(session: Session, check_in: CheckIn, actor: str | None, now: datetime) -> None:
    changes = apply_changes(check_in, {"answered_at": utc(now)})
    audit_row(
        session, row=check_in, entity="check_in", actor=actor, action="check_in.answer",
        changes=changes, now=now,
    )  # fmt: skip
