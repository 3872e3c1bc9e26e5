"""Grammar of the plan's structure: goal add, team add/list, review add/list,
plan add/list/activate/post."""

from collections.abc import Callable

from bot.commands.cursor import Cursor
from bot.commands.errors import Invalid
from bot.commands.fields import METRIC_LIMIT, NAME_LIMIT, TITLE_LIMIT, line, title_from
from bot.commands.model import (
    ActivatePlan,
    AddGoal,
    AddPlan,
    AddReview,
    AddTeam,
    ChannelRef,
    Command,
    ListPlans,
    ListReviews,
    ListTeams,
    PostPlan,
    UserRef,
)
from bot.commands.numbers import parse_day_list
from bot.commands.options import Kind, Options, reject_unterminated
from bot.commands.refs import require_channel, require_goal, require_user
from bot.commands.tasks import amount_reader, date_reader, unit_of
from bot.commands.text import echo, fold
from bot.commands.tokens import Token
from storage.enums import ReviewKind

Grammar = Callable[[Cursor], Command]

_GOAL_OPTIONS = dict.fromkeys(
    ("parent", "owner", "team", "budget", "metric", "baseline", "target", "unit"), Kind.WORD
)
_REVIEW_OPTIONS = {"kind": Kind.WORD, "remind": Kind.WORD, "channel": Kind.WORD}
_PLAN_OPTIONS = {"from": Kind.DATE, "to": Kind.DATE}
_REVIEW_KINDS = {
    "monthly": ReviewKind.MONTHLY,
    "month": ReviewKind.MONTHLY,
    "quarterly": ReviewKind.QUARTERLY,
    "quarter": ReviewKind.QUARTERLY,
    "annual": ReviewKind.ANNUAL,
    "annually": ReviewKind.ANNUAL,
    "yearly": ReviewKind.ANNUAL,
    "year": ReviewKind.ANNUAL,
}


def _options_and_words(cursor: Cursor, options: Options) -> list[Token]:
    """Read every option; return the other tokens in order."""
    reject_unterminated(cursor)
    words: list[Token] = []
    while (token := cursor.peek()) is not None:
        if not options.read(cursor):
            words.append(token)
            cursor.take()
    return words


def parse_goal_add(cursor: Cursor) -> Command:
    options = Options(command="goal add", allowed=_GOAL_OPTIONS, has_title=True)
    words = _options_and_words(cursor, options)
    example = 'goal add "Double self-serve revenue"'
    goal = AddGoal(
        title=title_from(words, what="title", limit=TITLE_LIMIT, example=example),
        parent=options.optional("parent", require_goal),
        owner=options.optional("owner", require_user),
        team=options.optional("team", require_channel),
        budget=options.optional("budget", amount_reader(what="the budget", money=True)),
        metric=options.optional("metric", _metric_name),
        baseline=options.optional("baseline", amount_reader(what="the baseline", money=False)),
        target=options.optional("target", amount_reader(what="the target", money=False)),
        unit=options.optional("unit", unit_of),
    )
    has_metric = goal.baseline is not None or goal.target is not None or goal.unit is not None
    if goal.metric is None and has_metric:
        raise Invalid('Name the metric too, like `metric:"activated accounts"`.')
    return goal


def _metric_name(text: str) -> str:
    return line(text, what="metric name", limit=METRIC_LIMIT)


def parse_team_add(cursor: Cursor) -> Command:
    first = cursor.peek()
    channel = require_channel(first.text if first else None, bare=False)
    cursor.take()
    options = Options(
        command="team add",
        allowed={"manager": Kind.WORD},
        repeatable=("manager",),
        aliases={"managers": "manager", "lead": "manager"},
        has_title=True,
    )
    words = _options_and_words(cursor, options)
    name = title_from(words, what="name", limit=NAME_LIMIT, example="") if words else None
    managers = [person for value in options.every("manager", _people) for person in value]
    if not managers:
        raise Invalid("A team needs a manager, who is told about blockers and silence.")
    return AddTeam(channel=channel, managers=tuple(dict.fromkeys(managers)), name=name)


def _people(text: str) -> list[UserRef]:
    """``@a,@b`` (escaped or plain) as people."""
    return [require_user(part.strip()) for part in text.split(",") if part.strip()]


def parse_review_add(cursor: Cursor) -> Command:
    reject_unterminated(cursor)
    # The title may come first when quoted: review add "Q1 review" 2027-03-31.
    title_tokens: list[Token] = []
    first = cursor.peek()
    if first is not None and first.quoted:
        title_tokens.append(first)
        cursor.take()
    held_on = cursor.take_date(what="The review date")
    options = Options(command="review add", allowed=_REVIEW_OPTIONS, has_title=True)
    title_tokens += _options_and_words(cursor, options)
    title = title_from(
        title_tokens, what="title", limit=NAME_LIMIT, example='review add 2027-03-31 "Q1 review"'
    )
    remind = options.optional("remind", _remind_days)
    return AddReview(
        held_on=held_on,
        title=title,
        kind=options.optional("kind", _review_kind),
        channel=options.optional("channel", require_channel),
        remind_days=tuple(sorted(remind, reverse=True)) if remind is not None else None,
    )


def _remind_days(text: str) -> tuple[int, ...]:
    return parse_day_list(text, what="the reminders", low=0, high=365)


def _review_kind(text: str) -> ReviewKind:
    kind = _REVIEW_KINDS.get(fold(text))
    if kind is None:
        known = ", ".join(f"`{kind.value}`" for kind in ReviewKind)
        raise Invalid(f"{echo(text)} is not a kind of review; one of {known}.")
    return kind


def parse_plan_add(cursor: Cursor) -> Command:
    options = Options(
        command="plan add",
        allowed=_PLAN_OPTIONS,
        aliases={"start": "from", "starts": "from", "end": "to", "ends": "to", "until": "to"},
        has_title=True,
    )
    words = _options_and_words(cursor, options)
    example = 'plan add "FY2027" from:2027-01-01 to:2027-12-31'
    name = title_from(words, what="plan name", limit=NAME_LIMIT, example=example)
    dates = date_reader(cursor.today)
    starts_on = options.required("from", dates, example="from:2027-01-01")
    ends_on = options.required("to", dates, example="to:2027-12-31")
    if starts_on > ends_on:
        raise Invalid(
            f"The plan ends ({ends_on.isoformat()}) before it starts ({starts_on.isoformat()})."
        )
    return AddPlan(name=name, starts_on=starts_on, ends_on=ends_on)


def parse_plan_activate(cursor: Cursor) -> Command:
    reject_unterminated(cursor)
    words = cursor.tokens[cursor.index :]
    cursor.index = len(cursor.tokens)
    example = "plan activate FY2027"
    return ActivatePlan(name=title_from(words, what="plan name", limit=NAME_LIMIT, example=example))


def parse_plan_post(cursor: Cursor) -> Command:
    return PostPlan(channel=optional_channel(cursor, command="plan post"))


def optional_channel(cursor: Cursor, *, command: str) -> ChannelRef | None:
    """An optional ``#channel`` as the only argument."""
    first = cursor.take_text()
    channel = require_channel(first, bare=False) if first is not None else None
    cursor.expect_end(command=command)
    return channel


def listing(command: Command, *, name: str) -> Grammar:
    """A grammar for a subcommand that takes no arguments."""

    def parse(cursor: Cursor) -> Command:
        cursor.expect_end(command=name)
        return command

    return parse


GOAL_ACTIONS: dict[str, Grammar] = {"add": parse_goal_add}
TEAM_ACTIONS: dict[str, Grammar] = {
    "add": parse_team_add,
    "list": listing(ListTeams(), name="team list"),
}
REVIEW_ACTIONS: dict[str, Grammar] = {
    "add": parse_review_add,
    "list": listing(ListReviews(), name="review list"),
}
PLAN_ACTIONS: dict[str, Grammar] = {
    "add": parse_plan_add,
    "list": listing(ListPlans(), name="plan list"),
    "activate": parse_plan_activate,
    "post": parse_plan_post,
}
