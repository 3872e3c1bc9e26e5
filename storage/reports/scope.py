"""What a report covers: a plan, narrowed to teams, owners, goals or tasks."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Tasks of ``plan_id`` that match every filter given (``None`` = no filter).

    A task belongs to a team when its own team is one of ``team_ids``, or when it has
    no team and its goal's team is.
    """

    workspace_id: str
    plan_id: int
    team_ids: frozenset[int] | None = None
    owner_ids: frozenset[int] | None = None
    goal_ids: frozenset[int] | None = None
    task_ids: frozenset[int] | None = None

    @property
    def is_whole_plan(self) -> bool:
        filters = (self.team_ids, self.owner_ids, self.goal_ids, self.task_ids)
        return all(narrowing is None for narrowing in filters)
