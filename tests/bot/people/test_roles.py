import pytest

from bot.people.roles import (
    Actor,
    Refused,
    TaskParties,
    may_manage,
    may_update,
    require_admin,
    require_manage,
    require_manager,
    require_update,
)

TASK = TaskParties(ref="T-7", owner_id=2, owner_slack_id="U2", team_id=10, team_name="#growth")
OWNER = Actor(workspace_id="T1", person_id=2, slack_user_id="U2")
STRANGER = Actor(workspace_id="T1", person_id=3, slack_user_id="U3")
TEAM_MANAGER = Actor(
    workspace_id="T1", person_id=4, slack_user_id="U4", managed_team_ids=frozenset({10})
)
LINE_MANAGER = Actor(workspace_id="T1", person_id=5, slack_user_id="U5", report_ids=frozenset({2}))
ADMIN = Actor(workspace_id="T1", person_id=6, slack_user_id="U6", is_admin=True)


@pytest.mark.parametrize(
    ("actor", "update", "manage"),
    [
        (OWNER, True, False),
        (STRANGER, False, False),
        (TEAM_MANAGER, True, True),
        (LINE_MANAGER, True, True),
        (ADMIN, True, True),
    ],
)
def test_who_may_update_and_manage(actor: Actor, update: bool, manage: bool) -> None:
    assert may_update(actor, TASK) is update
    assert may_manage(actor, TASK) is manage


def test_manager_of_another_team_may_not_manage() -> None:
    other = Actor(
        workspace_id="T1", person_id=9, slack_user_id="U9", managed_team_ids=frozenset({11})
    )
    assert not may_manage(other, TASK)
    assert other.is_manager


def test_refusals_say_who_may() -> None:
    with pytest.raises(Refused, match=r"Only its owner <@U2>, a manager of #growth or a Pillar"):
        require_update(STRANGER, TASK)
    with pytest.raises(Refused, match=r"Only a manager of #growth or a Pillar admin can drop T-7"):
        require_manage(OWNER, TASK, action="drop")
    with pytest.raises(Refused, match="Only team managers and Pillar admins can post a digest"):
        require_manager(OWNER, action="post a digest")
    with pytest.raises(Refused, match="PILLAR_ADMINS"):
        require_admin(TEAM_MANAGER, action="change the cadence")


def test_unowned_task_without_team_names_the_owners_manager() -> None:
    loose = TaskParties(ref="T-8", owner_id=None, owner_slack_id=None, team_id=None, team_name=None)
    with pytest.raises(Refused, match="Only its owner, the owner's manager or a Pillar admin"):
        require_update(STRANGER, loose)
    require_update(ADMIN, loose)
