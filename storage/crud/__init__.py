"""Domain operations: validated, audited changes and the queries the bot and importer use.

Conventions, the same for every function here:

- arguments are keyword-only; ``session`` is the caller's, ``workspace_id`` scopes every
  query, ``actor`` is the acting Slack user id (``None`` for the system or an import) and
  ``now`` is the injected clock's aware time;
- bad input raises one :class:`~storage.errors.DomainError` (or ``NotFound``/``Conflict``)
  naming the field, before anything is written;
- writes are flushed inside a savepoint together with their audit row, and never
  committed: the caller commits (or rolls back) its transaction. A refused write leaves
  the session usable.
"""

from storage.crud._tx import refusal_ends_transaction
from storage.crud.audit import list_audit, record_change
from storage.crud.goals import create_goal, find_goal, list_goals
from storage.crud.latest import mark_latest_updates
from storage.crud.people import (
    deactivate_person,
    find_person_by_email,
    find_person_by_slack_id,
    get_or_create_person,
    get_or_create_person_by_email,
    get_person,
    set_away,
    set_manager,
    set_role,
)
from storage.crud.plans import (
    NO_ACTIVE_PLAN,
    activate_plan,
    create_plan,
    find_plan,
    get_active_plan,
    list_plans,
)
from storage.crud.progress import record_progress
from storage.crud.reviews import add_review_date, list_upcoming_reviews
from storage.crud.tasks import (
    OpenTask,
    accept_task,
    assign_task,
    close_task,
    create_task,
    decline_task,
    drop_task,
    find_task,
    get_task,
    latest_updates,
    list_open_tasks,
    redate_task,
    rename_task,
    reopen_task,
)
from storage.crud.teams import (
    add_team_manager,
    create_team,
    find_team_by_channel,
    find_team_by_name,
    list_teams,
    team_managers,
)

__all__ = [
    "NO_ACTIVE_PLAN",
    "OpenTask",
    "accept_task",
    "activate_plan",
    "add_review_date",
    "add_team_manager",
    "assign_task",
    "close_task",
    "create_goal",
    "create_plan",
    "create_task",
    "create_team",
    "deactivate_person",
    "decline_task",
    "drop_task",
    "find_goal",
    "find_person_by_email",
    "find_person_by_slack_id",
    "find_plan",
    "find_task",
    "find_team_by_channel",
    "find_team_by_name",
    "get_active_plan",
    "get_or_create_person",
    "get_or_create_person_by_email",
    "get_person",
    "get_task",
    "latest_updates",
    "list_audit",
    "list_goals",
    "list_open_tasks",
    "list_plans",
    "list_teams",
    "list_upcoming_reviews",
    "mark_latest_updates",
    "record_change",
    "record_progress",
    "redate_task",
    "refusal_ends_transaction",
    "rename_task",
    "reopen_task",
    "set_away",
    "set_manager",
    "set_role",
    "team_managers",
]
