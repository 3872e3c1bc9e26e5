"""How domain values read in a message: statuses, people, dates, numbers."""

from datetime import UTC, date, datetime
from decimal import Decimal

from bot.views.models import PersonRef, StatusCounts, TaskLine
from bot.views.text import escape, escape_within, one_line
from schedules.digest.model import StaleReason, StaleSign
from storage.enums import Status

STATUS_EMOJI: dict[Status, str] = {
    Status.ON_TRACK: ":large_green_circle:",
    Status.AT_RISK: ":large_yellow_circle:",
    Status.OFF_TRACK: ":red_circle:",
    Status.BLOCKED: ":no_entry:",
    Status.DONE: ":white_check_mark:",
}
NO_UPDATE_EMOJI = ":white_circle:"

STATUS_LABEL: dict[Status, str] = {
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.BLOCKED: "Blocked",
    Status.DONE: "Done",
}
NO_UPDATE_LABEL = "No update yet"

_BAR_CELLS = 10


def status_emoji(status: Status | None) -> str:
    return NO_UPDATE_EMOJI if status is None else STATUS_EMOJI[status]


def status_label(status: Status | None) -> str:
    return NO_UPDATE_LABEL if status is None else STATUS_LABEL[status]


def mention(person: PersonRef) -> str:
    """``<@U123>`` when the Slack id is known, else the escaped name."""
    if person.slack_id:
        return f"<@{person.slack_id}>"
    return escape(one_line(person.name)) or "someone"


def owner_mention(task: TaskLine) -> str:
    owner = task.owner
    return "nobody" if owner is None else mention(owner)


def task_label(task: TaskLine, *, title_limit: int = 200) -> str:
    """``*T-12* Title`` with the title escaped and shortened."""
    return f"*{escape(task.ref)}* {escape_within(one_line(task.title), title_limit)}"


def format_date(day: date) -> str:
    """``Tue 1 Dec 2026``: unambiguous in every locale."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def due_text(due_on: date | None, *, today: date) -> str:
    """``due Tue 1 Dec 2026``, with overdue and imminent dates called out."""
    if due_on is None:
        return "no due date"
    days = (due_on - today).days
    if days < 0:
        return f":warning: *overdue* by {plural(-days, 'day')} (due {format_date(due_on)})"
    if days == 0:
        return f"due *today* ({format_date(due_on)})"
    if days == 1:
        return f"due tomorrow ({format_date(due_on)})"
    return f"due {format_date(due_on)}"


def is_overdue(task: TaskLine, *, today: date) -> bool:
    return task.due_on is not None and task.due_on < today


def slack_time(moment: datetime) -> str:
    """A timestamp each reader sees in their own time zone (Slack date formatting)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = int(aware.timestamp())
    fallback = aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>"


def format_number(value: float | Decimal) -> str:
    """``1,200`` or ``12.5``: no trailing zeros, thousands separated."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def progress_bar(percent: int) -> str:
    clamped = max(0, min(100, percent))
    filled = round(clamped / 100 * _BAR_CELLS)
    return "▓" * filled + "░" * (_BAR_CELLS - filled) + f" {clamped}%"


def metric_text(task: TaskLine) -> str | None:
    """``users: 320 / 500``, ``target 500 users``: value against target, None without a metric."""
    if not task.has_metric:
        return None
    unit = f" {escape_within(one_line(task.metric_unit), 40)}" if task.metric_unit else ""
    name = f"{escape_within(one_line(task.metric_name), 100)}: " if task.metric_name else ""
    target = None if task.metric_target is None else format_number(task.metric_target)
    if task.metric_value is None:
        return f"{name}target {target}{unit}" if target else f"{name}no figure yet"
    value = format_number(task.metric_value)
    return f"{name}{value} / {target}{unit}" if target else f"{name}{value}{unit}"


def progress_summary(task: TaskLine, *, today: date) -> str:
    """``:large_green_circle: On track · ▓▓▓▓░░░░░░ 40% · 320 / 500 users · due …``."""
    parts = [f"{status_emoji(task.status)} {status_label(task.status)}"]
    if task.percent is not None:
        parts.append(progress_bar(task.percent))
    metric = metric_text(task)
    if metric:
        parts.append(metric)
    parts.append(due_text(task.due_on, today=today))
    return " · ".join(parts)


def period_label(period: str) -> str:
    """``2026-12`` as ``December 2026``; anything else is shown as given, escaped."""
    try:
        first = date.fromisoformat(f"{period}-01")
    except ValueError:
        return escape(one_line(period))
    return f"{first:%B %Y}"


def stale_text(sign: StaleSign) -> str:
    """``20% done with 75% of the time gone`` or ``no progress since September
    2026``: why a task reported on track may not be."""
    if sign.reason == StaleReason.BEHIND:
        return f"{sign.progress_percent}% done with {sign.elapsed_percent}% of the time gone"
    since = period_label(sign.since_period) if sign.since_period else "two months"
    return f"no progress since {since}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 task``, ``3 tasks``; ``many`` for irregular nouns (person, people)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def status_counts_text(counts: StatusCounts) -> str:
    """``:large_green_circle: 12 on track · :red_circle: 1 off track · :white_circle: 4 …``."""
    parts = [
        f"{status_emoji(status)} {counts.by_status[status]} {status.value.replace('-', ' ')}"
        for status in Status
        if counts.by_status.get(status)
    ]
    if counts.no_update:
        parts.append(f"{status_emoji(None)} {counts.no_update} without an update")
    return " · ".join(parts) or "no open tasks"
