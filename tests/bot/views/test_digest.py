import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from bot.views.digest import (
    LIST_LIMIT,
    REF_LIMIT,
    TASK_LIST_LIMIT,
    render_digest,
    render_status,
)
from bot.views.message import Message
from schedules.digest import Digest, assemble_digest
from storage.enums import Status
from storage.reports import CheckInFact, GoalFact, ReviewFact, TaskFact
from storage.reports.digest import LIST_HEAD, OWNER_REFS
from tests.storage.reports.factories import (
    PERIOD,
    TODAY,
    done_task,
    facts,
    owner,
    point,
    task,
    update,
)
from tests.storage.reports.reference import digest_facts_of

Check = Callable[[Message], dict[str, Any]]
Text = Callable[[dict[str, Any]], str]
NASTY = "<!channel> & <@U0EVIL> *bold* " * 20


def digest_of(**kwargs: Any) -> Digest:
    facts_of = digest_facts_of(facts(**kwargs))
    return assemble_digest(facts_of, period=PERIOD, today=TODAY, scope_name="Growth")


def sample() -> Digest:
    start = TODAY - timedelta(days=70)
    return digest_of(
        tasks=[
            task(1, latest=update(Status.BLOCKED, note="waiting on legal"), owner=owner(1)),
            task(2, owner=owner(2), due_on=TODAY - timedelta(days=3)),
            task(
                3,
                owner=owner(3),
                start_on=start,
                due_on=start + timedelta(days=100),
                latest=update(Status.ON_TRACK, percent=30),
            ),
            done_task(4, owner=owner(4), closed=datetime(2026, 11, 12, tzinfo=UTC)),
        ],
        status_counts={
            PERIOD: {Status.BLOCKED: 1, Status.ON_TRACK: 1, Status.DONE: 1},
            "2026-10": {Status.ON_TRACK: 3},
        },
        reporting={PERIOD: [1, 3, 4], "2026-10": [1, 2, 3, 4]},
        history=[point(1, PERIOD, Status.BLOCKED), point(3, PERIOD, percent=30)],
        check_ins=[CheckInFact(person_id=2, period=PERIOD, nudges_sent=2)],
        reviews=[ReviewFact(title="Q4 review", held_on=TODAY + timedelta(days=8))],
        goals=[GoalFact(id=1, number=1, title="Grow", budget=Decimal(1000), spent=Decimal(1250))],
    )


def test_a_digest_reads_as_a_story(check_limits: Check, all_text: Text) -> None:
    text = all_text(check_limits(render_digest(sample())))
    assert "Digest · Growth · November 2026" in text
    assert ":no_entry: 1 blocked (+1)" in text
    assert ":large_green_circle: 1 on track (-2)" in text
    assert "3 open tasks, 1 without an update in November 2026" in text
    assert "*Participation 75%* (3 of 4 owners reported) · down from 100%" in text
    assert ":no_entry: *T-1* Task 1 — <@U00001>\n> waiting on legal" in text
    assert "<@U00002> — T-2 (nudged 2 times)" in text
    assert "*T-2* Task 2 — <@U00002> · :warning: *overdue* by 3 days" in text
    assert "*Q4 review* (monthly) — Tue 1 Dec 2026, in 8 days" in text
    assert (
        "Completed in November 2026, thank you (1)*\n:white_check_mark: *T-4* Task 4 — <@U00004>"
        in text
    )
    assert "*T-3* Task 3 — <@U00003>: 30% done with 70% of the time gone" in text
    assert "*G-1* Grow: 1,250 of 1,000 spent (125%) · :warning: over by 250" in text


def test_the_status_summary_lists_a_few_open_tasks(check_limits: Check, all_text: Text) -> None:
    text = all_text(check_limits(render_status(sample())))
    assert "Status · Growth" in text
    assert "Open tasks (3)" in text
    assert "Open tasks" not in all_text(check_limits(render_digest(sample())))


def test_an_empty_plan_is_said_plainly(check_limits: Check, all_text: Text) -> None:
    payload = check_limits(render_digest(digest_of(goals=())))
    text = all_text(payload)
    assert "There are no tasks in Growth yet" in text
    assert "/pillar add" in text
    assert payload["text"] == "Digest for Growth: no tasks yet."


def test_a_quiet_month_says_nothing_needs_attention(check_limits: Check, all_text: Text) -> None:
    text = all_text(check_limits(render_digest(digest_of(tasks=[task(1)], goals=()))))
    assert "No updates yet in November 2026." in text
    assert "Nothing needs attention" not in text  # the silent owner still needs a word
    assert "Not reported yet (1)" in text


def many_tasks(count: int) -> list[TaskFact]:
    statuses = list(Status)[:4]
    return [
        task(number, title=NASTY, owner=owner(number % 300, name=NASTY),
             due_on=TODAY + timedelta(days=number % 60 - 30),
             latest=update(statuses[number % 4], note=NASTY, percent=10))
        for number in range(1, count + 1)
    ]  # fmt: skip


def test_two_thousand_tasks_fit_slacks_limits(check_limits: Check, all_text: Text) -> None:
    tasks = many_tasks(2000)
    goals = [GoalFact(id=n, number=n, title=NASTY, budget=Decimal(n)) for n in range(1, 40)]
    digest = digest_of(
        tasks=tasks,
        history=[point(t.id, "2026-09", percent=10) for t in tasks]
        + [point(t.id, PERIOD, percent=10) for t in tasks],
        goals=goals,
    )
    for rendered in (render_digest(digest), render_status(digest)):
        payload = check_limits(rendered)
        assert len(payload["blocks"]) <= 50
        text = all_text(payload)
        assert "<!channel>" not in text
        assert "&lt;!channel&gt;" in text
        attention = next(
            block["text"]["text"]
            for block in payload["blocks"]
            if "Needs attention" in block.get("text", {}).get("text", "")
        )
        assert attention.startswith(
            f"*:rotating_light: Needs attention ({digest.attention.total})*"
        )
        kept = len(re.findall(r"^\S+ \*T-\d+\*", attention, flags=re.MULTILINE))
        assert 0 < kept <= LIST_LIMIT
        assert attention.endswith(f"…and {digest.attention.total - kept} more")
        assert len(attention) <= 3000


def test_lists_are_cut_at_the_limit_with_the_rest_counted(
    check_limits: Check, all_text: Text
) -> None:
    tasks = [task(n, latest=update(Status.AT_RISK)) for n in range(1, 14)]
    text = all_text(check_limits(render_digest(digest_of(tasks=tasks))))
    assert "Needs attention (13)" in text
    assert f"…and {13 - LIST_LIMIT} more" in text
    assert f"*T-{LIST_LIMIT}*" in text
    assert f"*T-{LIST_LIMIT + 1}*" not in text.split("Needs attention")[1].split("Not reported")[0]


def test_a_silent_owner_is_named_with_their_first_tasks(
    check_limits: Check, all_text: Text
) -> None:
    tasks = [task(n, owner=owner(2), due_on=TODAY + timedelta(days=n)) for n in range(1, 10)]
    text = all_text(check_limits(render_digest(digest_of(tasks=tasks))))
    assert "<@U00002> — T-1, T-2, T-3, T-4, T-5, T-6 +3" in text


def test_the_digest_shows_no_more_than_its_facts_carry() -> None:
    assert max(LIST_LIMIT, TASK_LIST_LIMIT) <= LIST_HEAD
    assert REF_LIMIT <= OWNER_REFS
