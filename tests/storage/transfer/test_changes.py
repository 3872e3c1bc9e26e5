from datetime import date
from decimal import Decimal

import pytest

from storage.enums import Acceptance
from storage.transfer.changes import NOT_YET_CREATED, Changes, Counts, plan_changes
from storage.transfer.csvfile import parse_plan_file
from storage.transfer.problems import ImportRejected
from storage.transfer.snapshot import KnownGoal, KnownPerson, KnownTask, KnownTeam, Snapshot

HEADER = "goal,parent goal,task title,owner,team,due,budget\n"
ANA = KnownPerson(id=10, slack_user_id="U0ANA000", email=None)
BO = KnownPerson(id=11, slack_user_id=None, email="Bo@Example.com")
SALES = KnownTeam(id=20, name="Sales")
GROW = KnownGoal(id=30, number=4, title="Grow", parent_id=None, budget=Decimal(100))


def task(task_id: int, title: str, **fields: object) -> KnownTask:
    values: dict[str, object] = {
        "id": task_id,
        "number": task_id,
        "goal_id": GROW.id,
        "title": title,
        "how": "",
        "owner_id": ANA.id,
        "team_id": SALES.id,
        "start_on": None,
        "due_on": date(2027, 3, 31),
        "metric_name": None,
        "metric_target": None,
        "metric_unit": None,
        "budget": Decimal("60.00"),
        "acceptance": Acceptance.ACCEPTED,
    }
    values.update(fields)
    return KnownTask(**values)  # type: ignore[arg-type]


SNAPSHOT = Snapshot(
    people=(ANA, BO),
    teams=(SALES,),
    goals=(GROW,),
    tasks=(task(7, "Hire"), task(8, "Train", budget=Decimal(40))),
    last_goal_number=9,
    last_task_number=70,
)


def changes(body: str, snapshot: Snapshot = SNAPSHOT, header: str = HEADER) -> Changes:
    return plan_changes(parse_plan_file((header + body).encode()), snapshot)


def rejected(body: str, snapshot: Snapshot = SNAPSHOT) -> list[tuple[int, str | None, str]]:
    with pytest.raises(ImportRejected) as caught:
        changes(body, snapshot)
    return [(p.line, p.column, p.reason) for p in caught.value.problems]


def test_a_row_that_says_what_the_plan_has_changes_nothing() -> None:
    result = changes("Grow,,Hire,U0ANA000,sales,2027-03-31,60\n")
    assert result.tasks == ()
    assert result.goals == ()
    assert result.counts.tasks == Counts(unchanged=1)
    assert result.counts.people == Counts(unchanged=1)
    assert result.counts.teams == Counts(unchanged=1)
    assert not result.counts.changed


def test_a_different_owner_updates_the_task_and_asks_again() -> None:
    result = changes("Grow,,Hire,bo@example.com,Sales,2027-03-31,60\n")
    [write] = result.tasks
    assert (write.id, write.number, write.reset_acceptance) == (7, 7, True)
    assert result.counts.tasks == Counts(updated=1)
    assert result.new_people == ()


def test_new_goals_tasks_people_and_teams_get_the_next_numbers() -> None:
    result = changes(
        "Expand,Grow,Open office,U0NEW0001,Ops,,\n"
        "Expand,Grow,Register,U0NEW0001,ops,,\n"
        "Grow,,Hire,U0ANA000,Sales,2027-03-31,60\n"
        "Grow,,Advertise,new@example.com,,,\n"
    )
    assert [(w.id, w.number, w.title, w.parent) for w in result.goals] == [
        (None, 10, "Expand", "Grow")
    ]
    assert [(w.id, w.number, w.row.title) for w in result.tasks] == [
        (None, 71, "Open office"),
        (None, 72, "Register"),
        (None, 73, "Advertise"),
    ]
    assert [str(owner) for owner in result.new_people] == ["U0NEW0001", "new@example.com"]
    assert result.new_teams == ("Ops",)
    assert result.counts.goals == Counts(created=1, unchanged=1)
    assert result.counts.tasks == Counts(created=3, unchanged=1)


def test_the_goal_budget_is_the_sum_of_its_tasks_budgets() -> None:
    # Train (40) is not in the file and keeps its budget; Hire goes from 60 to 75.
    result = changes("Grow,,Hire,U0ANA000,Sales,2027-03-31,75\nGrow,,Plan,U0ANA000,,,10.5\n")
    [goal] = result.goals
    assert (goal.id, goal.budget) == (GROW.id, Decimal("125.5"))
    assert result.counts.goals == Counts(updated=1)


def test_goal_budgets_are_left_alone_without_task_budgets() -> None:
    bare = Snapshot(goals=(GROW,), people=(ANA,))
    result = changes("Grow,,Hire,U0ANA000,,,\n", bare)
    assert result.goals == ()
    without_column = changes("Grow,Hire,U0ANA000\n", bare, header="goal,task title,owner\n")
    assert without_column.goals == ()


def test_columns_the_file_leaves_out_are_not_compared() -> None:
    result = changes("Grow,Hire,U0ANA000\n", header="goal,task title,owner\n")
    assert result.counts.tasks == Counts(unchanged=1)


def test_three_bad_rows_are_all_reported() -> None:
    problems = rejected(
        "Grow,,Hire,U0ANA000,Sales,2027-03-31,60\n"
        "Grow,,Fire,,Sales,2027-02-31,\n"
        "Grow,,Hire,U0ANA000,Sales,,\n"
        "Expand,Nowhere,Open,U0ANA000,,,-3\n"
    )
    assert sorted({line for line, _, _ in problems}) == [3, 4, 5]
    assert [(line, column) for line, column, _ in problems] == [
        (3, "owner"),
        (3, "due"),
        (4, "task title"),
        (5, "budget"),
        (5, "parent goal"),
    ]
    assert problems[2][2] == (
        "task 'Hire' of goal 'Grow' is already on line 2: "
        "list each task once per goal, or give it a distinct title"
    )


def test_a_title_that_differs_from_a_task_only_in_case_clashes() -> None:
    assert rejected("Grow,,HIRE,U0ANA000,Sales,,\n") == [
        (
            2,
            "task title",
            "task 'HIRE' of goal 'Grow' differs only in case or spacing from T-7 'Hire': "
            "spell it 'Hire' to update that task, or give it a distinct title",
        )
    ]


def test_a_due_date_before_the_start_the_plan_keeps() -> None:
    started = Snapshot(
        people=(ANA,), goals=(GROW,), tasks=(task(7, "Hire", start_on=date(2027, 5, 1)),)
    )
    [(line, column, reason)] = rejected("Grow,,Hire,U0ANA000,,2027-04-01,\n", started)
    assert (line, column) == (2, "due")
    assert reason.startswith("T-7 would be due 2027-04-01, before its start 2027-05-01")


def test_people_yet_to_be_created_never_match_an_owner() -> None:
    # A task with no owner (its person was removed) differs from any named owner.
    orphan = Snapshot(people=(), goals=(GROW,), tasks=(task(7, "Hire", owner_id=None),))
    result = changes("Grow,Hire,U0NEW0001\n", orphan, header="goal,task title,owner\n")
    assert result.counts.tasks == Counts(updated=1)
    assert NOT_YET_CREATED < 0


def test_a_budget_allocated_by_hand_stays_until_task_budgets_change() -> None:
    allocated = Snapshot(
        people=(ANA,),
        teams=(SALES,),
        goals=(KnownGoal(id=30, number=4, title="Grow", parent_id=None, budget=Decimal(500)),),
        tasks=SNAPSHOT.tasks,
    )
    same = changes("Grow,,Hire,U0ANA000,Sales,2027-03-31,60\n", allocated)
    assert same.goals == ()
    changed = changes("Grow,,Hire,U0ANA000,Sales,2027-03-31,70\n", allocated)
    assert [goal.budget for goal in changed.goals] == [Decimal(110)]
