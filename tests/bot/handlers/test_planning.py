"""The plan's structure through the dispatcher: plans, goals, teams and review dates."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from bot.handlers.replies import Reply
from bot.standin import SlackStandIn
from storage import crud
from storage.enums import PlanState, ReviewKind
from storage.models import Goal, Person, Plan, ReviewDate, Team, TeamManager

ADMIN = "UADMIN"
MANAGER = "U0MIA"
MEMBER = "U0BEN"
GROWTH = "<#C0GROWTH|growth>"

Run = Callable[..., Reply]
Text = Callable[[Reply], str]
Row = TypeVar("Row", bound=SQLModel)


def rows(engine: Engine, model: type[Row]) -> list[Row]:
    with Session(engine) as session:
        return list(session.exec(select(model)).all())


@pytest.fixture(autouse=True)
def people(slack: SlackStandIn) -> None:
    slack.add_user(id=MANAGER, name="mia", real_name="Mia Chen", tz="Europe/Paris")
    slack.add_user(id=MEMBER, name="ben", tz="UTC")
    slack.add_user(id="U0ANA", name="ana", real_name="Ana Lima", tz="America/Sao_Paulo")
    slack.add_channel(id="C0GROWTH", name="growth")
    slack.add_channel(id="C0SALES", name="sales")
    slack.add_channel(id="G0BOARD", name="board", is_private=True, bot_is_member=False)


@pytest.fixture
def active_plan(run: Run, text_of: Text) -> None:
    text_of(run(ADMIN, 'plan add "FY2027" from:2026-01-01 to:2027-12-31'))
    assert "active plan" in text_of(run(ADMIN, "plan activate FY2027"))


@pytest.fixture
def growth_team(run: Run, text_of: Text) -> None:
    """#growth, managed by Mia, who becomes a manager."""
    assert "Created the team" in text_of(run(ADMIN, f"team add {GROWTH} manager:<@{MANAGER}>"))


# -- plans --------------------------------------------------------------------------------


def test_admin_adds_a_plan_in_draft(run: Run, text_of: Text, engine: Engine) -> None:
    text = text_of(run(ADMIN, 'plan add "FY2027" from:2027-01-01 to:2027-12-31'))

    assert "Created the plan *FY2027* (Fri 1 Jan 2027 to Fri 31 Dec 2027), in draft" in text
    assert "No plan is active yet: `/pillar plan activate FY2027`" in text
    (plan,) = rows(engine, Plan)
    assert (plan.name, plan.starts_on, plan.ends_on, plan.state) == (
        "FY2027",
        date(2027, 1, 1),
        date(2027, 12, 31),
        PlanState.DRAFT,
    )


def test_a_new_plan_says_which_plan_stays_active(
    run: Run, text_of: Text, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'plan add "FY2028" from:2028-01-01 to:2028-12-31'))

    assert "*FY2027* is still the active plan; `/pillar plan activate FY2028` switches" in text


def test_only_admins_add_plans(run: Run, text_of: Text, engine: Engine) -> None:
    text = text_of(run(MEMBER, 'plan add "FY2027" from:2027-01-01 to:2027-12-31'))

    assert "Only Pillar admins can add plans" in text
    assert rows(engine, Plan) == []


def test_a_plan_name_is_taken_once(run: Run, text_of: Text, engine: Engine) -> None:
    run(ADMIN, 'plan add "FY2027" from:2027-01-01 to:2027-12-31')

    text = text_of(run(ADMIN, 'plan add "fy2027" from:2027-02-01 to:2027-12-31'))

    assert "a plan named FY2027 already exists; pick another name" in text
    assert len(rows(engine, Plan)) == 1


def test_everyone_lists_plans_with_their_state(run: Run, text_of: Text, active_plan: None) -> None:
    run(ADMIN, 'plan add "FY2028 <draft>" from:2028-01-01 to:2028-12-31')

    text = text_of(run(MEMBER, "plan list"))

    assert "Plans (2)" in text
    assert "*FY2027* · Thu 1 Jan 2026 to Fri 31 Dec 2027 · :large_green_circle: *active*" in text
    assert "*FY2028 &lt;draft&gt;* · Sat 1 Jan 2028 to Sun 31 Dec 2028 · :pencil2: draft" in text
    assert text.index("FY2028") < text.index("FY2027"), "newest period first"


def test_the_plan_list_says_when_there_is_none(run: Run, text_of: Text) -> None:
    text = text_of(run(MEMBER, "plan list"))

    assert "There is no plan yet" in text
    assert "/pillar plan add" in text


def test_activating_a_plan_archives_the_active_one(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    run(ADMIN, 'plan add "FY2028" from:2028-01-01 to:2028-12-31')

    text = text_of(run(ADMIN, "plan activate fy2028"))

    assert "*FY2028* (Sat 1 Jan 2028 to Sun 31 Dec 2028) is now the active plan" in text
    assert "*FY2027* was archived" in text
    states = {plan.name: plan.state for plan in rows(engine, Plan)}
    assert states == {"FY2027": PlanState.ARCHIVED, "FY2028": PlanState.ACTIVE}


def test_activating_the_active_plan_changes_nothing(
    run: Run, text_of: Text, active_plan: None
) -> None:
    assert "already the active plan" in text_of(run(ADMIN, "plan activate FY2027"))


def test_activating_an_unknown_plan_names_the_list(run: Run, text_of: Text) -> None:
    text = text_of(run(ADMIN, "plan activate FY1999"))

    assert "no plan is named FY1999; see /pillar plan list" in text


def test_only_admins_activate_plans(run: Run, text_of: Text, engine: Engine) -> None:
    run(ADMIN, 'plan add "FY2027" from:2027-01-01 to:2027-12-31')

    text = text_of(run(MANAGER, "plan activate FY2027"))

    assert "Only Pillar admins can activate a plan" in text
    assert rows(engine, Plan)[0].state == PlanState.DRAFT


# -- goals --------------------------------------------------------------------------------


def test_manager_adds_a_goal_with_every_detail(
    run: Run, text_of: Text, engine: Engine, active_plan: None, growth_team: None
) -> None:
    run(MANAGER, 'goal add "Grow revenue"')

    text = text_of(
        run(
            MANAGER,
            'goal add "Double self-serve <revenue>" parent:G-1 owner:<@U0ANA|ana> '
            'team:<#C0GROWTH|growth> budget:12000 metric:"paying accounts" baseline:120 '
            "target:500 unit:accounts",
        )
    )

    assert "Created *G-2* Double self-serve &lt;revenue&gt; in the plan *FY2027*" in text
    assert "under G-1 Grow revenue · owner <@U0ANA> · team growth · budget 12,000" in text
    assert "Measured by paying accounts: from 120 accounts to 500 accounts" in text
    goal = next(goal for goal in rows(engine, Goal) if goal.number == 2)
    parent = next(goal for goal in rows(engine, Goal) if goal.number == 1)
    (team,) = rows(engine, Team)
    ana = next(person for person in rows(engine, Person) if person.slack_user_id == "U0ANA")
    assert goal.parent_id == parent.id
    assert (goal.owner_id, goal.team_id) == (ana.id, team.id)
    assert ana.tz == "America/Sao_Paulo", "a mentioned person is created from Slack"
    assert goal.budget == Decimal("12000")
    assert (goal.metric_name, goal.metric_baseline, goal.metric_target, goal.metric_unit) == (
        "paying accounts",
        120.0,
        500.0,
        "accounts",
    )


def test_a_goal_belongs_to_the_active_plan(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    run(ADMIN, 'plan add "FY2028" from:2028-01-01 to:2028-12-31')

    text = text_of(run(ADMIN, 'goal add "Grow revenue"'))

    assert "in the plan *FY2027*" in text
    assert "no owner" in text
    (goal,) = rows(engine, Goal)
    active = next(plan for plan in rows(engine, Plan) if plan.state == PlanState.ACTIVE)
    assert goal.plan_id == active.id


def test_a_goal_needs_an_active_plan(run: Run, text_of: Text, engine: Engine) -> None:
    text = text_of(run(ADMIN, 'goal add "Grow revenue"'))

    assert "no active plan: create one with /pillar plan add" in text
    assert rows(engine, Goal) == []


def test_a_goal_under_an_unknown_parent_is_refused(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'goal add "Grow revenue" parent:G-9'))

    assert "there is no goal G-9 in this workspace" in text
    assert rows(engine, Goal) == []


def test_a_goal_for_an_unknown_team_is_refused(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'goal add "Grow revenue" team:#nowhere'))

    assert "no team is called nowhere; `/pillar team list` shows the teams" in text
    assert rows(engine, Goal) == []


def test_members_cannot_add_goals(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(MEMBER, 'goal add "Grow revenue"'))

    assert "Only team managers and Pillar admins can add goals" in text
    assert rows(engine, Goal) == []


def test_a_failed_goal_leaves_no_person_behind(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'goal add "Grow revenue" owner:<@U0ANA|ana> parent:G-4'))

    assert "there is no goal G-4" in text
    assert "U0ANA" not in {person.slack_user_id for person in rows(engine, Person)}


# -- teams --------------------------------------------------------------------------------


def test_admin_adds_a_team_named_after_its_channel(run: Run, text_of: Text, engine: Engine) -> None:
    text = text_of(run(ADMIN, f"team add {GROWTH} manager:<@{MANAGER}|mia>"))

    assert "Created the team *growth*: digests go to <#C0GROWTH>, managed by <@U0MIA>" in text
    assert ":warning:" not in text
    (team,) = rows(engine, Team)
    mia = next(person for person in rows(engine, Person) if person.slack_user_id == MANAGER)
    assert (team.name, team.channel_id) == ("growth", "C0GROWTH")
    assert mia.tz == "Europe/Paris", "a mentioned person is created from Slack"
    assert [(link.team_id, link.person_id) for link in rows(engine, TeamManager)] == [
        (team.id, mia.id)
    ]


def test_a_team_takes_the_given_name_and_several_managers(
    run: Run, text_of: Text, engine: Engine
) -> None:
    text = text_of(
        run(ADMIN, 'team add <#C0SALES> "Sales & Partners" manager:<@U0MIA>,<@U0ANA|ana>')
    )

    assert "*Sales &amp; Partners*: digests go to <#C0SALES>" in text
    assert "<@U0ANA>, <@U0MIA>" in text or "<@U0MIA>, <@U0ANA>" in text
    (team,) = rows(engine, Team)
    assert team.name == "Sales & Partners"
    assert len(rows(engine, TeamManager)) == 2


def test_a_channel_mention_without_its_name_is_named_from_slack(
    run: Run, text_of: Text, engine: Engine
) -> None:
    text_of(run(ADMIN, f"team add <#C0GROWTH> manager:<@{MANAGER}>"))

    assert [team.name for team in rows(engine, Team)] == ["growth"]


def test_a_private_channel_pillar_cannot_see_is_flagged(run: Run, text_of: Text) -> None:
    text = text_of(run(ADMIN, f'team add <#G0BOARD> "Board" manager:<@{MANAGER}>'))

    assert "Created the team *Board*" in text
    assert ":warning: Pillar cannot see <#G0BOARD>" in text
    assert "/invite @Pillar" in text


def test_a_channel_slack_cannot_name_needs_a_team_name(
    run: Run, text_of: Text, engine: Engine
) -> None:
    unnamed = text_of(run(ADMIN, f"team add <#C0HIDDEN> manager:<@{MANAGER}>"))
    named = text_of(run(ADMIN, f'team add <#C0HIDDEN> "Hidden" manager:<@{MANAGER}>'))

    assert "Slack did not say the channel's name, so give the team one" in unnamed
    assert "Created the team *Hidden*" in named
    assert ":warning: Pillar cannot see <#C0HIDDEN>" in named
    assert [team.name for team in rows(engine, Team)] == ["Hidden"]


def test_a_duplicate_team_is_refused(run: Run, text_of: Text, engine: Engine) -> None:
    run(ADMIN, f"team add {GROWTH} manager:<@{MANAGER}>")

    same_name = text_of(run(ADMIN, f'team add <#C0SALES|sales> "Growth" manager:<@{MANAGER}>'))
    same_channel = text_of(run(ADMIN, f'team add {GROWTH} "Other" manager:<@{MANAGER}>'))

    assert "a team named growth already exists; pick another name" in same_name
    assert "&lt;#C0GROWTH&gt; is already the channel of another team" in same_channel
    assert [team.name for team in rows(engine, Team)] == ["growth"]


def test_a_plain_channel_name_cannot_make_a_team(run: Run, text_of: Text, engine: Engine) -> None:
    text = text_of(run(ADMIN, f"team add #growth manager:<@{MANAGER}>"))

    assert "#growth is not a channel mention Pillar can use" in text
    assert "Slack's #-menu" in text
    assert rows(engine, Team) == []


def test_only_admins_add_teams(run: Run, text_of: Text, engine: Engine) -> None:
    text = text_of(run(MEMBER, f"team add {GROWTH} manager:<@{MEMBER}>"))

    assert "Only Pillar admins can add teams" in text
    assert rows(engine, Team) == []


def test_everyone_lists_teams_with_channel_and_managers(
    run: Run, text_of: Text, growth_team: None
) -> None:
    run(ADMIN, 'team add <#C0SALES|sales> "Sales" manager:<@U0ANA>,<@U0MIA>')

    text = text_of(run(MEMBER, "team list"))

    assert "Teams (2)" in text
    assert "*growth* · <#C0GROWTH> · <@U0MIA>" in text
    assert "*Sales* · <#C0SALES> · " in text
    assert text.index("growth") < text.index("Sales"), "by name, whatever the case"


def test_the_team_list_says_when_there_is_none(run: Run, text_of: Text) -> None:
    assert "There is no team yet" in text_of(run(MEMBER, "team list"))


def test_a_long_team_list_is_cut(
    run: Run, text_of: Text, engine: Engine, workspace_id: str, clock: Any
) -> None:
    with Session(engine) as session:
        for number in range(55):
            crud.create_team(
                session=session,
                workspace_id=workspace_id,
                actor=None,
                name=f"team {number:02}",
                now=clock.now(),
                channel_id=f"C{number:03}",
            )
        session.commit()

    reply = run(MEMBER, "team list")

    text = text_of(reply)
    assert "Teams (55)" in text
    assert "*team 39*" in text
    assert "*team 40*" not in text
    assert "…and 15 more" in text
    assert len(reply.to_dict()["blocks"]) <= 50  # type: ignore[union-attr]


# -- reviews ------------------------------------------------------------------------------


def test_manager_adds_a_review_in_the_channel_of_the_command(
    run: Run, text_of: Text, engine: Engine, active_plan: None, growth_team: None
) -> None:
    text = text_of(run(MANAGER, 'review add 2026-12-15 "December review"', channel="C0GROWTH"))

    assert "Added the monthly meeting *December review* of *FY2027* on Tue 15 Dec 2026" in text
    assert "(in 22 days)" in text
    assert "Reminders 14, 3 and 1 days before, in <#C0GROWTH>" in text
    (review,) = rows(engine, ReviewDate)
    assert review.held_on == date(2026, 12, 15)
    assert (review.kind, review.channel_id, review.remind_days) == (
        ReviewKind.MONTHLY,
        "C0GROWTH",
        [14, 3, 1],
    )


def test_a_review_takes_its_kind_reminders_and_channel(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(
        run(
            ADMIN,
            'review add "Q4 review" 2026-12-31 kind:quarterly remind:7d,1d '
            "channel:<#C0SALES|sales>",
        )
    )

    assert "Added the quarterly review *Q4 review*" in text
    assert "Reminders 7 and 1 days before, in <#C0SALES>" in text
    (review,) = rows(engine, ReviewDate)
    assert (review.kind, review.channel_id, review.remind_days) == (
        ReviewKind.QUARTERLY,
        "C0SALES",
        [7, 1],
    )


def test_a_review_channel_may_be_a_team_name(
    run: Run, text_of: Text, engine: Engine, active_plan: None, growth_team: None
) -> None:
    run(ADMIN, 'review add 2026-12-15 "December review" channel:#growth')

    assert rows(engine, ReviewDate)[0].channel_id == "C0GROWTH"


def test_a_review_added_from_a_direct_message_has_no_channel(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'review add 2026-12-15 "December review"', channel="D0ADA"))

    assert "No channel was given" in text
    assert rows(engine, ReviewDate)[0].channel_id is None


def test_a_review_channel_cannot_be_a_direct_message(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'review add 2026-12-15 "December review" channel:<#D0ADA>'))

    assert "that is a direct message, not a channel" in text
    assert rows(engine, ReviewDate) == []


def test_a_review_needs_an_active_plan(run: Run, text_of: Text, engine: Engine) -> None:
    text = text_of(run(ADMIN, 'review add 2026-12-15 "December review"'))

    assert "no active plan" in text
    assert rows(engine, ReviewDate) == []


def test_a_review_in_the_past_is_refused(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'review add 2026-11-01 "Late review"'))

    assert "2026-11-01 is in the past" in text
    assert rows(engine, ReviewDate) == []


def test_a_reminder_offset_of_zero_is_refused(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(ADMIN, 'review add 2026-12-15 "December review" remind:0d'))

    assert "0 is not a reminder offset" in text
    assert rows(engine, ReviewDate) == []


def test_members_cannot_add_reviews(
    run: Run, text_of: Text, engine: Engine, active_plan: None
) -> None:
    text = text_of(run(MEMBER, 'review add 2026-12-15 "December review"'))

    assert "Only team managers and Pillar admins can add review dates" in text
    assert rows(engine, ReviewDate) == []


def test_everyone_lists_upcoming_reviews_with_days_to_go(
    run: Run, text_of: Text, clock: Any, active_plan: None
) -> None:
    run(ADMIN, 'review add 2026-12-31 "Q4 review" kind:quarterly', channel="C0SALES")
    run(ADMIN, 'review add 2026-11-24 "Weekly sync"', channel="D0ADA")
    run(ADMIN, 'review add 2026-11-30 "November review"', channel="C0GROWTH")
    run(ADMIN, 'plan add "FY2028" from:2028-01-01 to:2028-12-31')

    text = text_of(run(MEMBER, "review list"))

    assert "Upcoming reviews of FY2027" in text
    assert "*Tue 24 Nov 2026* (*tomorrow*) · Weekly sync · monthly meeting · no channel" in text
    assert "*Mon 30 Nov 2026* (in 7 days) · November review · monthly meeting · <#C0GROWTH>" in (
        text
    )
    assert "*Thu 31 Dec 2026* (in 38 days) · Q4 review · quarterly review · <#C0SALES>" in text
    assert text.index("Weekly") < text.index("November") < text.index("Q4"), "soonest first"


def test_past_reviews_leave_the_list(
    run: Run, text_of: Text, clock: Any, active_plan: None
) -> None:
    run(ADMIN, 'review add 2026-11-24 "Weekly sync"')
    run(ADMIN, 'review add 2026-11-30 "November review"')
    clock.advance(timedelta(days=2))

    text = text_of(run(MEMBER, "review list"))

    assert "Weekly sync" not in text
    assert "*Mon 30 Nov 2026* (in 5 days) · November review" in text


def test_the_review_list_says_when_there_is_none(
    run: Run, text_of: Text, active_plan: None
) -> None:
    text = text_of(run(MEMBER, "review list"))

    assert "*FY2027* has no upcoming review" in text


def test_the_review_list_needs_an_active_plan(run: Run, text_of: Text) -> None:
    assert "no active plan" in text_of(run(MEMBER, "review list"))
