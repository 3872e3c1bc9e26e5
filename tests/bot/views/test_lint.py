from collections.abc import Callable
from typing import Any

from bot.reports.lint import Finding, LintKind
from bot.views.lint import PER_KIND_LIMIT, render_lint
from bot.views.message import Message

Check = Callable[[Message], dict[str, Any]]
Text = Callable[[dict[str, Any]], str]


def finding(kind: LintKind, number: int, **changes: Any) -> Finding:
    values: dict[str, Any] = {
        "kind": kind,
        "subject": f"T-{number}",
        "title": f"Task {number}",
        "detail": "nobody owns it",
        "fix": f"/pillar assign T-{number} @person",
    }
    return Finding(**(values | changes))


def test_a_clean_plan_says_so(check_limits: Check, all_text: Text) -> None:
    payload = check_limits(render_lint(plan_name="FY2027", findings=[]))
    assert "Plan health · FY2027" in all_text(payload)
    assert "Nothing to fix" in all_text(payload)


def test_findings_are_grouped_each_with_its_fix(check_limits: Check, all_text: Text) -> None:
    findings = [
        finding(LintKind.NO_OWNER, 1),
        finding(LintKind.NO_OWNER, 2),
        finding(LintKind.OVERLOADED_OWNER, 0, subject="Bob", title="", slack_id="U0BOB",
                detail="9 open tasks (more than 7)", fix="/pillar assign T-9 @person"),
    ]  # fmt: skip
    text = all_text(check_limits(render_lint(plan_name="FY2027", findings=findings)))
    assert "3 findings in 2 areas." in text
    assert "Tasks nobody owns (2)*" in text
    assert "• *T-1* Task 1: nobody owns it → `/pillar assign T-1 @person`" in text
    assert "• <@U0BOB>: 9 open tasks (more than 7) → `/pillar assign T-9 @person`" in text


def test_many_findings_are_cut_and_counted(check_limits: Check, all_text: Text) -> None:
    nasty = "<!here> & *x* " * 40
    findings = [
        finding(kind, number, title=nasty, detail=nasty)
        for kind in LintKind
        for number in range(1, 301)
    ]
    payload = check_limits(render_lint(plan_name=nasty, findings=findings))
    text = all_text(payload)
    assert len(payload["blocks"]) == 2 + len(LintKind)
    # Only the header (plain text, never parsed for mentions) shows the name as typed.
    mrkdwn = all_text({"text": payload["text"], "blocks": payload["blocks"][1:]})
    assert "<!here>" not in mrkdwn
    assert "&lt;!here&gt;" in mrkdwn
    assert text.count("…and ") == len(LintKind)
    assert f"…and {300 - PER_KIND_LIMIT} more" in text
