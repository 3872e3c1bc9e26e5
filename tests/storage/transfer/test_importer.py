import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from storage.db import is_postgresql
from storage.enums import Acceptance, PlanState
from storage.errors import Conflict
from storage.models import AuditLog, Goal, Person, Plan, Task, Team
from storage.transfer import (
    IMPORT_ACTION,
    Counts,
    ImportRejected,
    ImportResult,
    NoPlan,
    PlanChoice,
    SeveralWorkspaces,
    export_plan,
    import_plan,
)
from storage.transfer import importer as importer_module
from storage.transfer import snapshot as snapshot_module

HEADER = "goal,parent goal,task title,how,owner,team,start,due,metric,target,unit,budget\n"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
WORKSPACE = "T0TEST"
OTHER = "T0OTHER"
FY2027 = PlanChoice(name="FY2027", starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31))

Tables = Callable[[], dict[str, list[Any]]]


def run(
    engine: Engine,
    data: bytes | str,
    *,
    workspace: str | None = WORKSPACE,
    plan: PlanChoice = FY2027,
) -> ImportResult:
    raw = data.encode() if isinstance(data, str) else data
    return import_plan(engine, data=raw, workspace_id=workspace, plan=plan, now=NOW)


def test_a_first_import_creates_the_plan_and_everything_in_it(
    engine: Engine, session: Session, plan_file: bytes
) -> None:
    result = run(engine, plan_file, plan=FY2027)
    assert (result.workspace_created, result.plan_created) == (True, True)
    counts = result.counts
    assert (counts.goals, counts.tasks) == (Counts(created=2), Counts(created=4))
    assert (counts.people, counts.teams) == (Counts(created=3), Counts(created=2))

    plan = session.exec(select(Plan)).one()
    assert (plan.workspace_id, plan.name, plan.state) == (WORKSPACE, "FY2027", PlanState.ACTIVE)
    goals = session.exec(select(Goal).order_by(col(Goal.number))).all()
    assert [(goal.number, goal.title) for goal in goals] == [
        (1, "Grow revenue"),
        (2, "EU expansion"),
    ]
    assert goals[1].parent_id == goals[0].id
    assert goals[0].budget == Decimal("62000.50")
    assert goals[1].budget == Decimal(0)
    tasks = session.exec(select(Task).order_by(col(Task.number))).all()
    assert [task.ref for task in tasks] == ["T-1", "T-2", "T-3", "T-4"]
    first = tasks[0]
    assert (first.how, first.start_on, first.due_on) == (
        "Post ads, interview",
        date(2027, 1, 1),
        date(2027, 3, 31),
    )
    assert (first.metric_name, first.metric_target, first.metric_unit) == (
        "reps hired",
        2.0,
        "people",
    )
    assert tasks[1].how == "Find a place\nsign the lease"
    people = {p.id: (p.slack_user_id, p.email) for p in session.exec(select(Person))}
    assert [people[task.owner_id] for task in tasks if task.owner_id] == [
        ("U012ABC", None),
        (None, "ana@example.com"),
        ("U045DEF", None),
        (None, "ana@example.com"),
    ]
    teams = {team.id: team.name for team in session.exec(select(Team))}
    assert [teams.get(task.team_id) if task.team_id else None for task in tasks] == [
        "Sales",
        "Ops",
        "Ops",
        None,
    ]
    [audit] = session.exec(select(AuditLog)).all()
    assert (audit.action, audit.entity, audit.entity_id) == (IMPORT_ACTION, "plan", plan.id)
    assert audit.changes["tasks"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert audit.changes["people"] == {"created": 3, "updated": 0, "unchanged": 0}


def test_three_bad_rows_are_all_reported_and_nothing_is_written(
    engine: Engine, plan_file: bytes, snapshot_of: Tables
) -> None:
    run(engine, plan_file)
    before = snapshot_of()
    bad = (
        HEADER
        + "Grow revenue,,New task,,U012ABC,,,,,,,\n"
        + "Grow revenue,,Another,,,,,,,,,\n"
        + "Grow revenue,,Third,,U012ABC,,2027-05-01,2027-04-01,,,,\n"
        + "Grow revenue,,Fourth,,U012ABC,,,,,,,\n"
        + "EU expansion,Nowhere,Fifth,,U012ABC,,,,,,,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        run(engine, bad)
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (3, "owner"),
        (4, "due"),
        (6, "parent goal"),
    ]
    assert str(caught.value) == "3 bad lines in the file; nothing was imported"
    assert snapshot_of() == before


def test_a_rejected_first_import_leaves_no_workspace_or_plan(
    engine: Engine, snapshot_of: Tables
) -> None:
    before = snapshot_of()
    with pytest.raises(ImportRejected):
        run(engine, HEADER + "Grow,,Task,,not an owner,,,,,,,\n")
    assert snapshot_of() == before


def test_export_then_import_changes_nothing(
    engine: Engine, plan_file: bytes, snapshot_of: Tables
) -> None:
    run(engine, plan_file)
    exported = export_plan(engine, workspace_id=WORKSPACE, plan=PlanChoice()).text
    before = snapshot_of()
    again = run(engine, exported, plan=PlanChoice())
    assert again.counts.tasks == Counts(unchanged=4)
    assert again.counts.goals == Counts(unchanged=2)
    assert again.counts.people == Counts(unchanged=3)
    assert again.counts.teams == Counts(unchanged=2)
    assert not again.counts.changed
    assert snapshot_of() == before  # not even an audit row
    assert export_plan(engine, workspace_id=WORKSPACE, plan=PlanChoice()).text == exported


def test_changed_rows_update_their_tasks_and_others_are_left_alone(
    engine: Engine, session: Session, plan_file: bytes
) -> None:
    run(engine, plan_file)
    with session.begin():
        session.execute(sa.update(Task).values(acceptance=Acceptance.ACCEPTED))
    text = export_plan(engine, workspace_id=WORKSPACE, plan=PlanChoice()).text
    edited = text.replace("reps hired,2,people,12000", "reps hired,3,people,15000").replace(
        "Register the company,,U045DEF", "Register the company,,U012ABC"
    )
    result = run(engine, edited + "EU expansion,,Find lawyers,,U012ABC,Legal,,,,,,\n")
    assert result.counts.tasks == Counts(created=1, updated=2, unchanged=2)
    # Grow revenue's budget grows; a blank parent on one row of EU expansion changes nothing.
    assert result.counts.goals == Counts(updated=1, unchanged=1)
    assert result.counts.teams == Counts(created=1, unchanged=2)

    tasks = {task.title: task for task in session.exec(select(Task))}
    assert (tasks["Hire two sales reps"].metric_target, tasks["Hire two sales reps"].budget) == (
        3.0,
        Decimal("15000.00"),
    )
    assert tasks["Hire two sales reps"].acceptance == Acceptance.ACCEPTED
    assert tasks["Register the company"].acceptance == Acceptance.PENDING  # a new owner
    assert tasks["Find lawyers"].number == 5
    goals = {goal.title: goal for goal in session.exec(select(Goal))}
    assert goals["Grow revenue"].budget == Decimal("65000.50")
    assert goals["EU expansion"].parent_id == goals["Grow revenue"].id
    assert session.exec(select(sa.func.count()).select_from(AuditLog)).one() == 2


def test_columns_left_out_of_the_file_keep_their_values(
    engine: Engine, session: Session, plan_file: bytes
) -> None:
    run(engine, plan_file)
    result = run(
        engine, "goal,task title,owner,due\nGrow revenue,Hire two sales reps,U012ABC,2027-04-30\n"
    )
    assert result.counts.tasks == Counts(updated=1)
    task = session.exec(select(Task).where(Task.title == "Hire two sales reps")).one()
    assert (task.due_on, task.how, task.budget) == (
        date(2027, 4, 30),
        "Post ads, interview",
        Decimal("12000.00"),
    )
    goal = session.exec(select(Goal).where(Goal.title == "EU expansion")).one()
    assert goal.parent_id is not None


def test_numbers_continue_from_the_highest_in_the_workspace(
    engine: Engine, session: Session, plan_file: bytes
) -> None:
    run(engine, plan_file)
    older = PlanChoice(name="FY2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    result = run(engine, HEADER + "Keep the lights on,,Pay rent,,U012ABC,,,,,,,\n", plan=older)
    assert result.counts.people == Counts(unchanged=1)
    plans = {plan.name: plan.state for plan in session.exec(select(Plan))}
    assert plans == {"FY2027": PlanState.ACTIVE, "FY2026": PlanState.DRAFT}
    goal = session.exec(select(Goal).where(Goal.title == "Keep the lights on")).one()
    task = session.exec(select(Task).where(Task.title == "Pay rent")).one()
    assert (goal.number, task.number) == (3, 5)


def rows_of(engine: Engine, workspace_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that belongs to one workspace, table by table."""
    with engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    sa.select(table)
                    .where(
                        table.c["workspace_id" if "workspace_id" in table.c else "id"]
                        == workspace_id
                    )
                    .order_by(*table.primary_key.columns)
                )
            ]
            for table in SQLModel.metadata.sorted_tables
        }


def test_an_import_into_one_workspace_leaves_another_alone(
    engine: Engine, session: Session, plan_file: bytes
) -> None:
    run(engine, plan_file, workspace=OTHER)
    other = rows_of(engine, OTHER)
    assert len(other["task"]) == 4
    result = run(engine, plan_file, workspace=WORKSPACE)
    # Nothing of the other workspace is matched: the same names are new here.
    assert result.counts.people == Counts(created=3)
    assert result.counts.tasks == Counts(created=4)
    assert rows_of(engine, OTHER) == other
    run(engine, plan_file.replace(b"12000", b"13000"), workspace=WORKSPACE)
    assert rows_of(engine, OTHER) == other
    tasks = session.exec(select(Task).where(Task.workspace_id == WORKSPACE)).all()
    assert sorted(task.number for task in tasks) == [1, 2, 3, 4]  # numbered per workspace


def test_the_workspace_and_plan_must_be_clear(engine: Engine, plan_file: bytes) -> None:
    with pytest.raises(NoPlan, match="workspace T0TEST has no active plan"):
        run(engine, plan_file, plan=PlanChoice())
    run(engine, plan_file)
    assert run(engine, plan_file, workspace=None, plan=PlanChoice()).workspace_id == WORKSPACE
    with pytest.raises(NoPlan, match="has no plan 'FY2030'"):
        run(engine, plan_file, plan=PlanChoice(name="FY2030"))
    with pytest.raises(Conflict, match="already exists and runs from 2027-01-01 to 2027-12-31"):
        run(
            engine,
            plan_file,
            plan=PlanChoice(name="FY2027", starts_on=date(2027, 2, 1), ends_on=date(2027, 12, 31)),
        )
    run(engine, plan_file, workspace=OTHER)
    with pytest.raises(SeveralWorkspaces, match=r"several workspaces \(T0OTHER, T0TEST\)"):
        run(engine, plan_file, workspace=None, plan=PlanChoice())


def test_a_failure_while_writing_leaves_nothing(
    engine: Engine, plan_file: bytes, snapshot_of: Tables, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot_of()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer_module._Writer, "_write_tasks", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        run(engine, plan_file)
    assert snapshot_of() == before


def test_a_clash_with_a_concurrent_change_is_a_conflict(
    engine: Engine, plan_file: bytes, snapshot_of: Tables, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(engine, plan_file)
    before = snapshot_of()
    load = snapshot_module.load_snapshot

    def stale(session: Session, **kwargs: Any) -> snapshot_module.Snapshot:
        # As if another import had taken task numbers after this one looked.
        fresh = load(session, **kwargs)
        return snapshot_module.Snapshot(**{**vars(fresh), "last_task_number": 0})

    monkeypatch.setattr(importer_module, "load_snapshot", stale)
    with pytest.raises(Conflict, match="run the import again"):
        run(engine, HEADER + "Grow revenue,,Brand new,,U012ABC,,,,,,,\n")
    assert snapshot_of() == before


def test_a_large_file_is_written_with_a_few_statements(engine: Engine) -> None:
    rows = "".join(
        f"Goal {n % 40},,Task {n},,U{n % 600:07d},Team {n % 12},,2027-06-30,,,,{n}\n"
        for n in range(3000)
    )
    statements: list[str] = []

    def count(*arguments: Any) -> None:
        statements.append(arguments[2])

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        result = run(engine, HEADER + rows)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert result.counts.tasks == Counts(created=3000)
    assert result.counts.people == Counts(created=600)
    assert len(statements) < 60, len(statements)


def test_concurrent_imports_into_one_workspace_take_turns(
    engine: Engine, session: Session, plan_file: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not is_postgresql(engine):
        pytest.skip("row locks need PostgreSQL; SQLite has a single writer")
    run(engine, plan_file)
    load = snapshot_module.load_snapshot

    def slow(session: Session, **kwargs: Any) -> snapshot_module.Snapshot:
        time.sleep(0.3)  # long enough for the other import to reach the same point
        return load(session, **kwargs)

    monkeypatch.setattr(importer_module, "load_snapshot", slow)
    files = [
        HEADER + "".join(f"Goal {name},,Task {n},,U012ABC,,,,,,,\n" for n in range(50))
        for name in ("A", "B")
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda data: run(engine, data, plan=PlanChoice()), files))
    assert [result.counts.tasks for result in results] == [Counts(created=50)] * 2
    numbers = session.exec(select(Task.number).order_by(col(Task.number))).all()
    assert numbers == list(range(1, 105))


def test_postgresql_has_statistics_on_what_an_import_filled(engine: Engine) -> None:
    if not is_postgresql(engine):
        pytest.skip("statistics for the query planner are gathered on PostgreSQL only")
    row = "Grow,,Task {},,ada@example.com,,2027-01-01,2027-03-01,,,,\n"
    rows = "".join(row.format(n) for n in range(7))
    run(engine, HEADER + rows)
    with engine.connect() as connection:
        estimated = connection.execute(
            sa.text("SELECT reltuples FROM pg_class WHERE relname = 'task'")
        ).scalar_one()
    assert estimated == 7  # what ANALYZE counted; never analyzed, it would be -1


def test_statistics_that_cannot_be_gathered_do_not_fail_the_import(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    if not is_postgresql(engine):
        pytest.skip("statistics for the query planner are gathered on PostgreSQL only")
    monkeypatch.setattr(importer_module, "STATISTICS_LOCK_WAIT", "100ms")
    with engine.connect() as holder:
        holder.execute(sa.text("LOCK TABLE goal IN ACCESS EXCLUSIVE MODE"))
        importer_module._gather_statistics(engine)  # waits 0.1 s for the lock, then gives up
        holder.rollback()
    assert "imported, but gathering statistics failed: OperationalError" in caplog.text
