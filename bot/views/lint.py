"""The ``/pillar lint`` reply: a plan's health, each problem with the command that fixes it."""

from collections.abc import Sequence
from itertools import groupby

from slack_sdk.models.blocks import Block

from bot.reports.lint import Finding, LintKind
from bot.views.format import mention, plural
from bot.views.message import MAX_MESSAGE_BLOCKS, Message, context, header, message, section
from bot.views.models import PersonRef
from bot.views.text import SECTION_TEXT_LIMIT, escape, escape_within, one_line

PER_KIND_LIMIT = 8
TITLE_LIMIT = 70

KIND_HEADINGS: dict[LintKind, str] = {
    LintKind.NO_OWNER: ":bust_in_silhouette: Tasks nobody owns",
    LintKind.DEACTIVATED_OWNER: ":ghost: Tasks owned by people who left",
    LintKind.PENDING_ACCEPTANCE: ":hourglass_flowing_sand: Tasks not accepted for over a week",
    LintKind.NO_DUE_DATE: ":calendar: Tasks without a due date",
    LintKind.NO_TARGET: ":dart: Tasks without a measurable target",
    LintKind.OVERLOADED_OWNER: ":weight_lifter: Owners with too many open tasks",
    LintKind.NO_BUDGET: ":moneybag: Goals without a budget",
    LintKind.NO_RECENT_UPDATE: ":zzz: Tasks with no update for two months",
}


def render_lint(*, plan_name: str, findings: Sequence[Finding]) -> Message:
    name = one_line(plan_name)
    blocks: list[Block] = [header(f"Plan health · {name}")]
    if not findings:
        text = (
            ":white_check_mark: Nothing to fix: every open task has an owner who accepted it, "
            "a due date, a target and recent updates, and every goal has a budget."
        )
        blocks.append(section(text))
        return message(text=f"Plan health of {escape(name)}: nothing to fix.", blocks=blocks)
    kinds = len({finding.kind for finding in findings})
    summary = f"{plural(len(findings), 'finding')} in {plural(kinds, 'area')}."
    blocks.append(context(f"{summary} Each line ends with the command that fixes it."))
    for kind, group in groupby(findings, key=lambda finding: finding.kind):
        if len(blocks) >= MAX_MESSAGE_BLOCKS - 1:
            break
        blocks.append(_kind_section(kind, list(group)))
    return message(text=f"Plan health of {escape(name)}: {summary}", blocks=blocks)


def _kind_section(kind: LintKind, findings: Sequence[Finding]) -> Block:
    heading = f"*{KIND_HEADINGS[kind]} ({len(findings)})*"
    reserve = len(f"\n…and {len(findings)} more")
    lines = [heading]
    used = len(heading)
    for finding in findings[:PER_KIND_LIMIT]:
        line = _line(finding)
        if used + 1 + len(line) > SECTION_TEXT_LIMIT - reserve:
            break
        lines.append(line)
        used += 1 + len(line)
    hidden = len(findings) - (len(lines) - 1)
    if hidden:
        lines.append(f"…and {hidden} more")
    return section("\n".join(lines))


def _line(finding: Finding) -> str:
    if finding.kind == LintKind.OVERLOADED_OWNER:
        subject = mention(PersonRef(name=finding.subject, slack_id=finding.slack_id))
    else:
        subject = f"*{escape(finding.subject)}*"
        if finding.title:
            subject += f" {escape_within(one_line(finding.title), TITLE_LIMIT)}"
    detail = escape_within(one_line(finding.detail), 200)
    return f"• {subject}: {detail} → `{escape(finding.fix)}`"
