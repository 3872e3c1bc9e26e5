"""Each owner's cadence: their main team's (the one most of their open tasks belong to)
over the workspace's, read once per sweep."""

from collections.abc import Collection, Mapping
from typing import Any

from sqlmodel import Session

from schedules.cadence import Cadence
from schedules.sweeps import facts
from schedules.sweeps.decide import cadence_or_default
from storage.models import Workspace

CADENCE_KEY = "cadence"


def stored_cadence(settings: Mapping[str, Any] | None) -> dict[str, Any]:
    """The cadence keys stored in a settings dict (empty when none are)."""
    value = (settings or {}).get(CADENCE_KEY)
    return dict(value) if isinstance(value, Mapping) else {}


class CadenceBook:
    """The cadences of one workspace, read once: per team, and per owner on demand."""

    def __init__(self, session: Session, *, workspace_id: str) -> None:
        self._session = session
        self._workspace_id = workspace_id
        workspace = session.get(Workspace, workspace_id)
        self._workspace_settings: Mapping[str, Any] = workspace.settings if workspace else {}
        teams = facts.team_settings(session, workspace_id=workspace_id)
        self.workspace = cadence_or_default(self._workspace_settings, None)
        self._teams = {
            team_id: cadence_or_default(self._workspace_settings, settings)
            for team_id, settings in teams.items()
            if stored_cadence(settings)
        }

    def all(self) -> set[Cadence]:
        """Every cadence in use: the workspace's and each team override's."""
        return {self.workspace, *self._teams.values()}

    def for_team(self, team_id: int | None) -> Cadence:
        return self._teams.get(team_id or 0, self.workspace)

    def for_owners(self, person_ids: Collection[int]) -> dict[int, Cadence]:
        """Each owner's cadence (one query, and none at all when no team overrides)."""
        if not self._teams or not person_ids:
            return dict.fromkeys(person_ids, self.workspace)
        teams = facts.main_teams(
            self._session, workspace_id=self._workspace_id, person_ids=person_ids
        )
        return {person_id: self.for_team(team_id) for person_id, team_id in teams.items()}


def cadence_of_person(session: Session, *, workspace_id: str, person_id: int) -> Cadence:
    book = CadenceBook(session, workspace_id=workspace_id)
    return book.for_owners([person_id])[person_id]
