"""The demo plan: what it holds, and that seeding twice changes nothing."""

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from bot.shell.demo import seed_demo
from storage.enums import PlanState, Role, Status, TaskState
from storage.models import Goal, Person, Plan, ProgressUpdate, ReviewDate, Task, Team
from tests.conftest import NOW

WORKSPACE = "T0STANDIN"


def count(session: Session, table: type) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_the_demo_is_a_small_realistic_plan(engine: Engine) -> None:
    cast = seed_demo(engine, workspace_id=WORKSPACE, now=NOW)
    assert (cast.admin, cast.owner_of_first_task, cast.plan, cast.created) == (
        "UMARIA", "ULENA", "FY2027", True
    )  # fmt: skip
    with Session(engine) as session:
        plan = session.exec(select(Plan)).one()
        assert (plan.state, plan.starts_on.isoformat(), plan.ends_on.isoformat()) == (
            PlanState.ACTIVE, "2026-11-01", "2027-10-31"
        )  # fmt: skip
        assert (count(session, Team), count(session, Goal), count(session, Task)) == (3, 5, 15)
        assert all(team.channel_id for team in session.exec(select(Team)))
        zones = set(session.exec(select(Person.tz)).all())
        assert zones == {"Europe/Berlin", "America/New_York", "Asia/Tokyo"}
        admin = session.exec(select(Person).where(Person.slack_user_id == "UMARIA")).one()
        assert admin.role == Role.ADMIN
        blocked = session.exec(
            select(ProgressUpdate).where(ProgressUpdate.status == Status.BLOCKED)
        ).all()
        assert len(blocked) == 1
        assert count(session, ProgressUpdate) >= 5
        first = session.exec(select(Task).where(Task.number == 1)).one()
        owner = session.get(Person, first.owner_id)
        assert owner is not None
        assert owner.slack_user_id == "ULENA"
        assert session.exec(select(Task).where(Task.state == TaskState.DONE)).all()
        review = session.exec(select(ReviewDate)).one()
        assert review.held_on == NOW.date() + timedelta(days=10)
        assert all(
            task.due_on is not None and task.due_on > NOW.date()
            for task in session.exec(select(Task).where(col(Task.state) == TaskState.OPEN))
        )


def test_seeding_again_keeps_what_is_there(engine: Engine) -> None:
    seed_demo(engine, workspace_id=WORKSPACE, now=NOW)
    again = seed_demo(engine, workspace_id=WORKSPACE, now=NOW + timedelta(days=1))
    assert again.created is False
    with Session(engine) as session:
        assert (count(session, Plan), count(session, Task)) == (1, 15)
