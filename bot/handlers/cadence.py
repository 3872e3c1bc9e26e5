"""`cadence [show] | set | reset`: when check-ins happen, for everyone or for one team.

Anyone may look; only admins change it. Each reply ends with the reader's own next
check-in, in their own time zone.
"""

from datetime import datetime
from typing import Any

from bot.commands import ResetCadence, SetCadence, ShowCadence
from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.replies import Reply
from bot.people.roles import require_admin
from bot.views.cadence import (
    CadenceSource,
    CadenceView,
    render_cadence,
    render_cadence_changed,
)
from schedules.cadence import Cadence, OpensOn
from schedules.cadence_settings import save_cadence
from schedules.fire_times import zone_named
from schedules.sweeps.cadences import CadenceBook, stored_cadence
from schedules.sweeps.decide import usable_zone
from schedules.time_of_day import format_time_of_day
from schedules.windows import next_opening
from storage.models import Team, Workspace

_CHANGE = "change the check-in cadence"


def show_cadence(command: ShowCadence, context: HandlerContext) -> Reply:
    team = lookups.team(context, command.team) if command.team else None
    return render_cadence(_view(context, team))


def set_cadence(command: SetCadence, context: HandlerContext) -> Reply:
    require_admin(context.actor, action=_CHANGE)
    team = lookups.team(context, command.team) if command.team else None
    _save(context, team, cadence_changes(command))
    return render_cadence_changed(_view(context, team))


def reset_cadence(command: ResetCadence, context: HandlerContext) -> Reply:
    require_admin(context.actor, action=_CHANGE)
    team = lookups.team(context, command.team) if command.team else None
    _save(context, team, None)
    return render_cadence_changed(_view(context, team), reset=True)


def cadence_changes(command: SetCadence) -> dict[str, Any]:
    """The stored keys a ``cadence set`` changes (only those it names)."""
    changes: dict[str, Any] = {}
    if command.day is not None:
        if command.day.business:
            changes.update(opens_on=OpensOn.BUSINESS_DAY.value, business_day=command.day.number)
        else:
            changes.update(opens_on=OpensOn.CALENDAR_DAY.value, calendar_day=command.day.number)
    if command.at is not None:
        changes["time"] = format_time_of_day(command.at)
    if command.window_days is not None:
        changes["window_days"] = command.window_days
    if command.nudge_days is not None:
        changes["nudge_days"] = list(command.nudge_days)
    return changes


def _save(context: HandlerContext, team: Team | None, changes: dict[str, Any] | None) -> None:
    save_cadence(
        session=context.session,
        workspace_id=context.workspace_id,
        team=team,
        changes=changes,
        actor=context.actor.slack_user_id,
        now=context.now,
    )


def _view(context: HandlerContext, team: Team | None) -> CadenceView:
    book = CadenceBook(context.session, workspace_id=context.workspace_id)
    cadence = book.for_team(team.id) if team else book.workspace
    zone = usable_zone(context.person.tz, default_tz=context.services.settings.PILLAR_TIMEZONE)
    return CadenceView(
        scope=team.name if team else "the workspace",
        cadence=cadence,
        source=_source(context, team),
        next_opening=_next_opening(cadence, context, zone),
        zone=zone,
    )


def _next_opening(cadence: Cadence, context: HandlerContext, zone: str) -> datetime:
    return next_opening(cadence, context.now, zone).astimezone(zone_named(zone))


def _source(context: HandlerContext, team: Team | None) -> CadenceSource:
    if team is not None and stored_cadence(team.settings):
        return CadenceSource.TEAM
    workspace = context.session.get(Workspace, context.workspace_id)
    if workspace is not None and stored_cadence(workspace.settings):
        return CadenceSource.WORKSPACE
    return CadenceSource.DEFAULTS
