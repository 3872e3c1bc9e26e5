import pytest
from sqlmodel import Session, select

from storage.crud import _numbering, create_task
from storage.crud._numbering import lock_key, parse_ref
from storage.errors import Conflict, DomainError
from storage.models import Goal, Task
from tests.conftest import NOW, WORKSPACE


@pytest.mark.parametrize(
    ("ref", "number"), [("T-12", 12), ("t12", 12), ("12", 12), (" T-3 ", 3), (7, 7)]
)
def test_references_are_read_leniently(ref: str | int, number: int) -> None:
    assert parse_ref(ref, prefix="T", field="task", label="task") == number


@pytest.mark.parametrize("ref", ["T-0", 0, -3, "G-1", "T--1", "T 1", "1234567890", True])
def test_malformed_references_are_refused(ref: str | int) -> None:
    with pytest.raises(DomainError, match="write it like T-12"):
        parse_ref(ref, prefix="T", field="task", label="task")


def test_lock_keys_are_stable_and_per_workspace() -> None:
    assert lock_key("task", "T1") == lock_key("task", "T1")
    assert len({lock_key("task", "T1"), lock_key("task", "T2"), lock_key("goal", "T1")}) == 3
    assert -(2**63) <= lock_key("task", "T1") < 2**63


def _stale_first(monkeypatch: pytest.MonkeyPatch, stale: list[int]) -> None:
    """Make the first reads of the next number return numbers already taken."""
    real = _numbering._next_number

    def next_number(session: Session, model: type[Task], workspace_id: str) -> int:
        return stale.pop(0) if stale else real(session, model, workspace_id)

    monkeypatch.setattr(_numbering, "_next_number", next_number)


def test_a_taken_number_is_read_again(
    session: Session, goal: Goal, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_task(session=session, workspace_id=WORKSPACE, actor=None, goal=goal, title="A", now=NOW)
    _stale_first(monkeypatch, [1, 1])
    task = create_task(
        session=session, workspace_id=WORKSPACE, actor=None, goal=goal, title="B", now=NOW
    )
    assert task.ref == "T-2"
    session.commit()
    assert sorted(t.number for t in session.exec(select(Task)).all()) == [1, 2]


def test_giving_up_after_many_clashes_is_a_conflict(
    session: Session, goal: Goal, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_task(session=session, workspace_id=WORKSPACE, actor=None, goal=goal, title="A", now=NOW)
    _stale_first(monkeypatch, [1] * _numbering.ATTEMPTS)
    with pytest.raises(Conflict, match="try again"):
        create_task(
            session=session, workspace_id=WORKSPACE, actor=None, goal=goal, title="B", now=NOW
        )
    assert len(session.exec(select(Task)).all()) == 1
