"""Which digests are owed: a team's once its check-in window of the month has closed, and
the plan's in the leadership channel once the workspace's has.

A team's window is read in the zone of its first manager (the deployment's default zone
when it has none): the digest comes when the people who read it first have seen the
window close. Only a window that closed in the current month counts (a late opening day
and a long window may close in the month after the period), so a first start mid-year
does not post old months' digests.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from schedules.cadence import Cadence
from schedules.periods import period_of, shift_period
from schedules.sweeps.cadences import CadenceBook
from schedules.sweeps.decide import local_today, usable_zone
from schedules.sweeps.facts import existing_keys
from schedules.sweeps.owed import PlanDigest, TeamDigest
from schedules.windows import window_for
from storage.enums import PlanState
from storage.models import Person, Plan, Team, TeamManager, Workspace

LEADERSHIP_CHANNEL = "leadership_channel"


@dataclass(frozen=True, slots=True)
class TeamChannel:
    team_id: int
    channel_id: str
    manager_tz: str | None


def digests_owed(
    session: Session,
    *,
    workspace: Workspace,
    cadences: CadenceBook,
    now: datetime,
    default_tz: str,
    workspace_tz: str | None,
) -> list[TeamDigest | PlanDigest]:
    """The digests whose window has closed at ``now`` and that are not in the outbox yet."""
    plan_id = active_plan_id(session, workspace_id=workspace.id)
    if plan_id is None:
        return []
    owed: list[TeamDigest | PlanDigest] = []
    for team in team_channels(session, workspace_id=workspace.id):
        tz = usable_zone(team.manager_tz, default_tz=default_tz)
        period = _closed_period(cadences.for_team(team.team_id), now=now, tz=tz)
        if period is not None:
            owed.append(
                TeamDigest(
                    workspace_id=workspace.id, team_id=team.team_id, plan_id=plan_id,
                    channel_id=team.channel_id, period=period, today=local_today(now, tz),
                )
            )  # fmt: skip
    leadership = leadership_channel(workspace)
    if leadership is not None:
        tz = usable_zone(workspace_tz, default_tz=default_tz)
        period = _closed_period(cadences.workspace, now=now, tz=tz)
        if period is not None:
            owed.append(
                PlanDigest(
                    workspace_id=workspace.id, plan_id=plan_id, channel_id=leadership,
                    period=period, today=local_today(now, tz),
                )
            )  # fmt: skip
    done = existing_keys(session, (item.dedupe_key for item in owed))
    return [item for item in owed if item.dedupe_key not in done]


def _closed_period(cadence: Cadence, *, now: datetime, tz: str) -> str | None:
    """The period whose check-in window closed this month (in ``tz``) by ``now``, if any;
    the latest when two did."""
    this_month = period_of(now, tz)
    for period in (this_month, shift_period(this_month, -1)):
        closes_at = window_for(cadence, period, tz).closes_at
        if closes_at <= now and period_of(closes_at, tz) == this_month:
            return period
    return None


def leadership_channel(workspace: Workspace) -> str | None:
    value = (workspace.settings or {}).get(LEADERSHIP_CHANNEL)
    return value if isinstance(value, str) and value.strip() else None


def active_plan_id(session: Session, *, workspace_id: str) -> int | None:
    query = select(Plan.id).where(Plan.workspace_id == workspace_id, Plan.state == PlanState.ACTIVE)
    return session.exec(query).first()


def team_channels(session: Session, *, workspace_id: str) -> list[TeamChannel]:
    """Teams with a channel, each with the zone of its first manager still here."""
    first_manager = (
        sa.select(col(Person.tz))
        .join(TeamManager, col(TeamManager.person_id) == col(Person.id))
        .where(
            col(TeamManager.team_id) == col(Team.id),
            col(Person.deactivated).is_(False),
        )
        .order_by(col(Person.id))
        .limit(1)
        .correlate(Team)
        .scalar_subquery()
    )
    query = (
        sa.select(col(Team.id), col(Team.channel_id), first_manager.label("tz"))
        .where(col(Team.workspace_id) == workspace_id, col(Team.channel_id).is_not(None))
        .order_by(col(Team.id))
    )
    return [
        TeamChannel(team_id=int(team_id), channel_id=str(channel), manager_tz=tz)
        for team_id, channel, tz in session.execute(query)
    ]
