"""Which progress updates are the latest: of their task, of their task and period, and of
their task among those that report a spend.

Reports read these marks instead of ranking every update of every task. This is the one
place that sets them: whoever writes progress updates calls :func:`mark_new_update` for
each new one, or :func:`mark_latest_updates` after writing many, in the same transaction.
Newest means the latest ``created_at``, then the highest id.
"""

from collections.abc import Collection, Iterator

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.models import ProgressUpdate

CHUNK = 1000
# mark: the columns within which the newest update carries it
MARKS = {
    "is_latest": ("task_id",),
    "is_last_of_period": ("task_id", "period"),
    "is_latest_spend": ("task_id",),
}


def mark_latest_updates(*, session: Session, task_ids: Collection[int]) -> None:
    """Set the marks on the updates of ``task_ids`` afresh, writing only the updates whose
    marks change (three statements per 1,000 tasks)."""
    for chunk in _chunks(sorted(set(task_ids))):
        for mark, partition in MARKS.items():
            newest = _is_newest(chunk, *partition, spent_only=mark == "is_latest_spend")
            statement = (
                sa.update(ProgressUpdate)
                .where(
                    col(ProgressUpdate.task_id).in_(chunk), getattr(ProgressUpdate, mark) != newest
                )
                .values({mark: newest})
            )
            session.execute(statement, execution_options={"synchronize_session": "fetch"})


# The updates of a task that hold a mark a new update of ``period`` may take from them,
# read afresh even if the session holds them already.
_MARK_HOLDERS = (
    select(ProgressUpdate)
    .where(
        col(ProgressUpdate.task_id) == sa.bindparam("task_id"),
        sa.or_(
            col(ProgressUpdate.is_latest),
            col(ProgressUpdate.is_latest_spend),
            sa.and_(
                col(ProgressUpdate.is_last_of_period),
                col(ProgressUpdate.period) == sa.bindparam("period"),
            ),
        ),
    )
    .execution_options(populate_existing=True)
)


def mark_new_update(*, session: Session, update: ProgressUpdate) -> None:
    """Give ``update``, about to be added, the marks it earns, taking each from the updates
    that held it; all are written by the next flush.

    Cheaper than :func:`mark_latest_updates` for one task: it reads only the updates holding
    a mark (one each, where nothing went wrong before; any extra holder loses the mark
    here). The new row's id will be its task's highest, so it wins a tie on the clock. The
    caller holds the task's row lock, so that two updates of one task recorded at once
    cannot both take a mark from the same holder.
    """
    params = {"task_id": update.task_id, "period": update.period}
    holders = session.exec(_MARK_HOLDERS, params=params).all()
    for mark in MARKS:
        holding = [row for row in holders if _holds(row, mark, update)]
        newest = max(holding, key=lambda row: (row.created_at, row.id or 0), default=None)
        earned = _may_hold(update, mark) and (
            newest is None or newest.created_at <= update.created_at
        )
        setattr(update, mark, earned)
        for row in holding:
            if earned or row is not newest:
                setattr(row, mark, False)


def _may_hold(update: ProgressUpdate, mark: str) -> bool:
    return mark != "is_latest_spend" or update.spent is not None


def _holds(row: ProgressUpdate, mark: str, update: ProgressUpdate) -> bool:
    """Whether ``row`` holds ``mark`` within the partition ``update`` belongs to."""
    return bool(getattr(row, mark)) and (mark != "is_last_of_period" or row.period == update.period)


def _is_newest(
    task_ids: list[int], *partition: str, spent_only: bool = False
) -> sa.ColumnElement[bool]:
    """True for the newest update of each ``partition`` among the updates of ``task_ids``."""
    other = ProgressUpdate.__table__.alias("ranked")  # type: ignore[attr-defined]
    rank = sa.func.row_number().over(
        partition_by=[other.c[name] for name in partition],
        order_by=(other.c.created_at.desc(), other.c.id.desc()),
    )
    ranked = sa.select(other.c.id, rank.label("rank")).where(other.c.task_id.in_(task_ids))
    if spent_only:
        ranked = ranked.where(other.c.spent.is_not(None))
    newest = ranked.subquery("newest")
    return col(ProgressUpdate.id).in_(sa.select(newest.c.id).where(newest.c.rank == 1))


def _chunks(task_ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(task_ids), CHUNK):
        yield task_ids[start : start + CHUNK]
