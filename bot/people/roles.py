"""Who may do what. Pure: the facts about the actor are gathered once per request.

Admins do everything; managers create, assign and close tasks in their teams (and for
the people who report to them) and post digests; members update their own tasks.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    workspace_id: str
    person_id: int
    slack_user_id: str
    is_admin: bool = False
    managed_team_ids: frozenset[int] = field(default_factory=frozenset)
    report_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_manager(self) -> bool:
        return self.is_admin or bool(self.managed_team_ids or self.report_ids)


@dataclass(frozen=True)
class TaskParties:
    """The people a task's permissions turn on."""

    ref: str
    owner_id: int | None
    owner_slack_id: str | None
    team_id: int | None
    team_name: str | None


class Refused(Exception):
    """The actor may not do this; the message says who may."""


def may_manage(actor: Actor, task: TaskParties) -> bool:
    if actor.is_admin:
        return True
    if task.team_id is not None and task.team_id in actor.managed_team_ids:
        return True
    return task.owner_id is not None and task.owner_id in actor.report_ids


def may_update(actor: Actor, task: TaskParties) -> bool:
    return task.owner_id == actor.person_id or may_manage(actor, task)


def _managers_phrase(task: TaskParties) -> str:
    team = f"a manager of {task.team_name}" if task.team_name else "the owner's manager"
    return f"{team} or a Pillar admin"


def require_update(actor: Actor, task: TaskParties) -> None:
    if not may_update(actor, task):
        owner = f"its owner <@{task.owner_slack_id}>" if task.owner_slack_id else "its owner"
        raise Refused(f"Only {owner}, {_managers_phrase(task)} can report progress on {task.ref}.")


def require_manage(actor: Actor, task: TaskParties, *, action: str) -> None:
    if not may_manage(actor, task):
        raise Refused(f"Only {_managers_phrase(task)} can {action} {task.ref}.")


def require_manager(actor: Actor, *, action: str) -> None:
    if not actor.is_manager:
        raise Refused(f"Only team managers and Pillar admins can {action}.")


def require_admin(actor: Actor, *, action: str) -> None:
    if not actor.is_admin:
        raise Refused(
            f"Only Pillar admins can {action}. Admins are listed in PILLAR_ADMINS, "
            "plus the workspace's Slack admins and owners."
        )
