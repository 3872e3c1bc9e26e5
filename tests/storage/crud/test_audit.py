from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from storage.crud import list_audit, record_change
from storage.crud.audit import apply_changes, json_safe
from storage.enums import Status
from storage.models import Task
from tests.conftest import NOW, WORKSPACE


def test_values_become_json_safe() -> None:
    assert json_safe(Status.AT_RISK) == "at-risk"
    assert json_safe(date(2027, 1, 2)) == "2027-01-02"
    assert json_safe(datetime(2027, 1, 2, 3, 4, tzinfo=UTC)) == "2027-01-02T03:04:00+00:00"
    assert json_safe(Decimal("12.50")) == "12.50"
    assert json_safe([Decimal("1"), (date(2027, 1, 1),)]) == ["1", ["2027-01-01"]]
    assert json_safe(None) is None


def test_apply_changes_reports_only_real_changes() -> None:
    task = Task(workspace_id=WORKSPACE, number=1, goal_id=1, title="Old", created_at=NOW)
    changes = apply_changes(task, {"title": "New", "how": "", "due_on": date(2027, 1, 1)})
    assert changes == {"title": ["Old", "New"], "due_on": [None, "2027-01-01"]}
    assert (task.title, task.due_on) == ("New", date(2027, 1, 1))


def test_audit_rows_newest_first_and_filtered(session: Session) -> None:
    for minutes, entity in [(0, "task"), (1, "goal"), (2, "task")]:
        record_change(
            session=session,
            workspace_id=WORKSPACE,
            actor="U1",
            action=f"{entity}.create",
            entity=entity,
            entity_id=minutes,
            changes={"title": [None, "x"]},
            now=NOW + timedelta(minutes=minutes),
        )
    record_change(
        session=session, workspace_id="T0OTHER", actor=None, action="task.create",
        entity="task", entity_id=9, changes={}, now=NOW,
    )  # fmt: skip
    session.commit()
    tasks = list_audit(session=session, workspace_id=WORKSPACE, entity="task")
    assert [row.entity_id for row in tasks] == [2, 0]
    assert [
        row.entity_id for row in list_audit(session=session, workspace_id=WORKSPACE, limit=1)
    ] == [2]
    only = list_audit(session=session, workspace_id=WORKSPACE, entity="task", entity_id=0)
    assert [(row.actor, row.changes) for row in only] == [("U1", {"title": [None, "x"]})]
