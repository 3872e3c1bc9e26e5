from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.reports.lint import DEFAULT_MAX_OPEN_TASKS, LintKind, LintRules, lint_plan, lint_rules
from storage.enums import Acceptance, Status
from storage.reports import GoalFact
from tests.storage.reports.factories import TODAY, done_task, facts, owner, task, update

MEASURED = {"metric_target": 10.0, "due_on": TODAY, "latest": update(Status.ON_TRACK)}
FUNDED = GoalFact(id=1, number=1, title="Grow", budget=Decimal(10))


def kinds(found: tuple[object, ...]) -> list[tuple[LintKind, str]]:
    return [(f.kind, f.subject) for f in found]  # type: ignore[attr-defined]


def test_a_healthy_plan_has_no_findings() -> None:
    assert lint_plan(facts(tasks=[task(1, **MEASURED)], goals=[FUNDED]), today=TODAY) == ()


def test_each_gap_is_found_with_its_fix() -> None:
    long_ago = datetime(2026, 11, 1, tzinfo=UTC) - timedelta(days=20)
    tasks = [
        task(1, **(MEASURED | {"due_on": None})),
        task(2, **MEASURED, owner=None),
        task(3, **MEASURED, owner=owner(7, deactivated=True, name="Leaver")),
        task(4, **MEASURED, acceptance=Acceptance.PENDING, pending_since=long_ago),
        task(5, **MEASURED, acceptance=Acceptance.PENDING,
             pending_since=datetime(2026, 11, 20, tzinfo=UTC)),
        task(6, **(MEASURED | {"metric_target": None})),
        task(7, **(MEASURED | {"latest": update(Status.ON_TRACK, period="2026-09")})),
        task(8, **(MEASURED | {"latest": update(Status.ON_TRACK, period="2026-10")})),
        done_task(9, closed=datetime(2026, 11, 2, tzinfo=UTC)),
    ]  # fmt: skip
    goals = [FUNDED, GoalFact(id=2, number=2, title="Hire")]
    found = lint_plan(facts(tasks=tasks, goals=goals), today=TODAY)
    assert kinds(found) == [
        (LintKind.NO_OWNER, "T-2"),
        (LintKind.DEACTIVATED_OWNER, "T-3"),
        (LintKind.PENDING_ACCEPTANCE, "T-4"),
        (LintKind.NO_DUE_DATE, "T-1"),
        (LintKind.NO_TARGET, "T-6"),
        (LintKind.NO_BUDGET, "G-2"),
        (LintKind.NO_RECENT_UPDATE, "T-7"),
    ]
    fixes = {f.subject: f.fix for f in found}
    assert fixes["T-2"] == "/pillar assign T-2 @person"
    assert fixes["T-1"] == "/pillar due T-1 YYYY-MM-DD"
    assert fixes["T-4"].startswith("/pillar accept T-4")
    assert fixes["T-7"].startswith("/pillar update T-7")
    pending = next(f for f in found if f.kind == LintKind.PENDING_ACCEPTANCE)
    assert pending.detail == "Owner 1 has not accepted it in 42 days"


def test_a_goal_target_measures_its_tasks_and_task_budgets_fund_a_goal() -> None:
    goals = [GoalFact(id=1, number=1, title="Grow", metric_target=5, task_budgets=Decimal(3))]
    tasks = [task(1, **(MEASURED | {"metric_target": None}))]
    assert lint_plan(facts(tasks=tasks, goals=goals), today=TODAY) == ()


def test_a_never_updated_task_is_stale_only_once_it_is_old_enough() -> None:
    new = task(1, **(MEASURED | {"latest": None}), created_at=datetime(2026, 10, 5, tzinfo=UTC))
    old = task(2, **(MEASURED | {"latest": None}), created_at=datetime(2026, 9, 28, tzinfo=UTC))
    found = lint_plan(facts(tasks=[new, old], goals=[FUNDED]), today=TODAY)
    assert kinds(found) == [(LintKind.NO_RECENT_UPDATE, "T-2")]


def test_owners_with_too_many_open_tasks() -> None:
    busy, calm = owner(1, name="Busy"), owner(2, name="Calm")
    tasks = [task(n, **MEASURED, owner=busy) for n in range(1, 9)]
    tasks += [task(n, **MEASURED, owner=calm) for n in range(20, 27)]
    found = lint_plan(facts(tasks=tasks, goals=[FUNDED]), today=TODAY)
    assert kinds(found) == [(LintKind.OVERLOADED_OWNER, "Busy")]
    assert found[0].detail == "8 open tasks (more than 7)"
    assert found[0].slack_id == "U00001"
    stricter = lint_plan(facts(tasks=tasks, goals=[FUNDED]), today=TODAY,
                         rules=LintRules(max_open_tasks=5))  # fmt: skip
    assert kinds(stricter) == [
        (LintKind.OVERLOADED_OWNER, "Busy"), (LintKind.OVERLOADED_OWNER, "Calm"),
    ]  # fmt: skip


def test_the_rules_a_workspace_keeps_and_defaults_for_the_rest() -> None:
    assert lint_rules(None) == lint_rules({}) == LintRules()
    assert lint_rules({"lint": {"max_open_tasks": 12}}).max_open_tasks == 12
    for stored in ({"lint": {"max_open_tasks": 0}}, {"lint": {"max_open_tasks": "12"}},
                   {"lint": {"max_open_tasks": True}}, {"lint": ["nonsense"]}):  # fmt: skip
        assert lint_rules(stored).max_open_tasks == DEFAULT_MAX_OPEN_TASKS
