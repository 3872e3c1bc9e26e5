"""A period's report as CSV, one row per task: where each stood in that month."""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from storage.models import ProgressUpdate, Team
from storage.periods import check_period, period_bounds
from storage.reports import ProgressPoint, ReportFacts, ReportScope, TaskFact, fetch_report_facts
from storage.reports.tasks import scope_task_ids
from storage.transfer.exporter import format_budget, format_target
from storage.transfer.scope import PlanChoice, choose_plan, choose_workspace

REPORT_COLUMNS = (
    "ref",
    "title",
    "goal",
    "owner",
    "team",
    "due",
    "state",
    "status",
    "percent",
    "metric value",
    "spent",
    "note",
    "reported",
    "overdue",
)


@dataclass(frozen=True)
class PeriodReport:
    workspace_id: str
    plan_name: str
    period: str
    tasks: int
    text: str


def export_period_report(
    engine: Engine, *, workspace_id: str | None, plan: PlanChoice, period: str, today: date
) -> PeriodReport:
    """The plan's tasks in ``period`` as CSV text. Raises a DomainError on a bad period,
    workspace or plan."""
    check_period(period)
    with Session(engine) as session:
        workspace, _ = choose_workspace(session, workspace_id=workspace_id)
        chosen, _ = choose_plan(session, workspace_id=workspace.id, choice=plan)
        assert chosen.id is not None  # loaded from the database
        scope = ReportScope(workspace_id=workspace.id, plan_id=chosen.id)
        facts = fetch_report_facts(session=session, scope=scope, period=period, today=today)
        _, end = period_bounds(period)
        spent = fetch_spent_by_task(session, scope, until=end)
        teams = _team_names(session, workspace_id=workspace.id)
    rows = period_rows(facts, spent=spent, teams=teams)
    return PeriodReport(
        workspace_id=workspace.id,
        plan_name=chosen.name,
        period=period,
        tasks=len(rows),
        text=render_report(rows),
    )


def fetch_spent_by_task(
    session: Session, scope: ReportScope, *, until: datetime
) -> dict[int, Decimal]:
    """Each task's spend to date as of ``until``: its last update giving one (one statement)."""
    ranked = (
        sa.select(
            col(ProgressUpdate.task_id),
            col(ProgressUpdate.spent),
            sa.func.row_number()
            .over(
                partition_by=col(ProgressUpdate.task_id),
                order_by=(col(ProgressUpdate.created_at).desc(), col(ProgressUpdate.id).desc()),
            )
            .label("rank"),
        )
        .where(
            col(ProgressUpdate.spent).is_not(None),
            col(ProgressUpdate.created_at) < until,
            col(ProgressUpdate.task_id).in_(scope_task_ids(scope)),
        )
        .subquery()
    )
    query = sa.select(ranked.c.task_id, ranked.c.spent).where(ranked.c.rank == 1)
    return {int(task_id): Decimal(str(spent)) for task_id, spent in session.execute(query)}


def _team_names(session: Session, *, workspace_id: str) -> dict[int, str]:
    query = sa.select(col(Team.id), col(Team.name)).where(col(Team.workspace_id) == workspace_id)
    return {int(team_id): name for team_id, name in session.execute(query)}


def period_rows(
    facts: ReportFacts, *, spent: Mapping[int, Decimal], teams: Mapping[int, str]
) -> list[list[str]]:
    """One row per task open during ``facts.period``, in :data:`REPORT_COLUMNS` order."""
    first, after = period_bounds(facts.period)
    as_of = min(facts.today, (after - timedelta(days=1)).date())
    points = {point.task_id: point for point in facts.history if point.period == facts.period}
    goals = {goal.id: goal for goal in facts.goals}
    rows = []
    for task in facts.tasks:
        if task.closed_at is not None and task.closed_at < first:
            continue
        goal = goals.get(task.goal_id)
        team_id = task.team_id if task.team_id is not None else (goal.team_id if goal else None)
        rows.append(
            _cells(
                task,
                point=points.get(task.id),
                note=_note(task, period=facts.period),
                goal=goal.title if goal else "",
                team=teams.get(team_id, "") if team_id is not None else "",
                spent=spent.get(task.id),
                as_of=as_of,
            )
        )
    return rows


def _note(task: TaskFact, *, period: str) -> str:
    latest = task.latest
    return latest.note if latest is not None and latest.period == period else ""


def _cells(
    task: TaskFact,
    *,
    point: ProgressPoint | None,
    note: str,
    goal: str,
    team: str,
    spent: Decimal | None,
    as_of: date,
) -> list[str]:
    return [
        task.ref,
        task.title,
        goal,
        task.owner.name if task.owner else "",
        team,
        task.due_on.isoformat() if task.due_on else "",
        task.state.value,
        point.status.value if point else "",
        "" if point is None or point.percent is None else str(point.percent),
        format_target(point.metric_value if point else None),
        format_budget(spent),
        note,
        "yes" if point is not None else "no",
        "yes" if _overdue(task, as_of=as_of) else "no",
    ]


def _overdue(task: TaskFact, *, as_of: date) -> bool:
    """Past its due date on ``as_of`` and not closed by then."""
    if task.due_on is None or task.due_on >= as_of:
        return False
    return task.closed_at is None or task.closed_at.date() > as_of


def render_report(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
