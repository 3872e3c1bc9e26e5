"""The queries behind the sweeps: each reads only rows that could be owed something.

Every query is scoped to one workspace and runs on an index (open tasks by owner or by
due date, check-ins by workspace and period, reviews by date, outbox keys); none walks
the whole plan. Dates filtered in SQL are widened by a day either way (people's "today"
differs by zone) and refined per person in :mod:`schedules.sweeps.finder`.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.enums import Role, TaskState
from storage.models import (
    CheckIn,
    Goal,
    Outbox,
    Person,
    ProgressUpdate,
    ReviewDate,
    Task,
    Team,
    TeamManager,
    Workspace,
)

# Rows per IN (...) list: far below every database's parameter limit.
_CHUNK = 500
_T = TypeVar("_T")


@dataclass(frozen=True, kw_only=True)
class OwnerFacts:
    """The facts about a person that decide what they are owed."""

    id: int
    slack_user_id: str
    tz: str
    away_until: date | None
    manager_id: int | None


@dataclass(frozen=True, kw_only=True)
class WaitingCheckIn:
    """A check-in asked and not answered, with its owner."""

    id: int
    period: str
    asked_at: datetime | None
    nudges_sent: int
    owner: OwnerFacts


_OWNER_COLUMNS = (
    col(Person.id),
    col(Person.slack_user_id),
    col(Person.tz),
    col(Person.away_until),
    col(Person.manager_id),
)


def _owner(row: Any) -> OwnerFacts:
    return OwnerFacts(
        id=row[0], slack_user_id=row[1], tz=row[2], away_until=row[3], manager_id=row[4]
    )


def _reachable(workspace_id: str) -> list[sa.ColumnElement[bool]]:
    """People Pillar can write to: in the workspace, still here, with a Slack id."""
    return [
        col(Person.workspace_id) == workspace_id,
        col(Person.deactivated).is_(False),
        col(Person.slack_user_id).is_not(None),
    ]


def _owns_open_task() -> sa.Exists:
    # By owner and state only, so the (owner_id, state) index answers it; a workspace
    # condition here makes SQLite walk every open task of the workspace for each person.
    # Owners and their tasks are always in one workspace.
    return (
        sa.select(sa.literal(1))
        .where(col(Task.owner_id) == col(Person.id), col(Task.state) == TaskState.OPEN)
        .exists()
    )


def _not_surely_away(utc_today: date) -> sa.ColumnElement[bool]:
    # Someone's local date is at most a day after UTC's: away through a later day means away.
    return sa.or_(col(Person.away_until).is_(None), col(Person.away_until) <= utc_today)


def workspaces(session: Session) -> list[Workspace]:
    return list(session.exec(select(Workspace).order_by(col(Workspace.id))).all())


def owner_zones(session: Session, *, workspace_id: str) -> set[str]:
    """The distinct time zones of the people who may be asked (a handful)."""
    query = sa.select(col(Person.tz)).where(*_reachable(workspace_id)).distinct()
    return {str(tz) for tz in session.scalars(query)}


def team_settings(session: Session, *, workspace_id: str) -> dict[int, dict[str, Any]]:
    """Every team's settings (a workspace has few teams)."""
    query = select(col(Team.id), col(Team.settings)).where(Team.workspace_id == workspace_id)
    return {
        team_id: dict(settings or {})
        for team_id, settings in session.exec(query)
        if team_id is not None
    }


def unasked_owners(
    session: Session, *, workspace_id: str, period: str, utc_today: date
) -> list[OwnerFacts]:
    """Owners of open tasks who have not been asked for ``period`` (and may not be away)."""
    asked = (
        sa.select(sa.literal(1))
        .where(
            col(CheckIn.workspace_id) == workspace_id,
            col(CheckIn.person_id) == col(Person.id),
            col(CheckIn.period) == period,
            col(CheckIn.asked_at).is_not(None),
        )
        .exists()
    )
    query = (
        sa.select(*_OWNER_COLUMNS)
        .where(
            *_reachable(workspace_id),
            _not_surely_away(utc_today),
            _owns_open_task(),
            ~asked,
        )
        .order_by(col(Person.id))
    )
    return [_owner(row) for row in session.execute(query)]


def waiting_check_ins(
    session: Session, *, workspace_id: str, since_period: str
) -> list[WaitingCheckIn]:
    """Check-ins from ``since_period`` on that were asked and neither answered nor escalated."""
    query = (
        sa.select(
            col(CheckIn.id),
            col(CheckIn.period),
            col(CheckIn.asked_at),
            col(CheckIn.nudges_sent),
            *_OWNER_COLUMNS,
        )
        .join(Person, col(Person.id) == col(CheckIn.person_id))
        .where(
            col(CheckIn.workspace_id) == workspace_id,
            col(CheckIn.period) >= since_period,
            col(CheckIn.asked_at).is_not(None),
            col(CheckIn.answered_at).is_(None),
            col(CheckIn.escalated_at).is_(None),
            *_reachable(workspace_id),
        )
        .order_by(col(CheckIn.id))
    )
    return [
        WaitingCheckIn(
            id=row[0], period=row[1], asked_at=row[2], nudges_sent=row[3], owner=_owner(row[4:])
        )
        for row in session.execute(query)
    ]


def main_teams(
    session: Session, *, workspace_id: str, person_ids: Collection[int]
) -> dict[int, int | None]:
    """Each owner's team: the one most of their open tasks belong to (ties: lowest id)."""
    counts: dict[int, dict[int | None, int]] = defaultdict(dict)
    for chunk in _chunks(person_ids):
        query = (
            sa.select(col(Task.owner_id), col(Task.team_id), sa.func.count())
            .where(
                col(Task.workspace_id) == workspace_id,
                col(Task.owner_id).in_(chunk),
                col(Task.state) == TaskState.OPEN,
            )
            .group_by(col(Task.owner_id), col(Task.team_id))
        )
        for owner_id, team_id, count in session.execute(query):
            counts[int(owner_id)][team_id] = int(count)
    return {person_id: _busiest(counts.get(person_id, {})) for person_id in person_ids}


def _busiest(by_team: dict[int | None, int]) -> int | None:
    teams = [(count, -team_id) for team_id, count in by_team.items() if team_id is not None]
    if not teams:
        return None
    return -max(teams)[1]


def team_manager_ids(
    session: Session, *, workspace_id: str, team_ids: Collection[int]
) -> dict[int, list[int]]:
    """The managers still here of each team, lowest id first."""
    managers: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(team_ids):
        query = (
            sa.select(col(TeamManager.team_id), col(TeamManager.person_id))
            .join(Person, col(Person.id) == col(TeamManager.person_id))
            .where(
                col(TeamManager.workspace_id) == workspace_id,
                col(TeamManager.team_id).in_(chunk),
                *_reachable(workspace_id),
            )
            .order_by(col(TeamManager.team_id), col(TeamManager.person_id))
        )
        for team_id, person_id in session.execute(query):
            managers[int(team_id)].append(int(person_id))
    return dict(managers)


def reachable_people(
    session: Session, *, workspace_id: str, person_ids: Collection[int]
) -> set[int]:
    """Which of ``person_ids`` Pillar can still write to."""
    found: set[int] = set()
    for chunk in _chunks(person_ids):
        query = sa.select(col(Person.id)).where(
            *_reachable(workspace_id), col(Person.id).in_(chunk)
        )
        found.update(person_id for person_id in session.scalars(query) if person_id is not None)
    return found


def overdue_owners(
    session: Session, *, workspace_id: str, utc_today: date
) -> list[tuple[OwnerFacts, date]]:
    """Owners with an open task that may be past due, with their earliest due date."""
    earliest = sa.func.min(col(Task.due_on))
    query = (
        sa.select(*_OWNER_COLUMNS, earliest)
        .join(Task, col(Task.owner_id) == col(Person.id))
        .where(
            col(Task.workspace_id) == workspace_id,
            col(Task.state) == TaskState.OPEN,
            # Nobody's date is more than a day ahead of UTC's.
            col(Task.due_on) <= utc_today,
            *_reachable(workspace_id),
            _not_surely_away(utc_today),
        )
        .group_by(*_OWNER_COLUMNS)
        .order_by(col(Person.id))
    )
    return [(_owner(row[:5]), row[5]) for row in session.execute(query)]


def reviews_between(
    session: Session, *, workspace_id: str, first: date, last: date
) -> list[ReviewDate]:
    query = (
        select(ReviewDate)
        .where(
            ReviewDate.workspace_id == workspace_id,
            col(ReviewDate.held_on) >= first,
            col(ReviewDate.held_on) <= last,
        )
        .order_by(col(ReviewDate.held_on), col(ReviewDate.id))
    )
    return list(session.exec(query).all())


def previous_review_day(
    session: Session, *, workspace_id: str, plan_id: int, before: date
) -> date | None:
    """The day of the plan's last review before ``before``, if any."""
    query = sa.select(sa.func.max(col(ReviewDate.held_on))).where(
        col(ReviewDate.workspace_id) == workspace_id,
        col(ReviewDate.plan_id) == plan_id,
        col(ReviewDate.held_on) < before,
    )
    return session.scalar(query)


def stale_tasks(
    session: Session, *, workspace_id: str, plan_id: int, since: datetime, utc_today: date
) -> list[tuple[OwnerFacts, int]]:
    """``(owner, task id)`` for the plan's open tasks with no update since ``since``."""
    updated = (
        sa.select(sa.literal(1))
        .where(
            col(ProgressUpdate.task_id) == col(Task.id),
            col(ProgressUpdate.created_at) >= since,
        )
        .exists()
    )
    query = (
        sa.select(*_OWNER_COLUMNS, col(Task.id))
        .join(Task, col(Task.owner_id) == col(Person.id))
        .join(Goal, col(Goal.id) == col(Task.goal_id))
        .where(
            col(Task.workspace_id) == workspace_id,
            col(Task.state) == TaskState.OPEN,
            col(Goal.plan_id) == plan_id,
            *_reachable(workspace_id),
            _not_surely_away(utc_today),
            ~updated,
        )
        .order_by(col(Person.id), col(Task.id))
    )
    return [(_owner(row[:5]), int(row[5])) for row in session.execute(query)]


def deactivated_owners(session: Session, *, workspace_id: str) -> list[int]:
    """People marked as gone who still own open tasks."""
    query = (
        sa.select(col(Person.id))
        .where(
            col(Person.workspace_id) == workspace_id,
            col(Person.deactivated).is_(True),
            _owns_open_task(),
        )
        .order_by(col(Person.id))
    )
    return [person_id for person_id in session.scalars(query) if person_id is not None]


def admin_slack_ids(
    session: Session, *, workspace_id: str, configured: Collection[str], only_workspace: bool
) -> list[str]:
    """The workspace's admins: its people with an admin role or Slack admin rights, and the
    configured ids found among its people (all configured ids when it is the only one)."""
    admin = sa.or_(
        col(Person.role) == Role.ADMIN,
        col(Person.is_slack_admin).is_(True),
        col(Person.slack_user_id).in_(sorted(configured)),
    )
    query = sa.select(col(Person.slack_user_id)).where(*_reachable(workspace_id), admin)
    found = {str(slack_id) for slack_id in session.scalars(query)}
    if only_workspace:
        found.update(configured)
    return sorted(found)


def existing_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` are already in the outbox (owed or sent)."""
    found: set[str] = set()
    for chunk in _chunks(list(keys)):
        query = sa.select(col(Outbox.dedupe_key)).where(col(Outbox.dedupe_key).in_(chunk))
        found.update(session.scalars(query))
    return found


def _chunks(items: Collection[_T]) -> Iterable[list[_T]]:
    ordered = list(items)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]
