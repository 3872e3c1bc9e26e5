import threading
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from storage.crud import (
    accept_task,
    activate_plan,
    assign_task,
    close_task,
    create_goal,
    create_plan,
    create_task,
    deactivate_person,
    decline_task,
    drop_task,
    find_task,
    get_or_create_person,
    get_task,
    latest_updates,
    list_audit,
    list_open_tasks,
    record_progress,
    redate_task,
    rename_task,
    reopen_task,
)
from storage.enums import Acceptance, Source, Status, TaskState
from storage.errors import Conflict, DomainError, NotFound
from storage.models import AuditLog, Goal, Person, Task
from tests.conftest import NOW, WORKSPACE, QueryPlans
from tests.storage.crud.conftest import waits_for

OTHER = "T0OTHER"


def new_task(session: Session, goal: Goal, title: str = "Ship it", **options: Any) -> Task:
    options.setdefault("actor", "UADMIN")
    return create_task(
        session=session, workspace_id=goal.workspace_id, goal=goal, title=title, now=NOW, **options
    )


def last_audit(session: Session, action: str) -> AuditLog:
    rows = session.exec(select(AuditLog).where(AuditLog.action == action)).all()
    assert rows, f"no audit row for {action}"
    return rows[-1]


# creating


def test_tasks_are_numbered_per_workspace(session: Session, goal: Goal) -> None:
    first, second = new_task(session, goal, "One"), new_task(session, goal, "Two")
    assert (first.ref, second.ref) == ("T-1", "T-2")


def test_create_records_everything_and_audits_it(
    session: Session, goal: Goal, alice: Person
) -> None:
    task = new_task(
        session,
        goal,
        owner=alice,
        how="call every client",
        start_on=date(2027, 1, 1),
        due_on=date(2027, 3, 31),
        metric_name="clients",
        metric_target=40,
        metric_unit="calls",
        budget="1200.5",
    )
    session.commit()
    stored = get_task(session=session, workspace_id=WORKSPACE, task_id=task.id or 0)
    assert stored.owner_id == alice.id
    assert stored.acceptance == Acceptance.PENDING
    assert stored.assigned_by == "UADMIN"
    assert stored.budget == Decimal("1200.50")
    assert stored.metric_target == 40.0
    entry = last_audit(session, "task.create")
    assert entry.actor == "UADMIN"
    assert entry.entity_id == task.id
    assert entry.changes["due_on"] == [None, "2027-03-31"]
    assert entry.changes["budget"] == [None, "1200.50"]


def test_a_task_you_take_yourself_is_accepted(session: Session, goal: Goal, alice: Person) -> None:
    task = new_task(session, goal, owner=alice, actor="UALICE")
    assert task.acceptance == Acceptance.ACCEPTED


def test_a_task_takes_its_goals_team_unless_given(session: Session, plan: Any) -> None:
    from storage.crud import create_team

    team = create_team(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        name="Sales",
        channel_id="CSALES",
        now=NOW,
    )
    goal = create_goal(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        plan=plan,
        title="Sell",
        team=team,
        now=NOW,
    )
    assert new_task(session, goal).team_id == team.id


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"start_on": date(2027, 2, 1), "due_on": date(2027, 1, 1)}, "due"),
        ({"budget": -1}, "budget"),
        ({"budget": "lots"}, "budget"),
        ({"how": "h" * 4001}, "how"),
        ({"metric_target": float("nan")}, "target"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    session: Session, goal: Goal, options: dict[str, Any], field: str
) -> None:
    options.setdefault("title", "Ship it")
    with pytest.raises(DomainError) as refused:
        new_task(session, goal, **options)
    assert refused.value.field == field
    assert session.exec(select(Task)).all() == []


def test_due_before_start_says_what_is_right(session: Session, goal: Goal) -> None:
    with pytest.raises(DomainError, match="give a due date on or after the start") as refused:
        new_task(session, goal, start_on=date(2026, 2, 1), due_on=date(2026, 1, 1))
    assert "due date 2026-01-01 is before the start 2026-02-01" in refused.value.message


def test_a_duplicate_title_in_a_goal_is_a_conflict_and_nothing_is_written(
    session: Session, goal: Goal
) -> None:
    new_task(session, goal, "Ship it")
    audit_rows = len(session.exec(select(AuditLog)).all())
    with pytest.raises(Conflict, match="already has a task titled 'Ship it'") as refused:
        new_task(session, goal, "Ship it")
    assert refused.value.field == "title"
    session.commit()
    assert [task.ref for task in session.exec(select(Task)).all()] == ["T-1"]
    assert len(session.exec(select(AuditLog)).all()) == audit_rows
    assert new_task(session, goal, "Another").ref == "T-2"


def test_an_owner_who_left_cannot_be_given_a_task(
    session: Session, goal: Goal, alice: Person
) -> None:
    deactivate_person(session=session, workspace_id=WORKSPACE, actor=None, person=alice, now=NOW)
    with pytest.raises(DomainError, match="has left the workspace") as refused:
        new_task(session, goal, owner=alice)
    assert refused.value.field == "owner"


def test_a_goal_of_an_archived_plan_takes_no_new_tasks(session: Session, goal: Goal) -> None:
    successor = create_plan(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        name="FY2028",
        starts_on=date(2028, 1, 1),
        ends_on=date(2028, 12, 31),
        now=NOW,
    )
    activate_plan(session=session, workspace_id=WORKSPACE, actor=None, plan=successor, now=NOW)
    with pytest.raises(DomainError, match="archived plan FY2027") as refused:
        new_task(session, goal)
    assert refused.value.field == "goal"


# finding


@pytest.mark.parametrize("ref", ["T-2", "t-2", "T2", "2", " T-2 ", 2])
def test_find_by_reference(session: Session, goal: Goal, ref: str | int) -> None:
    new_task(session, goal, "One")
    second = new_task(session, goal, "Two")
    assert find_task(session=session, workspace_id=WORKSPACE, ref=ref).id == second.id


def test_an_unknown_reference_is_not_found(session: Session, goal: Goal) -> None:
    with pytest.raises(NotFound, match="there is no task T-9") as refused:
        find_task(session=session, workspace_id=WORKSPACE, ref="T-9")
    assert refused.value.field == "task"


@pytest.mark.parametrize("ref", ["G-1", "T-", "T-0", "twelve", "", "T-1.5"])
def test_a_malformed_reference_says_how_to_write_one(session: Session, ref: str) -> None:
    with pytest.raises(DomainError, match="write it like T-12"):
        find_task(session=session, workspace_id=WORKSPACE, ref=ref)


# changing


def test_rename_audits_old_and_new(session: Session, goal: Goal) -> None:
    task = new_task(session, goal, "Old")
    rename_task(
        session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, title="New", now=NOW
    )
    assert task.title == "New"
    assert last_audit(session, "task.rename").changes == {"title": ["Old", "New"]}


def test_rename_to_a_taken_title_keeps_the_old_one(session: Session, goal: Goal) -> None:
    new_task(session, goal, "Taken")
    task = new_task(session, goal, "Mine")
    with pytest.raises(Conflict, match="already has a task titled 'Taken'"):
        rename_task(
            session=session, workspace_id=WORKSPACE, actor=None, task=task, title="Taken", now=NOW
        )
    assert task.title == "Mine"
    session.commit()
    assert {t.title for t in session.exec(select(Task)).all()} == {"Taken", "Mine"}


def test_assigning_a_new_owner_asks_them_again(
    session: Session, goal: Goal, alice: Person, bob: Person
) -> None:
    task = new_task(session, goal, owner=alice, actor="UALICE")
    assert task.acceptance == Acceptance.ACCEPTED
    assign_task(
        session=session, workspace_id=WORKSPACE, actor="UCAROL", task=task, owner=bob, now=NOW
    )
    assert (task.owner_id, task.acceptance, task.assigned_by) == (
        bob.id,
        Acceptance.PENDING,
        "UCAROL",
    )
    changes = last_audit(session, "task.assign").changes
    assert changes["owner_id"] == [alice.id, bob.id]
    assert changes["acceptance"] == ["accepted", "pending"]


def test_assigning_the_same_owner_changes_nothing(
    session: Session, goal: Goal, alice: Person
) -> None:
    task = new_task(session, goal, owner=alice, actor="UALICE")
    assign_task(
        session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, owner=alice, now=NOW
    )
    assert task.acceptance == Acceptance.ACCEPTED
    assert session.exec(select(AuditLog).where(AuditLog.action == "task.assign")).all() == []


def test_the_owner_accepts(session: Session, goal: Goal, alice: Person) -> None:
    task = new_task(session, goal, owner=alice)
    accept_task(session=session, workspace_id=WORKSPACE, actor="UALICE", task=task, now=NOW)
    assert task.acceptance == Acceptance.ACCEPTED


def test_only_the_owner_accepts_or_declines(session: Session, goal: Goal, alice: Person) -> None:
    task = new_task(session, goal, owner=alice)
    with pytest.raises(DomainError, match="only <@UALICE>, who owns T-1, can accept it"):
        accept_task(session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, now=NOW)
    with pytest.raises(DomainError, match="can decline it"):
        decline_task(
            session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, reason="no", now=NOW
        )
    assert task.acceptance == Acceptance.PENDING


def test_an_unowned_task_cannot_be_accepted(session: Session, goal: Goal) -> None:
    task = new_task(session, goal)
    with pytest.raises(DomainError, match="has no owner yet; assign it first"):
        accept_task(session=session, workspace_id=WORKSPACE, actor="UALICE", task=task, now=NOW)


def test_a_decline_needs_a_reason_and_records_it(
    session: Session, goal: Goal, alice: Person
) -> None:
    task = new_task(session, goal, owner=alice)
    with pytest.raises(DomainError) as refused:
        decline_task(
            session=session, workspace_id=WORKSPACE, actor="UALICE", task=task, reason=" ", now=NOW
        )
    assert refused.value.field == "reason"
    decline_task(
        session=session,
        workspace_id=WORKSPACE,
        actor="UALICE",
        task=task,
        reason="I am on leave all quarter",
        now=NOW,
    )
    assert task.acceptance == Acceptance.DECLINED
    assert task.assigned_by == "UADMIN"
    changes = last_audit(session, "task.decline").changes
    assert changes["reason"] == [None, "I am on leave all quarter"]


def test_redate_keeps_the_start_and_checks_the_order(session: Session, goal: Goal) -> None:
    task = new_task(session, goal, start_on=date(2027, 2, 1), due_on=date(2027, 3, 1))
    with pytest.raises(DomainError, match="before the start 2027-02-01") as refused:
        redate_task(
            session=session, workspace_id=WORKSPACE, actor=None, task=task,
            due_on=date(2027, 1, 15), now=NOW,
        )  # fmt: skip
    assert refused.value.field == "due"
    redate_task(
        session=session,
        workspace_id=WORKSPACE,
        actor=None,
        task=task,
        due_on=date(2027, 4, 1),
        now=NOW,
    )
    assert (task.start_on, task.due_on) == (date(2027, 2, 1), date(2027, 4, 1))
    assert last_audit(session, "task.redate").changes == {"due_on": ["2027-03-01", "2027-04-01"]}


def test_redate_can_move_the_start_too(session: Session, goal: Goal) -> None:
    task = new_task(session, goal, start_on=date(2027, 2, 1), due_on=date(2027, 3, 1))
    redate_task(
        session=session, workspace_id=WORKSPACE, actor=None, task=task,
        start_on=date(2027, 1, 1), due_on=date(2027, 1, 20), now=NOW,
    )  # fmt: skip
    assert (task.start_on, task.due_on) == (date(2027, 1, 1), date(2027, 1, 20))


def test_close_drop_and_reopen(session: Session, goal: Goal) -> None:
    task = new_task(session, goal)
    close_task(session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, now=NOW)
    assert (task.state, task.closed_at) == (TaskState.DONE, NOW)
    with pytest.raises(DomainError, match="T-1 is done; reopen it before you close it"):
        close_task(session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, now=NOW)
    reopen_task(session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, now=NOW)
    assert (task.state, task.closed_at) == (TaskState.OPEN, None)
    later = NOW + timedelta(days=1)
    drop_task(
        session=session, workspace_id=WORKSPACE, actor="UBOB", task=task, reason="merged", now=later
    )
    assert (task.state, task.closed_at) == (TaskState.DROPPED, later)
    assert last_audit(session, "task.drop").changes["reason"] == [None, "merged"]
    with pytest.raises(DomainError, match="is dropped; reopen it before you assign it"):
        assign_task(
            session=session, workspace_id=WORKSPACE, actor=None, task=task,
            owner=get_or_create_person(
                session=session, workspace_id=WORKSPACE, actor=None, slack_user_id="UX", now=NOW
            ),
            now=NOW,
        )  # fmt: skip


def test_reopening_an_open_task_is_refused(session: Session, goal: Goal) -> None:
    task = new_task(session, goal)
    with pytest.raises(DomainError, match="T-1 is already open"):
        reopen_task(session=session, workspace_id=WORKSPACE, actor=None, task=task, now=NOW)


def test_the_caller_commits_or_rolls_back(session: Session, goal: Goal) -> None:
    session.commit()
    task = new_task(session, goal)
    close_task(session=session, workspace_id=WORKSPACE, actor=None, task=task, now=NOW)
    session.rollback()
    assert session.exec(select(Task)).all() == []
    assert session.exec(select(AuditLog).where(AuditLog.entity == "task")).all() == []


# listing a person's open tasks


def test_open_tasks_soonest_due_first_with_their_latest_update(
    session: Session, goal: Goal, alice: Person, bob: Person
) -> None:
    undated = new_task(session, goal, "Undated", owner=alice)
    late = new_task(session, goal, "Late", owner=alice, due_on=date(2027, 6, 1))
    soon = new_task(session, goal, "Soon", owner=alice, due_on=date(2027, 2, 1))
    done = new_task(session, goal, "Done", owner=alice, due_on=date(2027, 1, 1))
    new_task(session, goal, "Bob's", owner=bob, due_on=date(2027, 1, 1))
    close_task(session=session, workspace_id=WORKSPACE, actor=None, task=done, now=NOW)
    for hours, status in [(1, Status.ON_TRACK), (3, Status.BLOCKED), (2, Status.AT_RISK)]:
        record_progress(
            session=session, workspace_id=WORKSPACE, actor="UALICE", task=soon, author=alice,
            status=status, source=Source.COMMAND, now=NOW + timedelta(hours=hours),
        )  # fmt: skip
    session.commit()

    listed = list_open_tasks(session=session, workspace_id=WORKSPACE, owner=alice)

    assert [item.task.title for item in listed] == ["Soon", "Late", "Undated"]
    latest = {item.task.id: item.latest for item in listed}
    latest_of_soon = latest[soon.id]
    assert latest_of_soon is not None
    assert latest_of_soon.status == Status.BLOCKED
    assert latest[late.id] is None
    assert latest[undated.id] is None


def reported_tasks(session: Session, goal: Goal, owner: Person, *, count: int) -> list[int]:
    """``count`` tasks of ``owner``, each with one update; their ids."""
    ids = []
    for number in range(count):
        task = new_task(session, goal, f"Task {number}", owner=owner)
        record_progress(
            session=session, workspace_id=WORKSPACE, actor=None, task=task, author=owner,
            status=Status.ON_TRACK, source=Source.IMPORT, now=NOW,
        )  # fmt: skip
        ids.append(task.id or 0)
    session.commit()
    return ids


def test_open_tasks_take_two_queries_however_many_tasks(
    session: Session, goal: Goal, alice: Person, statements: list[str]
) -> None:
    reported_tasks(session, goal, alice, count=12)
    statements.clear()

    listed = list_open_tasks(session=session, workspace_id=WORKSPACE, owner=alice)

    assert len(listed) == 12
    assert all(item.latest is not None for item in listed)
    assert len(statements) == 2, statements


def test_latest_updates_are_found_through_their_own_index(
    session: Session, goal: Goal, alice: Person, query_plans: QueryPlans
) -> None:
    """By task, not by workspace: a planner without statistics would otherwise read every
    update of the workspace. An update of another workspace is still not returned."""
    ids = reported_tasks(session, goal, alice, count=5)
    query_plans.queries.clear()
    assert set(latest_updates(session=session, workspace_id=WORKSPACE, task_ids=ids)) == set(ids)
    assert latest_updates(session=session, workspace_id=OTHER, task_ids=ids) == {}
    plans = query_plans.plans("progress_update")
    assert plans
    assert all("ix_progress_update_latest" in plan for plan in plans)


# workspace isolation


def test_a_task_of_one_workspace_is_invisible_from_another(
    session: Session, goal: Goal, alice: Person
) -> None:
    task = new_task(session, goal, owner=alice)
    outsider = get_or_create_person(
        session=session, workspace_id=OTHER, actor=None, slack_user_id="UALICE", now=NOW
    )
    session.commit()

    with pytest.raises(NotFound):
        find_task(session=session, workspace_id=OTHER, ref="T-1")
    with pytest.raises(NotFound):
        get_task(session=session, workspace_id=OTHER, task_id=task.id or 0)
    with pytest.raises(NotFound):
        assign_task(
            session=session, workspace_id=OTHER, actor=None, task=task, owner=outsider, now=NOW
        )
    with pytest.raises(NotFound):
        assign_task(
            session=session, workspace_id=WORKSPACE, actor=None, task=task, owner=outsider, now=NOW
        )
    with pytest.raises(NotFound):
        record_progress(
            session=session, workspace_id=OTHER, actor=None, task=task, author=outsider,
            status=Status.DONE, source=Source.COMMAND, now=NOW,
        )  # fmt: skip
    with pytest.raises(NotFound):
        close_task(session=session, workspace_id=OTHER, actor=None, task=task, now=NOW)
    assert list_open_tasks(session=session, workspace_id=OTHER, owner=alice) == []

    session.expire_all()
    stored = find_task(session=session, workspace_id=WORKSPACE, ref="T-1")
    assert (stored.owner_id, stored.state) == (alice.id, TaskState.OPEN)
    assert list_audit(session=session, workspace_id=OTHER, entity="task") == []


def test_each_workspace_numbers_its_own_tasks(session: Session, goal: Goal) -> None:
    new_task(session, goal, "Ours")
    other_plan = create_plan(
        session=session, workspace_id=OTHER, actor=None, name="FY2027",
        starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31), now=NOW,
    )  # fmt: skip
    other_goal = create_goal(
        session=session, workspace_id=OTHER, actor=None, plan=other_plan, title="Grow", now=NOW
    )
    assert new_task(session, other_goal, "Theirs").ref == "T-1"
    with pytest.raises(NotFound, match="that goal is not in this workspace"):
        create_task(
            session=session, workspace_id=WORKSPACE, actor=None, goal=other_goal, title="x", now=NOW
        )


# concurrency


def _create_in_own_session(engine: Engine, goal_id: int, title: str, numbers: list[int]) -> None:
    with Session(engine, expire_on_commit=False) as session:
        goal = session.get(Goal, goal_id)
        assert goal is not None
        numbers.append(new_task(session, goal, title).number)
        session.commit()


def test_a_creation_waiting_on_another_gets_the_next_number(
    engine: Engine, session: Session, goal: Goal
) -> None:
    session.commit()
    first = new_task(session, goal, "First")  # written, not yet committed
    numbers: list[int] = []
    waits_for(session, lambda: _create_in_own_session(engine, goal.id or 0, "Second", numbers))
    assert sorted([first.number, *numbers]) == [1, 2]


def test_concurrent_creations_get_distinct_numbers(
    engine: Engine, session: Session, goal: Goal
) -> None:
    session.commit()
    workers, each = 6, 4
    start = threading.Barrier(workers)
    numbers: list[int] = []
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            start.wait()
            for index in range(each):
                _create_in_own_session(engine, goal.id or 0, f"w{worker}-{index}", numbers)
        except BaseException as error:  # reported below, not swallowed
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == list(range(1, workers * each + 1))


def test_aware_times_only(session: Session, goal: Goal) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        create_task(
            session=session, workspace_id=WORKSPACE, actor=None, goal=goal, title="x",
            now=datetime(2026, 11, 23, 9, 0),
        )  # fmt: skip
