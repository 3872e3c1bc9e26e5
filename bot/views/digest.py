"""The digest (posted to a channel) and the status summary (shown to one person).

Short lines that read on a phone; every list is capped and ends "…and N more"; the
whole message stays within Slack's 50 blocks and 3,000 characters per section.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from slack_sdk.models.blocks import Block, DividerBlock

from bot.views.format import (
    STATUS_EMOJI,
    due_text,
    format_date,
    format_number,
    mention,
    period_label,
    plural,
    stale_text,
    status_emoji,
    status_label,
)
from bot.views.message import Message, context, header, message, section
from bot.views.models import PersonRef
from bot.views.text import SECTION_TEXT_LIMIT, ellipsize, escape, escape_within, one_line
from schedules.digest import (
    BudgetLine,
    Completion,
    Digest,
    Participation,
    Review,
    StaleFlag,
    StatusCount,
    TaskItem,
    Unreported,
    Who,
)
from storage.reports import Listing

T = TypeVar("T")

LIST_LIMIT = 10
TASK_LIST_LIMIT = 15
TITLE_LIMIT = 80
NOTE_LIMIT = 140
NAME_LIMIT = 60
REF_LIMIT = 6
FOOTER = "`/pillar status` for details · `/pillar lint` for plan health"
EMPTY_HINT = 'Add one with `/pillar add "title" owner:@person due:2027-03-31`.'


def render_digest(digest: Digest) -> Message:
    """The digest a team channel gets: for managers and for everyone on the team."""
    return _render(digest, title="Digest", with_tasks=False)


def render_status(digest: Digest) -> Message:
    """``/pillar status``: the same picture, plus the open tasks when there are few."""
    return _render(digest, title="Status", with_tasks=True)


def _render(digest: Digest, *, title: str, with_tasks: bool) -> Message:
    scope = one_line(digest.scope_name)
    blocks: list[Block] = [
        header(f"{title} · {scope} · {period_label(digest.period)}"),
        context(_subtitle(digest)),
    ]
    if digest.is_empty:
        text = f"There are no tasks in {escape_within(scope, NAME_LIMIT)} yet. {EMPTY_HINT}"
        blocks.append(section(text))
        return message(text=f"{title} for {escape(scope)}: no tasks yet.", blocks=blocks)
    blocks.append(section(_counts_text(digest)))
    if digest.current_participation is not None:
        blocks.append(context(_participation_text(digest)))
    blocks.append(DividerBlock())
    blocks.extend(_lists(digest, with_tasks=with_tasks))
    blocks.append(context(FOOTER))
    return message(text=_fallback(digest, title=title), blocks=blocks)


def _subtitle(digest: Digest) -> str:
    plan = escape_within(one_line(digest.plan_name), NAME_LIMIT)
    return f"Plan *{plan}* · as of {format_date(digest.today)}"


# ---- the headline ---------------------------------------------------------------------


def _change(count: StatusCount) -> str:
    if count.change == 0:
        return ""
    return f" ({'+' if count.change > 0 else '-'}{abs(count.change)})"


def _counts_text(digest: Digest) -> str:
    shown = [c for c in digest.counts if c.count or c.previous]
    month = period_label(digest.period)
    if not any(c.count for c in digest.counts):
        headline = f"No updates yet in {month}."
    else:
        headline = " · ".join(
            f"{STATUS_EMOJI[c.status]} {c.count} {c.status.value.replace('-', ' ')}{_change(c)}"
            for c in shown
        )
    before = period_label(digest.previous_period)
    lines = [
        f"*This month's updates* (change since {before})",
        headline,
        f"{plural(digest.open_tasks.total, 'open task')}"
        + (f", {digest.without_update} without an update in {month}" if digest.without_update
           else ", every one updated this month"),
    ]  # fmt: skip
    return "\n".join(lines)


def _rate(participation: Participation | None) -> str:
    rate = None if participation is None else participation.rate
    return "—" if rate is None else f"{round(rate * 100)}%"


def _participation_text(digest: Digest) -> str:
    now, before = digest.current_participation, digest.previous_participation
    assert now is not None
    line = f":busts_in_silhouette: *Participation {_rate(now)}*"
    if now.expected:
        line += f" ({now.reported} of {plural(now.expected, 'owner')} reported)"
    if before is not None and before.rate is not None and now.rate is not None:
        if now.rate > before.rate:
            line += f" · up from {_rate(before)}"
        elif now.rate < before.rate:
            line += f" · down from {_rate(before)}"
        else:
            line += " · same as last month"
    trend = " · ".join(f"{_short_month(p.period)} {_rate(p)}" for p in digest.participation)
    return f"{line}\n{trend}"


def _short_month(period: str) -> str:
    label = period_label(period)
    return label[:3] if " " in label else label


def _fallback(digest: Digest, *, title: str) -> str:
    counts = ", ".join(
        f"{c.count} {c.status.value.replace('-', ' ')}" for c in digest.counts if c.count
    )
    text = f"{title} for {escape(one_line(digest.scope_name))}, {period_label(digest.period)}"
    text += f": {counts}" if counts else ": no updates yet"
    if digest.overdue.total:
        text += f"; {digest.overdue.total} overdue"
    return text + "."


# ---- the lists ------------------------------------------------------------------------


def _lists(digest: Digest, *, with_tasks: bool) -> list[Block]:
    month = period_label(digest.period)
    today = digest.today

    def due(task: TaskItem) -> str:
        return _due_line(task, today)

    blocks: list[Block | None] = [
        _list(":rotating_light: Needs attention", digest.attention, _attention_line),
        _list(":mute: Not reported yet", digest.unreported, _unreported_line),
        _list(":hourglass: Overdue", digest.overdue, due),
        _list(":calendar: Due in the next 30 days", digest.due_soon, due),
        _list(
            ":spiral_calendar_pad: Reviews in the next 30 days",
            Listing.of(digest.reviews),
            _review_line,
        ),
        _list(f":tada: Completed in {month}, thank you", digest.completed, _completion_line),
        _list(":eyes: Green, but is it?", digest.stale, _stale_line),
        _list(":moneybag: Budget by goal", Listing.of(digest.budgets), _budget_line),
    ]
    if with_tasks and 0 < digest.open_tasks.total <= TASK_LIST_LIMIT:
        blocks.append(
            _list(":clipboard: Open tasks", digest.open_tasks,
                  lambda task: _task_line(task, today), limit=TASK_LIST_LIMIT)
        )  # fmt: skip
    shown = [block for block in blocks if block is not None]
    if not shown:
        shown.append(section("Nothing needs attention: no risks, nothing overdue. :sunny:"))
    return shown


def _list(
    title: str, entries: Listing[T], line: Callable[[T], str], *, limit: int = LIST_LIMIT
) -> Block | None:
    """``*title (n)*`` and as many lines as fit, then ``…and N more``; None when empty."""
    if not entries.total:
        return None
    heading = f"*{title} ({entries.total})*"
    reserve = len(f"\n…and {entries.total} more")
    kept: list[str] = []
    used = len(heading)
    for entry in entries.first[:limit]:
        text = line(entry)
        if used + 1 + len(text) > SECTION_TEXT_LIMIT - reserve:
            break
        kept.append(text)
        used += 1 + len(text)
    hidden = entries.total - len(kept)
    more = [f"…and {hidden} more"] if hidden else []
    return section("\n".join([heading, *kept, *more]))


def _who(person: Who | None) -> str:
    if person is None:
        return "nobody"
    # mention() escapes the name; shorten it first so the entity stays whole.
    return mention(PersonRef(name=ellipsize(one_line(person.name), NAME_LIMIT),
                             slack_id=person.slack_id))  # fmt: skip


def _title(task: TaskItem) -> str:
    return f"*{task.ref}* {escape_within(one_line(task.title), TITLE_LIMIT)}"


def _attention_line(task: TaskItem) -> str:
    line = f"{status_emoji(task.status)} {_title(task)} — {_who(task.owner)}"
    if task.note.strip():
        line += f"\n> {escape_within(one_line(task.note), NOTE_LIMIT)}"
    return line


def _unreported_line(entry: Unreported) -> str:
    refs = ", ".join(entry.task_refs[:REF_LIMIT])
    extra = entry.task_count - REF_LIMIT
    refs += f" +{extra}" if extra > 0 else ""
    line = f"{_who(entry.person)} — {refs}"
    if entry.nudges_sent:
        line += f" (nudged {plural(entry.nudges_sent, 'time')})"
    return line


def _due_line(task: TaskItem, today: date) -> str:
    return f"{_title(task)} — {_who(task.owner)} · {due_text(task.due_on, today=today)}"


def _review_line(review: Review) -> str:
    when = "today" if review.days_away == 0 else f"in {plural(review.days_away, 'day')}"
    title = escape_within(one_line(review.title), TITLE_LIMIT)
    return f"*{title}* ({review.kind.value}) — {format_date(review.held_on)}, {when}"


def _completion_line(entry: Completion) -> str:
    return f":white_check_mark: {_title(entry.task)} — {_who(entry.task.owner)}"


def _stale_line(flag: StaleFlag) -> str:
    return f"{_title(flag.task)} — {_who(flag.task.owner)}: {stale_text(flag.sign)}"


def _money(amount: Decimal) -> str:
    return format_number(amount)


def _budget_line(line: BudgetLine) -> str:
    title = f"*{line.goal_ref}* {escape_within(one_line(line.title), TITLE_LIMIT)}"
    if line.allocated is None:
        return f"{title}: {_money(line.spent)} spent, no budget set"
    share = line.used_share
    used = f" ({round(share * 100)}%)" if share is not None else ""
    text = f"{title}: {_money(line.spent)} of {_money(line.allocated)} spent{used}"
    remaining = line.remaining
    if remaining is not None and remaining < 0:
        return f"{text} · :warning: over by {_money(-remaining)}"
    return text


def _task_line(task: TaskItem, today: date) -> str:
    progress = f" {task.percent}%" if task.percent is not None else ""
    return (
        f"{status_emoji(task.status)} {_title(task)} — {_who(task.owner)} · "
        f"{status_label(task.status)}{progress} · {due_text(task.due_on, today=today)}"
    )
