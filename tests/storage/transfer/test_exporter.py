import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.enums import PlanState
from storage.models import Goal, Person, Plan, Task, Workspace
from storage.transfer import COLUMNS, NoPlan, NoWorkspace, PlanChoice, export_plan, import_plan
from storage.transfer.exporter import format_budget, format_target

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
WORKSPACE = "T0TEST"
HEADER = [column.value for column in COLUMNS]
ANA = "ana@example.com"
GOAL_TASK = ("Company", "")
CHILD_TASK = ("Sales, EU", "Company")


def test_tasks_come_out_by_number_in_the_import_columns(engine: Engine, session: Session) -> None:
    session.add(Workspace(id=WORKSPACE, created_at=NOW))
    plan = Plan(
        workspace_id=WORKSPACE,
        name="FY2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        state=PlanState.ACTIVE,
        created_at=NOW,
    )
    ana = Person(workspace_id=WORKSPACE, email="ana@example.com", created_at=NOW)
    session.add_all([plan, ana])
    session.flush()
    assert plan.id is not None
    parent = Goal(
        workspace_id=WORKSPACE, number=1, plan_id=plan.id, title="Company", created_at=NOW
    )
    session.add(parent)
    session.flush()
    child = Goal(
        workspace_id=WORKSPACE,
        number=2,
        plan_id=plan.id,
        parent_id=parent.id,
        title="Sales, EU",
        created_at=NOW,
    )
    session.add(child)
    session.flush()
    assert child.id is not None
    assert parent.id is not None
    session.add_all(
        [
            Task(
                workspace_id=WORKSPACE,
                number=9,
                goal_id=child.id,
                title="Later",
                owner_id=ana.id,
                metric_target=12.5,
                budget=Decimal("0.50"),
                created_at=NOW,
            ),
            Task(
                workspace_id=WORKSPACE,
                number=3,
                goal_id=parent.id,
                title='Say "hi"',
                how="line one\nline two",
                due_on=date(2027, 2, 1),
                owner_id=ana.id,
                metric_target=320.0,
                budget=Decimal("1200.00"),
                created_at=NOW,
            ),
        ]
    )
    session.commit()

    result = export_plan(engine, workspace_id=None, plan=PlanChoice())
    assert (result.workspace_id, result.plan_name, result.tasks) == (WORKSPACE, "FY2027", 2)
    rows = list(csv.reader(io.StringIO(result.text)))
    assert rows == [
        [*HEADER],
        [
            *GOAL_TASK,
            'Say "hi"',
            "line one\nline two",
            ANA,
            "",
            "",
            "2027-02-01",
            "",
            "320",
            "",
            "1200",
        ],
        [*CHILD_TASK, "Later", "", ANA, "", "", "", "", "12.5", "", "0.5"],
    ]
    again = import_plan(
        engine, data=result.text.encode(), workspace_id=None, plan=PlanChoice(), now=NOW
    )
    assert not again.counts.changed


def test_an_empty_plan_is_just_the_header(engine: Engine) -> None:
    import_plan(
        engine,
        data=b"goal,task title,owner\n",
        workspace_id=WORKSPACE,
        plan=PlanChoice(name="Empty", starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)),
        now=NOW,
    )
    result = export_plan(engine, workspace_id=WORKSPACE, plan=PlanChoice(name="Empty"))
    assert result.text == (
        "goal,parent goal,task title,how,owner,team,start,due,metric,target,unit,budget\n"
    )


def test_export_creates_nothing(engine: Engine) -> None:
    with pytest.raises(NoWorkspace, match="there is no workspace yet"):
        export_plan(engine, workspace_id=None, plan=PlanChoice())
    with pytest.raises(NoWorkspace, match="there is no workspace T0NEW here"):
        export_plan(engine, workspace_id="T0NEW", plan=PlanChoice())
    with Session(engine) as session:
        session.add(Workspace(id="T0NEW", created_at=NOW))
        session.commit()
    with pytest.raises(NoPlan, match="workspace T0NEW has no active plan"):
        export_plan(engine, workspace_id="T0NEW", plan=PlanChoice())


@pytest.mark.parametrize(
    ("target", "text"),
    [(None, ""), (320.0, "320"), (12.5, "12.5"), (-3.0, "-3"), (0.1, "0.1"), (1e20, "1e+20")],
)
def test_targets_read_back_exactly(target: float | None, text: str) -> None:
    assert format_target(target) == text
    if target is not None:
        assert float(text) == target


@pytest.mark.parametrize(
    ("budget", "text"),
    [
        (None, ""),
        (Decimal("1200.00"), "1200"),
        (Decimal("1200.50"), "1200.5"),
        (Decimal("0.00"), "0"),
    ],
)
def test_budgets_are_written_plainly(budget: Decimal | None, text: str) -> None:
    assert format_budget(budget) == text
