"""Finding a workspace's people and teams by the names a file gives them."""

from collections.abc import Iterable

from storage.transfer.names import loose_key
from storage.transfer.rows import Owner
from storage.transfer.snapshot import KnownPerson, KnownTeam


class Directory:
    """People by Slack user id or e-mail (any case), teams by name (any case or spacing)."""

    def __init__(self, *, people: Iterable[KnownPerson], teams: Iterable[KnownTeam]) -> None:
        self._by_slack_id: dict[str, int] = {}
        self._by_email: dict[str, int] = {}
        self._teams: dict[str, int] = {}
        self._teams_loosely: dict[str, int] = {}
        for person in people:
            self.add_person(
                Owner(slack_user_id=person.slack_user_id, email=person.email), person.id
            )
        for team in teams:
            self.add_team(team.name, team.id)

    def add_person(self, owner: Owner, person_id: int) -> None:
        if owner.slack_user_id:
            self._by_slack_id.setdefault(owner.slack_user_id, person_id)
        if owner.email:
            self._by_email.setdefault(owner.email.lower(), person_id)

    def add_team(self, name: str, team_id: int) -> None:
        self._teams.setdefault(name, team_id)
        self._teams_loosely.setdefault(loose_key(name), team_id)

    def person_id(self, owner: Owner) -> int | None:
        if owner.slack_user_id:
            return self._by_slack_id.get(owner.slack_user_id)
        return self._by_email.get((owner.email or "").lower())

    def team_id(self, name: str) -> int | None:
        exact = self._teams.get(name)
        return exact if exact is not None else self._teams_loosely.get(loose_key(name))
