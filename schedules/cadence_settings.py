"""Reading and changing the stored cadence: the workspace's, and a team's over it.

An owner's cadence is that of their main team (the one most of their open tasks belong
to) over the workspace's; see :func:`schedules.cadence.effective_cadence` for how keys
merge. Changes are checked against the cadence they produce, for the team changed or,
for a workspace change, for every team that overrides part of it, so no stored
combination is left that the sweeps could not use.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from schedules.cadence import Cadence, effective_cadence
from schedules.errors import ScheduleError
from schedules.sweeps.cadences import CADENCE_KEY, stored_cadence
from storage.crud import record_change
from storage.errors import DomainError
from storage.models import Team, Workspace


def save_cadence(
    *,
    session: Session,
    workspace_id: str,
    team: Team | None,
    changes: Mapping[str, Any] | None,
    actor: str | None,
    now: datetime,
) -> Cadence:
    """Merge ``changes`` into the stored cadence of ``team`` (or the workspace); ``None``
    removes it (a team goes back to the workspace's, the workspace to the defaults).

    Returns the cadence now in effect there; a combination that cannot work is refused
    with a :class:`DomainError` and nothing is written. The caller commits.
    """
    workspace = _workspace(session, workspace_id, now)
    before = stored_cadence(team.settings if team else workspace.settings)
    after = {} if changes is None else {**before, **changes}
    if team is None:
        result = _checked({CADENCE_KEY: after}, None, where="")
        _check_teams(session, workspace_id=workspace_id, workspace_cadence=after)
        workspace.settings = _with_cadence(workspace.settings, after)
        session.add(workspace)
        entity, entity_id = "workspace", None
    else:
        result = _checked(workspace.settings, {CADENCE_KEY: after}, where=f" for {team.name}")
        team.settings = _with_cadence(team.settings, after)
        session.add(team)
        entity, entity_id = "team", team.id
    session.flush()
    record_change(
        session=session, workspace_id=workspace_id, actor=actor, action="cadence.set",
        entity=entity, entity_id=entity_id, changes={CADENCE_KEY: [before, after]}, now=now,
    )  # fmt: skip
    return result


def _workspace(session: Session, workspace_id: str, now: datetime) -> Workspace:
    workspace = session.get(Workspace, workspace_id)
    if workspace is None:
        workspace = Workspace(id=workspace_id, created_at=now)
        session.add(workspace)
        session.flush()
    return workspace


def _with_cadence(settings: Mapping[str, Any] | None, cadence: Mapping[str, Any]) -> dict[str, Any]:
    # A new dict, so that the JSON column is seen as changed.
    updated = {key: value for key, value in (settings or {}).items() if key != CADENCE_KEY}
    if cadence:
        updated[CADENCE_KEY] = dict(cadence)
    return updated


def _checked(
    workspace_settings: Mapping[str, Any], team_settings: Mapping[str, Any] | None, *, where: str
) -> Cadence:
    try:
        return effective_cadence(workspace_settings, team_settings)
    except ScheduleError as error:
        raise DomainError(f"that cadence cannot work{where}: {error}", field="cadence") from None


def _check_teams(
    session: Session, *, workspace_id: str, workspace_cadence: Mapping[str, Any]
) -> None:
    """Refuse a workspace cadence that a team's own settings would turn into a broken one."""
    teams = session.exec(
        select(Team).where(Team.workspace_id == workspace_id).order_by(col(Team.name))
    ).all()
    for team in teams:
        if stored_cadence(team.settings):
            _checked(
                {CADENCE_KEY: workspace_cadence},
                team.settings,
                where=f" with the settings of {team.name} (change or reset that team first)",
            )
