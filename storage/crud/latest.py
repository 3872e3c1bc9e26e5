"""Which progress updates are the latest: of their task, of their task and period, and of
their task among those that report a spend.

Reports read these marks instead of ranking every update of every task. This is the one
place that sets them; whoever writes progress updates calls it in the same transaction.
Newest means the latest ``created_at``, then the highest id.
"""

from collections.abc import Collection, Iterator

import sqlalchemy as sa
from sqlmodel import Session, col

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
