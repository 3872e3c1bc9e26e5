"""Everyone's own commands: `help`, `mine`, `away`."""

from datetime import date

from bot.commands import Help, Mine, SetAway, help_text
from bot.handlers import lookups
from bot.handlers.context import HandlerContext
from bot.handlers.replies import Reply
from bot.reports.stale import stale_signs
from bot.views.confirmations import render_away_set
from bot.views.help import render_help
from bot.views.tasks import render_mine
from schedules.fire_times import zone_named
from schedules.sweeps.cadences import cadence_of_person
from schedules.sweeps.decide import usable_zone
from schedules.windows import next_opening
from storage import crud
from storage.periods import period_of


def show_help(command: Help, context: HandlerContext) -> Reply:
    return render_help(help_text(command.topic))


def mine(command: Mine, context: HandlerContext) -> Reply:
    tasks = crud.list_open_tasks(**context.reader, owner=context.person)
    lines = [
        lookups.task_line(item.task, owner=context.person, latest=item.latest) for item in tasks
    ]
    stale = stale_signs(context.session, tasks=tasks, judged=period_of(context.now),
                        today=context.today)  # fmt: skip
    return render_mine(tasks=lines, today=context.today, next_checkin=next_checkin(context),
                       stale=stale)  # fmt: skip


def next_checkin(context: HandlerContext) -> date:
    """The day the person's next check-in opens, in their own zone and by their cadence."""
    assert context.person.id is not None
    cadence = cadence_of_person(
        context.session, workspace_id=context.workspace_id, person_id=context.person.id
    )
    zone = usable_zone(context.person.tz, default_tz=context.services.settings.PILLAR_TIMEZONE)
    return next_opening(cadence, context.now, zone).astimezone(zone_named(zone)).date()


def set_away(command: SetAway, context: HandlerContext) -> Reply:
    crud.set_away(**context.writer, person=context.person, until=command.until)
    return render_away_set(until=command.until)
