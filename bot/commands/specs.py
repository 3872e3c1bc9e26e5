"""Every subcommand's usage, summary and examples, in one place.

Help (`/pillar help`, `/pillar help update`) and the usage shown with every input error
are generated from this table, so the two cannot drift apart. Syntax uses UPPER CASE for
what the person fills in and [brackets] for what is optional.
"""

from dataclasses import dataclass
from enum import Enum

from bot.reports.lint import DEFAULT_MAX_OPEN_TASKS


class Audience(Enum):
    EVERYONE = "Everyone"
    MANAGERS = "Managers"
    ADMINS = "Admins"


@dataclass(frozen=True)
class Spec:
    """One subcommand (``key`` is what follows `/pillar`, e.g. ``"plan add"``)."""

    key: str
    syntax: tuple[str, ...]
    summary: str
    examples: tuple[str, ...]
    audience: Audience = Audience.EVERYONE
    details: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def topic(self) -> str:
        return self.key.split()[0]


_STATUS_DETAILS = (
    "Status is one of `on-track`, `at-risk`, `off-track`, `blocked`, `done` "
    "(also `green`/`amber`/`red`, `on track`, `stuck`, `complete`). "
    "`value:` is the task's metric now, `spent:` money spent so far (`1,200` or `1200.50`); "
    "everything after them is the note (at most 3000 characters). "
    "`/pillar T-12 at-risk …` is short for `/pillar update T-12 at-risk …`."
)

SPECS: tuple[Spec, ...] = (
    Spec(
        key="help",
        syntax=("help [COMMAND]",),
        summary="this help, or the details of one command",
        examples=("help update", "help dates"),
        aliases=("?", "--help", "-h"),
    ),
    Spec(
        key="mine",
        syntax=("mine",),
        summary="your open tasks, their latest status and your next check-in",
        examples=("mine",),
        aliases=("my", "tasks"),
    ),
    Spec(
        key="update",
        syntax=("update T-12 STATUS [40%] [value:N] [spent:N] [note…]", "update [T-12]"),
        summary="report progress on a task; with no status, open the update form",
        examples=(
            "update T-12 at-risk 40% vendor contract is late",
            "update T-7 on-track value:320 signups this month",
            "update T-12",
        ),
        details=_STATUS_DETAILS,
        aliases=("report", "progress"),
    ),
    Spec(
        key="done",
        syntax=("done T-12 [note…]",),
        summary="mark a task done",
        examples=("done T-12 shipped to all customers",),
        aliases=("finish", "complete"),
    ),
    Spec(
        key="block",
        syntax=("block T-12 REASON…",),
        summary="raise a blocker: the task owner's manager is told",
        examples=("block T-12 waiting for legal to approve the contract",),
        aliases=("blocked", "blocker"),
    ),
    Spec(
        key="away",
        syntax=("away DATE", "away off"),
        summary="no check-in prompts or nudges until DATE; `off` when you are back",
        examples=("away 2026-12-24", "away in 2 weeks", "away off"),
        details="DATE is the last day you are away. See `/pillar help dates` for date forms.",
        aliases=("ooo", "vacation", "holiday"),
    ),
    Spec(
        key="status",
        syntax=("status [#team | @person | plan [NAME] | T-12 | G-3]",),
        summary="a summary only you see",
        examples=("status #growth", "status @maria", "status plan", "status T-12"),
    ),
    Spec(
        key="accept",
        syntax=("accept T-12",),
        summary="take on a task assigned to you",
        examples=("accept T-12",),
    ),
    Spec(
        key="decline",
        syntax=("decline T-12 REASON…",),
        summary="turn down a task assigned to you; whoever assigned it is told why",
        examples=("decline T-12 I am on leave all of Q1",),
    ),
    Spec(
        key="digest",
        syntax=("digest [#channel] [force]",),
        summary="post a digest now (here, or in #channel)",
        examples=("digest", "digest #growth", "digest #growth force"),
        details=(
            "One digest a month goes to each channel: the one the check-in window's close "
            "posts, or yours if it came first. `force` posts it again, say after a late "
            "round of updates."
        ),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="add",
        syntax=(
            'add "TITLE" owner:@person due:DATE [goal:G-3] [team:#channel] [start:DATE] '
            '[target:N unit:U] [budget:N] [how:"…"]',
        ),
        summary="add a task; its owner is asked to accept it",
        examples=(
            'add "Launch the pricing page" owner:@maria due:2026-12-24 goal:G-3',
            'add "Grow the newsletter" owner:@bob due:Mar 31 2027 target:5000 unit:subscribers',
        ),
        audience=Audience.MANAGERS,
        details="Titles are at most 300 characters; `budget:` takes `50000`, `50,000` or `50k`.",
        aliases=("new",),
    ),
    Spec(
        key="assign",
        syntax=("assign T-12 @person",),
        summary="give a task to someone else; they are asked to accept it",
        examples=("assign T-12 @maria",),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="due",
        syntax=("due T-12 DATE",),
        summary="move a task's due date",
        examples=("due T-12 2026-12-24", "due T-12 +2w"),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="drop",
        syntax=("drop T-12 [reason…]",),
        summary="drop a task that is no longer worth doing",
        examples=("drop T-12 superseded by T-30",),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="goal add",
        syntax=(
            'goal add "TITLE" [parent:G-1] [owner:@person] [team:#channel] [budget:N] '
            '[metric:"NAME" baseline:N target:N unit:U]',
        ),
        summary="add a goal to the active plan",
        examples=(
            'goal add "Double self-serve revenue" owner:@maria budget:250k',
            'goal add "Activation" parent:G-1 metric:"activated accounts" baseline:120 '
            "target:400 unit:accounts",
        ),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="review add",
        syntax=(
            'review add DATE "TITLE" [kind:monthly|quarterly|annual] [remind:14d,3d,1d] '
            "[channel:#channel]",
        ),
        summary="schedule a review; reminders go out before it",
        examples=('review add 2027-03-31 "Q1 review" kind:quarterly remind:14d,3d,1d',),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="review list",
        syntax=("review list",),
        summary="the coming reviews",
        examples=("review list",),
    ),
    Spec(
        key="lint",
        syntax=("lint",),
        summary="plan health: unowned, undated, unmeasured tasks, overloaded owners, stale tasks",
        examples=("lint",),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="lint set",
        syntax=("lint set max-open:N",),
        summary="how many open tasks an owner may hold before plan health calls it too many",
        examples=("lint set max-open:12",),
        audience=Audience.ADMINS,
        details=f"For the whole workspace; {DEFAULT_MAX_OPEN_TASKS} until changed.",
    ),
    Spec(
        key="team add",
        syntax=('team add #channel ["NAME"] manager:@person [manager:@person…]',),
        summary="add a team: its channel gets the digest, its managers get escalations",
        examples=('team add #growth "Growth" manager:@maria',),
        audience=Audience.ADMINS,
    ),
    Spec(
        key="team list",
        syntax=("team list",),
        summary="the teams, their channels and managers",
        examples=("team list",),
    ),
    Spec(
        key="plan add",
        syntax=('plan add "NAME" from:DATE to:DATE',),
        summary="add a plan (a draft until activated)",
        examples=('plan add "FY2027" from:2027-01-01 to:2027-12-31',),
        audience=Audience.ADMINS,
    ),
    Spec(
        key="plan list",
        syntax=("plan list",),
        summary="the plans and which one is active",
        examples=("plan list",),
    ),
    Spec(
        key="plan activate",
        syntax=("plan activate NAME",),
        summary="make a plan the active one",
        examples=("plan activate FY2027",),
        audience=Audience.ADMINS,
    ),
    Spec(
        key="plan post",
        syntax=("plan post [#channel]",),
        summary="present the plan to everyone: goals, owners, dates, budget",
        examples=("plan post #general",),
        audience=Audience.MANAGERS,
    ),
    Spec(
        key="cadence show",
        syntax=("cadence [show] [team:#channel]",),
        summary="when check-ins, nudges and escalations happen",
        examples=("cadence", "cadence show team:#growth"),
        audience=Audience.ADMINS,
    ),
    Spec(
        key="cadence set",
        syntax=(
            "cadence set [team:#channel] [day:first-business|2nd-business|1-28] [time:HH:MM] "
            "[window:5d] [nudges:2d,4d|none]",
        ),
        summary="change the check-in cadence, for everyone or for one team",
        examples=(
            "cadence set day:first-business time:09:00 window:5d nudges:2d,4d",
            "cadence set team:#growth day:15 time:10:30",
        ),
        audience=Audience.ADMINS,
        details=(
            "`day:` is the n-th business day or a calendar day (1-28) of the month; "
            "`time:` is in each owner's own time zone; `window:` counts business days from "
            "the prompt until managers are told; `nudges:` counts business days from the "
            "prompt to each reminder, each inside the window. Give only what changes."
        ),
    ),
    Spec(
        key="cadence reset",
        syntax=("cadence reset [team:#channel]",),
        summary="a team back to the workspace cadence, or the workspace back to the defaults",
        examples=("cadence reset team:#growth",),
        audience=Audience.ADMINS,
    ),
)

BY_KEY: dict[str, Spec] = {spec.key: spec for spec in SPECS}
TOPICS: tuple[str, ...] = tuple(dict.fromkeys(spec.topic for spec in SPECS))

# Words accepted in place of a subcommand name.
ALIASES: dict[str, str] = {alias: spec.key for spec in SPECS for alias in spec.aliases}
ALIASES.update({"teams": "team", "plans": "plan", "reviews": "review", "goals": "goal"})

DATES_HELP = (
    "*Dates* can be written `2026-12-24`, `2026/12/24`, `24.12.2026`, `Dec 24 2026`, "
    "`24 December 2026` or `Dec 24` (the next one), and relative to today: `today`, "
    "`tomorrow`, `friday` / `next friday` (the next one after today), `+3d`, `+2w`, `+1m`, "
    "`in 3 days`, `in 2 weeks`, `in 1 month`. Write `12/24/2026` as `2026-12-24`: "
    "slashes with the year last could be either day or month first."
)
REFERENCES_HELP = (
    "Tasks are `T-12` (or `t12`, `12`), goals `G-3`; people `@maria`, channels `#growth`."
)


def specs_for(topic: str) -> tuple[Spec, ...]:
    """The specs of one topic: ``"plan"`` gives plan add, plan list, plan activate, …, and
    ``"lint"`` both lint and lint set; a two-word key (``"plan add"``) gives that one."""
    return tuple(spec for spec in SPECS if topic in (spec.topic, spec.key))
