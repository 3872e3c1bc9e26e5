from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from bot.views.models import PersonRef
from bot.views.planning import (
    MAX_LISTED,
    GoalView,
    MetricView,
    PlanView,
    ReviewLine,
    TeamView,
    metric_text,
    reminders_text,
    render_goal_created,
    render_plan_activated,
    render_plan_already_active,
    render_plan_created,
    render_plans,
    render_review_added,
    render_reviews,
    render_team_created,
    render_teams,
)
from storage.enums import PlanState, ReviewKind

TODAY = date(2026, 12, 1)
HOSTILE = "<!channel> R&D <b>"
Text = Callable[[dict[str, Any]], str]

FY2027 = PlanView(name="FY2027", starts_on=date(2027, 1, 1), ends_on=date(2027, 12, 31))


def test_a_new_plan_explains_activation(check_limits: Any, all_text: Text) -> None:
    alone = all_text(check_limits(render_plan_created(plan=FY2027, active=None)))
    beside = all_text(
        check_limits(
            render_plan_created(
                plan=FY2027, active=PlanView(HOSTILE, TODAY, TODAY, PlanState.ACTIVE)
            )
        )
    )

    assert "Created the plan *FY2027* (Fri 1 Jan 2027 to Fri 31 Dec 2027), in draft." in alone
    assert "No plan is active yet" in alone
    assert "*&lt;!channel&gt; R&amp;D &lt;b&gt;* is still the active plan" in beside
    assert "<!channel>" not in beside


def test_plans_are_listed_with_their_state(check_limits: Any, all_text: Text) -> None:
    plans = [
        PlanView("FY2028", date(2028, 1, 1), date(2028, 12, 31), PlanState.DRAFT),
        PlanView("FY2027", date(2027, 1, 1), date(2027, 12, 31), PlanState.ACTIVE),
        PlanView("FY2026", date(2026, 1, 1), date(2026, 12, 31), PlanState.ARCHIVED),
    ]
    payload = check_limits(render_plans(plans=plans))
    text = all_text(payload)

    assert payload["text"] == "3 plans"
    assert "FY2028* · Sat 1 Jan 2028 to Sun 31 Dec 2028 · :pencil2: draft" in text
    assert "FY2027* · Fri 1 Jan 2027 to Fri 31 Dec 2027 · :large_green_circle: *active*" in text
    assert "FY2026* · Thu 1 Jan 2026 to Thu 31 Dec 2026 · :file_cabinet: archived" in text
    assert "No plan is active" not in text


def test_a_plan_list_without_an_active_plan_says_so(check_limits: Any, all_text: Text) -> None:
    text = all_text(check_limits(render_plans(plans=[FY2027])))

    assert "No plan is active: an admin runs `/pillar plan activate NAME`." in text


def test_an_empty_plan_list_says_how_to_start(check_limits: Any, all_text: Text) -> None:
    assert "There is no plan yet" in all_text(check_limits(render_plans(plans=[])))


def test_a_long_plan_list_fits_one_message(check_limits: Any, all_text: Text) -> None:
    plans = [PlanView(HOSTILE * 11, TODAY, TODAY) for _ in range(200)]
    payload = check_limits(render_plans(plans=plans))
    text = all_text(payload)

    assert len(payload["blocks"]) <= 50
    assert f"…and {200 - MAX_LISTED} more" in text
    assert "<!channel>" not in text


def test_activation_names_the_archived_plan(check_limits: Any, all_text: Text) -> None:
    old = PlanView("FY2026", date(2026, 1, 1), date(2026, 12, 31), PlanState.ARCHIVED)
    switched = all_text(check_limits(render_plan_activated(plan=FY2027, archived=old)))
    first = all_text(check_limits(render_plan_activated(plan=FY2027, archived=None)))
    again = all_text(check_limits(render_plan_already_active(plan=FY2027)))

    assert "*FY2027* (Fri 1 Jan 2027 to Fri 31 Dec 2027) is now the active plan" in switched
    assert "*FY2026* was archived" in switched
    assert "archived" not in first
    assert "already the active plan" in again


def test_a_goal_shows_all_it_was_given(check_limits: Any, all_text: Text) -> None:
    goal = GoalView(
        ref="G-4",
        title="Double self-serve <revenue>",
        plan_name="FY2027",
        parent="G-1 Grow & keep",
        owner=PersonRef(name="Ana", slack_id="U0ANA"),
        team_name="Growth",
        budget=Decimal("12000.50"),
        metric=MetricView(name="paying accounts", baseline=120, target=500, unit="accounts"),
    )
    payload = check_limits(render_goal_created(goal=goal))
    text = all_text(payload)

    assert payload["text"] == "Created G-4."
    assert "Created *G-4* Double self-serve &lt;revenue&gt; in the plan *FY2027*." in text
    assert "under G-1 Grow &amp; keep · owner <@U0ANA> · team Growth · budget 12,000.5" in text
    assert "Measured by paying accounts: from 120 accounts to 500 accounts" in text
    assert "goal:G-4" in text


def test_a_bare_goal_says_it_has_no_owner(check_limits: Any, all_text: Text) -> None:
    text = all_text(
        check_limits(render_goal_created(goal=GoalView(ref="G-1", title="x", plan_name="P")))
    )

    assert "no owner" in text
    assert "Measured by" not in text


def test_a_goal_with_the_longest_fields_fits(check_limits: Any) -> None:
    goal = GoalView(
        ref="G-999999999",
        title=HOSTILE * 16,
        plan_name=HOSTILE * 11,
        parent="G-1 " + HOSTILE * 16,
        owner=PersonRef(name=HOSTILE * 11),
        team_name=HOSTILE * 11,
        budget=Decimal("999999999999.99"),
        metric=MetricView(name=HOSTILE * 6, baseline=-1e12, target=1e12, unit=HOSTILE * 2),
    )

    check_limits(render_goal_created(goal=goal))


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        (MetricView(name="NPS", baseline=30, target=50), "NPS: from 30 to 50"),
        (MetricView(name="NPS", target=50, unit="pts"), "NPS: to 50 pts"),
        (MetricView(name="a<b"), "a&lt;b"),
    ],
)
def test_metric_text(metric: MetricView, expected: str) -> None:
    assert metric_text(metric) == expected


def test_a_new_team_names_its_channel_and_managers(check_limits: Any, all_text: Text) -> None:
    team = TeamView(
        name=HOSTILE,
        channel_id="C0GROWTH",
        managers=(PersonRef("Mia", "U0MIA"), PersonRef("Imported <Ann>")),
    )
    text = all_text(check_limits(render_team_created(team=team)))

    assert "Created the team *&lt;!channel&gt; R&amp;D &lt;b&gt;*" in text
    assert "digests go to <#C0GROWTH>, managed by <@U0MIA>, Imported &lt;Ann&gt;" in text
    assert ":warning:" not in text


@pytest.mark.parametrize(
    ("access", "warning"),
    [
        ("not_member", ":warning: Pillar cannot see <#G0X>"),
        ("archived", ":warning: <#G0X> is archived"),
    ],
)
def test_a_new_team_warns_when_pillar_cannot_post(
    access: Any, warning: str, check_limits: Any, all_text: Text
) -> None:
    team = TeamView(name="Board", channel_id="G0X", managers=(PersonRef("Mia", "U0MIA"),))
    unknown = all_text(check_limits(render_team_created(team=team, access="unknown")))

    assert warning in all_text(check_limits(render_team_created(team=team, access=access)))
    assert ":warning:" not in unknown


def test_teams_are_listed_with_channel_and_managers(check_limits: Any, all_text: Text) -> None:
    teams = [
        TeamView("Growth", "C0GROWTH", (PersonRef("Mia", "U0MIA"), PersonRef("Ana", "U0ANA"))),
        TeamView("Ops", None, ()),
    ]
    payload = check_limits(render_teams(teams=teams))
    text = all_text(payload)

    assert payload["text"] == "2 teams"
    assert "*Growth* · <#C0GROWTH> · <@U0MIA>, <@U0ANA>" in text
    assert "*Ops* · no channel · no manager" in text


def test_an_empty_team_list_says_how_to_start(check_limits: Any, all_text: Text) -> None:
    assert "There is no team yet" in all_text(check_limits(render_teams(teams=[])))


def test_a_long_team_list_fits_and_never_cuts_a_mention(check_limits: Any, all_text: Text) -> None:
    managers = tuple(PersonRef(f"m{n}", f"U{n:09}") for n in range(300))
    teams = [TeamView(HOSTILE * 11, f"C{n:09}", managers) for n in range(100)]
    payload = check_limits(render_teams(teams=teams))
    text = all_text(payload)

    assert len(payload["blocks"]) <= 50
    assert f"…and {100 - MAX_LISTED} more" in text
    assert "<@U000000009> and 290 more" in text
    assert "<@U000000010>" not in text


@pytest.mark.parametrize(
    ("days", "expected"),
    [((14, 3, 1), "14, 3 and 1 days before"), ((1,), "1 day before"), ((7,), "7 days before"),
     ((1, 7), "7 and 1 days before"), ((), "no reminders")],
)  # fmt: skip
def test_reminders_text(days: tuple[int, ...], expected: str) -> None:
    assert reminders_text(days) == expected


def test_an_added_review_says_when_and_where(check_limits: Any, all_text: Text) -> None:
    review = ReviewLine(
        title="Q4 <review>",
        held_on=TODAY + timedelta(days=30),
        kind=ReviewKind.QUARTERLY,
        channel_id="C0SALES",
        remind_days=(14, 3, 1),
    )
    text = all_text(check_limits(render_review_added(review=review, plan_name="FY", today=TODAY)))

    assert "Added the quarterly review *Q4 &lt;review&gt;* of *FY* on Thu 31 Dec 2026" in text
    assert "(in 30 days)" in text
    assert "Reminders 14, 3 and 1 days before, in <#C0SALES>." in text


def test_an_added_review_without_a_channel_says_so(check_limits: Any, all_text: Text) -> None:
    review = ReviewLine(title="Sync", held_on=TODAY, remind_days=(1,))
    text = all_text(check_limits(render_review_added(review=review, plan_name="FY", today=TODAY)))

    assert "monthly meeting *Sync*" in text
    assert "(*today*)" in text
    assert "No channel was given" in text


def test_reviews_are_listed_with_days_to_go(check_limits: Any, all_text: Text) -> None:
    reviews = [
        ReviewLine("Standup", TODAY, channel_id="C1"),
        ReviewLine("Monthly", TODAY + timedelta(days=1)),
        ReviewLine("Annual", date(2027, 1, 31), ReviewKind.ANNUAL, "C2"),
    ]
    payload = check_limits(render_reviews(reviews=reviews, plan_name="FY2027", today=TODAY))
    text = all_text(payload)

    assert payload["text"] == "3 upcoming reviews"
    assert "Upcoming reviews of FY2027" in text
    assert "*Tue 1 Dec 2026* (*today*) · Standup · monthly meeting · <#C1>" in text
    assert "*Wed 2 Dec 2026* (*tomorrow*) · Monthly · monthly meeting · no channel" in text
    assert "*Sun 31 Jan 2027* (in 61 days) · Annual · annual review · <#C2>" in text


def test_no_upcoming_review_says_how_to_add_one(check_limits: Any, all_text: Text) -> None:
    text = all_text(check_limits(render_reviews(reviews=[], plan_name="<FY>", today=TODAY)))

    assert "*&lt;FY&gt;* has no upcoming review" in text
    assert "/pillar review add" in text


def test_a_long_review_list_fits_one_message(check_limits: Any, all_text: Text) -> None:
    reviews = [ReviewLine(HOSTILE * 11, TODAY + timedelta(days=n)) for n in range(120)]
    payload = check_limits(render_reviews(reviews=reviews, plan_name=HOSTILE * 11, today=TODAY))

    assert len(payload["blocks"]) <= 50
    assert f"…and {120 - MAX_LISTED} more" in all_text(payload)
    # The header is plain text, shown as typed; every mrkdwn block is escaped.
    assert payload["blocks"][0]["text"]["type"] == "plain_text"
    assert "<!channel>" not in all_text({"blocks": payload["blocks"][1:]})
