"""Plan health: what in a plan makes it likely to fail, each with the command that fixes it.

Pure: it reads a report's facts (the whole plan) and the day, nothing else.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from storage.reports import GoalFact, ReportFacts, TaskFact, period_start, shift_period

DEFAULT_MAX_OPEN_TASKS = 7
LINT_KEY = "lint"
"""Where a workspace's settings keep its lint rules."""
DEFAULT_PENDING_DAYS = 7
SILENT_PERIODS = 2


class LintKind(StrEnum):
    """In the order a plan's health is reported: the most basic gaps first."""

    NO_OWNER = "no-owner"
    DEACTIVATED_OWNER = "deactivated-owner"
    PENDING_ACCEPTANCE = "pending-acceptance"
    NO_DUE_DATE = "no-due-date"
    NO_TARGET = "no-target"
    OVERLOADED_OWNER = "overloaded-owner"
    NO_BUDGET = "no-budget"
    NO_RECENT_UPDATE = "no-recent-update"


@dataclass(frozen=True, slots=True)
class LintRules:
    max_open_tasks: int = DEFAULT_MAX_OPEN_TASKS
    pending_days: int = DEFAULT_PENDING_DAYS


def lint_rules(settings: Mapping[str, Any] | None) -> LintRules:
    """The rules a workspace's ``settings`` keep (``lint set``); defaults for the rest,
    and for a stored value that is not a positive whole number."""
    stored = (settings or {}).get(LINT_KEY)
    most = stored.get("max_open_tasks") if isinstance(stored, Mapping) else None
    if isinstance(most, bool) or not isinstance(most, int) or most < 1:
        return LintRules()
    return LintRules(max_open_tasks=most)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: what it is about (``subject`` is plain text: a ref or a name), why,
    and the fix (a command, mrkdwn-safe). ``slack_id`` lets a renderer mention a person."""

    kind: LintKind
    subject: str
    title: str
    detail: str
    fix: str
    slack_id: str | None = None


def lint_plan(
    facts: ReportFacts, *, today: date, rules: LintRules | None = None
) -> tuple[Finding, ...]:
    """Every finding in ``facts``, grouped by kind in :class:`LintKind` order."""
    rules = rules or LintRules()
    open_tasks = facts.open_tasks
    goals = {goal.id: goal for goal in facts.goals}
    findings: list[Finding] = []
    for task in open_tasks:
        findings.extend(_task_findings(task, facts=facts, goals=goals, today=today, rules=rules))
    findings.extend(_overloaded(open_tasks, rules=rules))
    findings.extend(_without_budget(facts))
    order = list(LintKind)
    return tuple(sorted(findings, key=lambda finding: order.index(finding.kind)))


def _task_findings(
    task: TaskFact,
    *,
    facts: ReportFacts,
    goals: dict[int, GoalFact],
    today: date,
    rules: LintRules,
) -> list[Finding]:
    ref = task.ref

    def finding(kind: LintKind, detail: str, fix: str) -> Finding:
        return Finding(kind=kind, subject=ref, title=task.title, detail=detail, fix=fix)

    found = []
    owner = task.owner
    if owner is None:
        found.append(finding(LintKind.NO_OWNER, "nobody owns it", f"/pillar assign {ref} @person"))
    elif owner.deactivated:
        found.append(
            finding(
                LintKind.DEACTIVATED_OWNER,
                f"its owner {owner.name} has left the workspace",
                f"/pillar assign {ref} @person",
            )
        )
    elif task.pending_since is not None:
        waited = (today - task.pending_since.date()).days
        if waited > rules.pending_days:
            found.append(
                finding(
                    LintKind.PENDING_ACCEPTANCE,
                    f"{owner.name} has not accepted it in {waited} days",
                    f"/pillar accept {ref}  (or /pillar assign {ref} @person)",
                )
            )
    if task.due_on is None:
        found.append(
            finding(LintKind.NO_DUE_DATE, "it has no due date", f"/pillar due {ref} YYYY-MM-DD")
        )
    goal = goals.get(task.goal_id)
    if task.metric_target is None and (goal is None or goal.metric_target is None):
        found.append(
            finding(
                LintKind.NO_TARGET,
                "nothing says when it is achieved: no target on it or its goal",
                "fill in target and unit in the plan file, then pillar import",
            )
        )
    if _silent(task, facts=facts):
        found.append(
            finding(
                LintKind.NO_RECENT_UPDATE,
                f"no update for {SILENT_PERIODS} months",
                f"/pillar update {ref} on-track 50% note…",
            )
        )
    return found


def _silent(task: TaskFact, *, facts: ReportFacts) -> bool:
    """No update in this period or the one before (for a task that already existed)."""
    oldest_wanted = shift_period(facts.period, 1 - SILENT_PERIODS)
    if task.latest is not None:
        return task.latest.period < oldest_wanted
    return task.created_at.date() < period_start(oldest_wanted)


def _overloaded(open_tasks: tuple[TaskFact, ...], *, rules: LintRules) -> list[Finding]:
    by_owner: dict[int, list[TaskFact]] = defaultdict(list)
    for task in open_tasks:
        if task.owner is not None and not task.owner.deactivated:
            by_owner[task.owner.id].append(task)
    found = []
    for tasks in by_owner.values():
        if len(tasks) <= rules.max_open_tasks:
            continue
        owner = tasks[0].owner
        assert owner is not None
        found.append(
            Finding(
                kind=LintKind.OVERLOADED_OWNER,
                subject=owner.name,
                title="",
                detail=f"{len(tasks)} open tasks (more than {rules.max_open_tasks})",
                fix=f"/pillar assign {tasks[-1].ref} @person  (or /pillar drop {tasks[-1].ref})",
                slack_id=owner.slack_id,
            )
        )
    return sorted(found, key=lambda finding: finding.subject.lower())


def _without_budget(facts: ReportFacts) -> list[Finding]:
    return [
        Finding(
            kind=LintKind.NO_BUDGET,
            subject=goal.ref,
            title=goal.title,
            detail="neither the goal nor its tasks have a budget",
            fix="fill in budget in the plan file, then pillar import",
        )
        for goal in facts.goals
        if goal.allocated is None
    ]
