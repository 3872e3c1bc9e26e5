"""What is owed now in one workspace: the facts from :mod:`facts`, the rules from :mod:`decide`.

Reading only: nothing here writes. Each item found is then claimed and sent in its own
transaction (:mod:`schedules.sweeps.claims`), so finding the same item twice, or on two
replicas at once, sends it once.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol, TypeVar

from sqlmodel import Session

from schedules.cadence import Cadence
from schedules.fire_times import zone_named
from schedules.periods import period_of, shift_period
from schedules.sweeps import facts
from schedules.sweeps.cadences import CadenceBook
from schedules.sweeps.decide import (
    REVIEW_REMINDER_AT,
    WEEKLY_AT,
    CheckInState,
    escalation_due,
    is_available,
    is_away,
    local_today,
    nudge_due,
    overdue_week_due,
    prompt_due,
    review_reminder_due,
    usable_zone,
)
from schedules.sweeps.digests import digests_owed
from schedules.sweeps.facts import OwnerFacts, WaitingCheckIn
from schedules.sweeps.owed import (
    CheckInNudge,
    CheckInPrompt,
    DeactivatedOwner,
    Escalation,
    OverdueReminder,
    Owed,
    PlanDigest,
    ReviewReminder,
    ReviewUpdateRequest,
    SilentCheckIn,
    TeamDigest,
)
from schedules.windows import CheckInWindow, current_window, window_for
from storage.models import Plan, ReviewDate, Workspace


class _Keyed(Protocol):
    @property
    def dedupe_key(self) -> str: ...


_K = TypeVar("_K", bound=_Keyed)

# The longest reminder offset a review may have, plus a day for zones ahead of UTC.
REVIEW_HORIZON_DAYS = 367


@dataclass(frozen=True, kw_only=True)
class SweepOptions:
    """What the sweeps need from the deployment's configuration."""

    default_tz: str = "UTC"
    admins: frozenset[str] = field(default_factory=frozenset)
    # Check-ins asked this many months back are still followed up (nudged, escalated).
    follow_up_months: int = 2


def find_owed(
    session: Session,
    *,
    workspace: Workspace,
    now: datetime,
    options: SweepOptions,
    only_workspace: bool = False,
) -> list[Owed]:
    """Everything owed in ``workspace`` at ``now`` (aware), in the order to send it."""
    finder = _Finder(session, workspace=workspace, now=now, options=options)
    return [
        *finder.prompts(),
        *finder.follow_ups(),
        *finder.digests(),
        *finder.overdue(),
        *finder.reviews(),
        *finder.departures(only_workspace=only_workspace),
    ]


class _Finder:
    def __init__(
        self, session: Session, *, workspace: Workspace, now: datetime, options: SweepOptions
    ) -> None:
        self.session = session
        self.workspace = workspace
        self.workspace_id = workspace.id
        self.now = now
        self.options = options
        self.utc_today = now.astimezone(UTC).date()
        self.cadences = CadenceBook(session, workspace_id=workspace.id)

    def zone(self, tz: str | None) -> str:
        return usable_zone(tz, default_tz=self.options.default_tz)

    # ---- check-ins ---------------------------------------------------------------------

    def prompts(self) -> list[CheckInPrompt]:
        """Owners whose window is open and who have not been asked for its period."""
        owed: list[CheckInPrompt] = []
        for period in sorted(self._periods_open_for_prompts()):
            owners = facts.unasked_owners(
                self.session, workspace_id=self.workspace_id, period=period,
                utc_today=self.utc_today,
            )  # fmt: skip
            cadences = self.cadences.for_owners([owner.id for owner in owners])
            for owner in owners:
                prompt = self._prompt(owner, cadences[owner.id], period)
                if prompt is not None:
                    owed.append(prompt)
        return owed

    def _periods_open_for_prompts(self) -> set[str]:
        """The periods whose window is open now for some cadence and zone in use (cheap:
        outside every window the owner query does not run at all)."""
        zones = {
            self.zone(tz) for tz in facts.owner_zones(self.session, workspace_id=self.workspace_id)
        }
        periods: set[str] = set()
        for cadence in self.cadences.all():
            for tz in zones:
                window = current_window(cadence, self.now, tz)
                if window is not None and prompt_due(window, None, now=self.now):
                    periods.add(window.period)
        return periods

    def _prompt(self, owner: OwnerFacts, cadence: Cadence, period: str) -> CheckInPrompt | None:
        tz = self.zone(owner.tz)
        window = current_window(cadence, self.now, tz)
        if window is None or window.period != period or not prompt_due(window, None, now=self.now):
            return None
        if not is_available(owner.away_until, now=self.now, tz=tz, at=cadence.at):
            return None
        return CheckInPrompt(
            workspace_id=self.workspace_id,
            person_id=owner.id,
            period=period,
            today=local_today(self.now, tz),
            respond_by=_local_date(window.closes_at, tz),
        )

    def follow_ups(self) -> list[CheckInNudge | Escalation]:
        """Nudges to owners still silent, and escalations for windows that have closed."""
        since = shift_period(period_of(self.now, "UTC"), months=-self.options.follow_up_months)
        waiting = facts.waiting_check_ins(
            self.session, workspace_id=self.workspace_id, since_period=since
        )
        if not waiting:
            return []
        cadences = self.cadences.for_owners({item.owner.id for item in waiting})
        managers = self._managers({item.owner for item in waiting})
        nudges: list[CheckInNudge] = []
        closed: list[tuple[WaitingCheckIn, date]] = []
        open_for: set[tuple[int, str]] = set()  # (manager, period) with a window still open
        for item in waiting:
            tz = self.zone(item.owner.tz)
            window = window_for(cadences[item.owner.id], item.period, tz)
            state = CheckInState(asked_at=item.asked_at, nudges_sent=item.nudges_sent)
            today = local_today(self.now, tz)
            manager = managers.get(item.owner.id)
            if escalation_due(window, state, now=self.now):
                if not is_away(item.owner.away_until, today=today):
                    closed.append((item, today))
                continue
            if manager is not None:
                open_for.add((manager, item.period))
            nudge = self._nudge(
                item, window, state, today=today, manager=manager, at=cadences[item.owner.id].at
            )
            if nudge is not None:
                nudges.append(nudge)
        return [*nudges, *self._escalations(closed, managers=managers, open_for=open_for)]

    def _nudge(
        self,
        item: WaitingCheckIn,
        window: CheckInWindow,
        state: CheckInState,
        *,
        today: date,
        manager: int | None,
        at: time,
    ) -> CheckInNudge | None:
        level = nudge_due(window, state, now=self.now)
        tz = self.zone(item.owner.tz)
        if level is None or not is_available(item.owner.away_until, now=self.now, tz=tz, at=at):
            return None
        return CheckInNudge(
            workspace_id=self.workspace_id,
            person_id=item.owner.id,
            check_in_id=item.id,
            period=item.period,
            level=level,
            today=today,
            respond_by=_local_date(window.closes_at, self.zone(item.owner.tz)),
            manager_id=manager,
        )

    def _managers(self, owners: Iterable[OwnerFacts]) -> dict[int, int]:
        """Whom to tell about each owner: their manager, else a manager of their main team."""
        owners = list(owners)
        named = {owner.manager_id for owner in owners if owner.manager_id is not None}
        reachable = facts.reachable_people(
            self.session, workspace_id=self.workspace_id, person_ids=named
        )
        chosen = {
            owner.id: owner.manager_id
            for owner in owners
            if owner.manager_id in reachable and owner.manager_id != owner.id
        }
        others = [owner.id for owner in owners if owner.id not in chosen]
        if not others:
            return {key: value for key, value in chosen.items() if value is not None}
        teams = facts.main_teams(self.session, workspace_id=self.workspace_id, person_ids=others)
        team_ids = {team_id for team_id in teams.values() if team_id is not None}
        by_team = facts.team_manager_ids(
            self.session, workspace_id=self.workspace_id, team_ids=team_ids
        )
        for person_id, team_id in teams.items():
            candidates = [m for m in by_team.get(team_id or 0, []) if m != person_id]
            if candidates:
                chosen[person_id] = candidates[0]
        return {key: value for key, value in chosen.items() if value is not None}

    def _escalations(
        self,
        closed: list[tuple[WaitingCheckIn, date]],
        *,
        managers: Mapping[int, int],
        open_for: set[tuple[int, str]],
    ) -> list[Escalation]:
        """One message per manager and period, once every window of theirs has closed (so
        owners in zones that close later are in the same message)."""
        groups: dict[tuple[int, str], list[tuple[WaitingCheckIn, date]]] = defaultdict(list)
        for item, today in closed:
            manager = managers.get(item.owner.id)
            if manager is not None:
                groups[(manager, item.period)].append((item, today))
        ready = {key: items for key, items in groups.items() if key not in open_for}
        escalations = [
            self._escalation(manager, period, items)
            for (manager, period), items in sorted(ready.items())
        ]
        told = facts.existing_keys(self.session, (item.dedupe_key for item in escalations))
        return [
            _follow_up_part(escalation) if escalation.dedupe_key in told else escalation
            for escalation in escalations
        ]

    def _escalation(
        self, manager: int, period: str, items: list[tuple[WaitingCheckIn, date]]
    ) -> Escalation:
        silent = tuple(
            SilentCheckIn(
                person_id=item.owner.id,
                check_in_id=item.id,
                asked_at=item.asked_at,
                nudges_sent=item.nudges_sent,
            )
            for item, _ in items
        )
        return Escalation(
            workspace_id=self.workspace_id,
            manager_id=manager,
            period=period,
            today=max(today for _, today in items),
            silent=silent,
        )

    # ---- digests -----------------------------------------------------------------------

    def digests(self) -> list[TeamDigest | PlanDigest]:
        """Team digests (and the plan's, to leadership) once the month's window has closed."""
        return digests_owed(
            self.session, workspace=self.workspace, cadences=self.cadences, now=self.now,
            default_tz=self.options.default_tz, workspace_tz=_workspace_zone(self.workspace),
        )  # fmt: skip

    # ---- overdue tasks -----------------------------------------------------------------

    def overdue(self) -> list[OverdueReminder]:
        """Owners with tasks past due, once a week from Monday 09:00 their time."""
        owed: list[OverdueReminder] = []
        for owner, earliest_due in facts.overdue_owners(
            self.session, workspace_id=self.workspace_id, utc_today=self.utc_today
        ):
            tz = self.zone(owner.tz)
            week = overdue_week_due(self.now, tz)
            if week is None or earliest_due >= week.monday:
                continue
            if not is_available(owner.away_until, now=self.now, tz=tz, at=WEEKLY_AT):
                continue
            owed.append(
                OverdueReminder(
                    workspace_id=self.workspace_id, person_id=owner.id, week=week.label,
                    today=local_today(self.now, tz),
                )
            )  # fmt: skip
        return _not_yet_owed(self.session, owed)

    # ---- reviews -----------------------------------------------------------------------

    def reviews(self) -> list[ReviewReminder | ReviewUpdateRequest]:
        """Reminders before each review, and DMs to owners with nothing new since the last.

        The DMs come first: the channel reminder is what marks the step done, so a crash
        between them leaves the DMs to the next sweep rather than losing them.
        """
        tz = self.zone(_workspace_zone(self.workspace))
        today = local_today(self.now, tz)
        reviews = facts.reviews_between(
            self.session, workspace_id=self.workspace_id, first=self.utc_today - timedelta(days=1),
            last=self.utc_today + timedelta(days=REVIEW_HORIZON_DAYS),
        )  # fmt: skip
        steps = [
            (review, days)
            for review in reviews
            for days in [self._reminder_days(review, tz)]
            if days is not None
        ]
        reminders = {
            review.id: ReviewReminder(
                workspace_id=self.workspace_id, review_id=review.id or 0, days=days,
                channel_id=review.channel_id, today=today,
            )
            for review, days in steps
            if review.channel_id
        }  # fmt: skip
        done = facts.existing_keys(self.session, (r.dedupe_key for r in reminders.values()))
        owed: list[ReviewReminder | ReviewUpdateRequest] = []
        for review, _days in steps:
            reminder = reminders.get(review.id)
            if reminder is not None and reminder.dedupe_key in done:
                continue
            owed.extend(self._update_requests(review, tz=tz, today=today))
            if reminder is not None:
                owed.append(reminder)
        return owed

    def _reminder_days(self, review: ReviewDate, tz: str) -> int | None:
        return review_reminder_due(
            held_on=review.held_on, remind_days=review.remind_days or [], tz=tz, now=self.now
        )

    def _update_requests(
        self, review: ReviewDate, *, tz: str, today: date
    ) -> list[ReviewUpdateRequest]:
        since = self._last_review_start(review, tz)
        stale: dict[int, list[int]] = defaultdict(list)
        for owner, task_id in facts.stale_tasks(
            self.session, workspace_id=self.workspace_id, plan_id=review.plan_id, since=since,
            utc_today=self.utc_today,
        ):  # fmt: skip
            owner_tz = self.zone(owner.tz)
            if is_available(owner.away_until, now=self.now, tz=owner_tz, at=REVIEW_REMINDER_AT):
                stale[owner.id].append(task_id)
        requests = [
            ReviewUpdateRequest(
                workspace_id=self.workspace_id, review_id=review.id or 0, person_id=person_id,
                task_ids=tuple(task_ids), today=today,
            )
            for person_id, task_ids in stale.items()
        ]  # fmt: skip
        return _not_yet_owed(self.session, requests)

    def _last_review_start(self, review: ReviewDate, tz: str) -> datetime:
        """The start of the previous review's day; the plan's start when there was none."""
        day = facts.previous_review_day(
            self.session, workspace_id=self.workspace_id, plan_id=review.plan_id,
            before=review.held_on,
        )  # fmt: skip
        if day is None:
            plan = self.session.get(Plan, review.plan_id)
            day = plan.starts_on if plan is not None else review.held_on
        return datetime.combine(day, time(0, 0), tzinfo=zone_named(tz)).astimezone(UTC)

    # ---- people who left ---------------------------------------------------------------

    def departures(self, *, only_workspace: bool) -> list[DeactivatedOwner]:
        """Each admin hears once of each person who left still owning open tasks."""
        gone = facts.deactivated_owners(self.session, workspace_id=self.workspace_id)
        if not gone:
            return []
        admins = facts.admin_slack_ids(
            self.session, workspace_id=self.workspace_id, configured=self.options.admins,
            only_workspace=only_workspace,
        )  # fmt: skip
        today = local_today(self.now, self.zone(_workspace_zone(self.workspace)))
        owed = [
            DeactivatedOwner(
                workspace_id=self.workspace_id, person_id=person_id, admin_slack_id=admin,
                today=today,
            )
            for person_id in gone
            for admin in admins
        ]  # fmt: skip
        return _not_yet_owed(self.session, owed)


def _follow_up_part(escalation: Escalation) -> Escalation:
    """The manager was already told this period: a message of its own for the latecomers."""
    first = min(silent.person_id for silent in escalation.silent)
    return Escalation(
        workspace_id=escalation.workspace_id,
        manager_id=escalation.manager_id,
        period=escalation.period,
        today=escalation.today,
        silent=escalation.silent,
        part=first,
    )


def _not_yet_owed(session: Session, items: list[_K]) -> list[_K]:
    existing = facts.existing_keys(session, (item.dedupe_key for item in items))
    return [item for item in items if item.dedupe_key not in existing]


def _local_date(moment: datetime, tz: str) -> date:
    return moment.astimezone(zone_named(tz)).date()


def _workspace_zone(workspace: Workspace) -> str | None:
    """The zone for workspace-wide times (review reminders): ``settings["timezone"]``."""
    value = (workspace.settings or {}).get("timezone")
    return value if isinstance(value, str) else None
