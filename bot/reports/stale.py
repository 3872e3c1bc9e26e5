"""An owner's open tasks reported on track whose numbers say otherwise, so that their
check-in and `/pillar mine` ask about them: the signs the digest flags, told to the owner
first."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from schedules.digest import StaleSign
from schedules.digest.stale import is_reported_green, stale_sign
from storage.crud import OpenTask
from storage.periods import recent_periods
from storage.reports.digest import UNCHANGED_PERIODS
from storage.reports.facts import ProgressPoint
from storage.reports.progress import fetch_points_of
from storage.reports.tasks import fact_of


def stale_signs(
    session: Session, *, tasks: Sequence[OpenTask], judged: str, today: date
) -> dict[int, StaleSign]:
    """By task id, why each of ``tasks`` reported on track may not be on ``today``, judged
    on the periods ending with ``judged`` (one statement; none when no task is on track).
    A check-in judges on the period before its own, the last its owner could report in."""
    green = [fact for fact in (fact_of(item.task, latest=item.latest) for item in tasks)
             if is_reported_green(fact)]  # fmt: skip
    if not green:
        return {}
    points: dict[int, dict[str, ProgressPoint]] = defaultdict(dict)
    for point in fetch_points_of(
        session, workspace_id=tasks[0].task.workspace_id, task_ids=[fact.id for fact in green],
        periods=recent_periods(judged, UNCHANGED_PERIODS + 1),
    ):  # fmt: skip
        points[point.task_id][point.period] = point
    signs = {fact.id: stale_sign(fact, points[fact.id], period=judged, today=today)
             for fact in green}  # fmt: skip
    return {task_id: sign for task_id, sign in signs.items() if sign is not None}
