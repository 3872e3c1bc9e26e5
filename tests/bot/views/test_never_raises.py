"""Whatever people type into titles, notes and names, rendering never raises."""

from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.views.alerts import render_blocker_alert, render_escalation
from bot.views.assignment import render_assignment, render_decline_modal
from bot.views.confirmations import render_progress_recorded
from bot.views.home import render_home
from bot.views.models import PersonRef, SilentOwner, TaskLine
from bot.views.prompts import render_checkin_prompt, render_nudge
from bot.views.tasks import render_mine
from bot.views.update_form import render_update_form
from storage.enums import Status

TODAY = date(2026, 12, 1)
user_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=4000)

tasks = st.builds(
    TaskLine,
    id=st.integers(min_value=1, max_value=10**9),
    ref=st.from_regex(r"T-[0-9]{1,9}", fullmatch=True),
    title=user_text,
    owner_name=st.none() | user_text,
    owner_slack_id=st.none() | st.from_regex(r"U[A-Z0-9]{8,10}", fullmatch=True),
    due_on=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    status=st.none() | st.sampled_from(Status),
    percent=st.none() | st.integers(min_value=0, max_value=100),
    note=st.none() | user_text,
    updated_at=st.none() | st.datetimes(timezones=st.just(UTC), min_value=datetime(2000, 1, 1)),
    metric_name=st.none() | user_text,
    metric_target=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    metric_unit=st.none() | user_text,
    metric_value=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    budget=st.none() | st.decimals(min_value=0, max_value=Decimal("1e12"), places=2),
)
unique_tasks = st.lists(tasks, max_size=60, unique_by=lambda task: task.id)


@settings(max_examples=40, deadline=None)
@given(unique_tasks, user_text)
def test_task_lists_and_prompts_always_serialise(task_list: list[TaskLine], name: str) -> None:
    owner = PersonRef(name=name, slack_id="U0ANA")
    assert len(render_mine(tasks=task_list, today=TODAY).to_dict()["blocks"]) <= 50
    prompt = render_checkin_prompt(owner=owner, tasks=task_list, period="2026-12", today=TODAY)
    assert len(prompt.to_dict()["blocks"]) <= 50
    render_nudge(owner=owner, tasks=task_list, period="2026-12", level=2).to_dict()
    silent = [SilentOwner(person=owner, tasks=tuple(task_list))]
    render_escalation(period="2026-12", silent=silent, today=TODAY).to_dict()
    render_home(tasks=task_list, today=TODAY).to_dict()
    selected = task_list[0].id if task_list else None
    render_update_form(tasks=task_list, selected_task_id=selected).to_dict()


@settings(max_examples=40, deadline=None)
@given(tasks, user_text, user_text)
def test_single_task_messages_always_serialise(task: TaskLine, reason: str, how: str) -> None:
    render_blocker_alert(task=task, reason=reason, today=TODAY).to_dict()
    render_assignment(task=task, today=TODAY, how=how, goal_title=reason).to_dict()
    render_decline_modal(task=task, channel_id="D1", message_ts="1.2").to_dict()
    render_progress_recorded(task=task, today=TODAY, spent=Decimal("12.50")).to_dict()
