"""`pillar import PLAN.csv` and `pillar export`: a plan to and from a spreadsheet."""

import argparse
import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa

from bot.settings import load_settings
from storage.db import make_engine
from storage.errors import DomainError
from storage.periods import check_period
from storage.schema import require_current_schema
from storage.transfer import (
    COLUMNS,
    REQUIRED,
    ImportRejected,
    ImportResult,
    NoPlan,
    NoWorkspace,
    PlanChoice,
    SeveralWorkspaces,
    export_plan,
    import_plan,
)
from storage.transfer.period_report import export_period_report

# Files with fewer rows than this import too fast to need a progress line.
PROGRESS_FROM_ROWS = 1000
FORMATS = ("csv",)
DATE_FORM = "YYYY-MM-DD"


def register(commands: "argparse._SubParsersAction[Any]") -> None:
    _register_import(commands)
    _register_export(commands)


def _register_import(commands: "argparse._SubParsersAction[Any]") -> None:
    columns = ", ".join(column.value for column in COLUMNS)
    required = ", ".join(column.value for column in REQUIRED)
    parser = commands.add_parser(
        "import",
        help="import a plan from a CSV file, one row per task",
        description=f"Import goals and tasks from CSV, all or nothing. Columns: {columns} "
        f"(required: {required}). Re-importing an unchanged file changes nothing.",
    )
    parser.add_argument("file", metavar="PLAN.csv", help="the CSV file, or - for standard input")
    _add_scope_options(parser)
    parser.add_argument(
        "--from", dest="starts_on", type=_date, metavar=DATE_FORM, help="create --plan from"
    )
    parser.add_argument("--to", dest="ends_on", type=_date, metavar=DATE_FORM, help="…to")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.set_defaults(handler=_import)


def _register_export(commands: "argparse._SubParsersAction[Any]") -> None:
    parser = commands.add_parser(
        "export",
        help="export a plan's tasks, a month's report or the review dates",
        description="Write the plan's tasks, by number, in the columns `pillar import` reads; "
        "with --period, that month's report, one row per task; with --ics, the review dates "
        "as an iCalendar file.",
    )
    _add_scope_options(parser)
    parser.add_argument("--format", choices=FORMATS, default="csv", help="file format (csv)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--period", metavar="YYYY-MM", help="the month's report instead")
    what.add_argument("--ics", action="store_true", help="the review dates as iCalendar")
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=_export)


def _add_scope_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="TEAMID",
        help="the Slack team id (needed when the database serves several workspaces)",
    )
    parser.add_argument("--plan", metavar="NAME", help="the plan (default: the active plan)")


def _date(value: str) -> date:
    try:
        if len(value) != len(DATE_FORM):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: expected {DATE_FORM} such as 2027-01-01"
        ) from None


def _import(arguments: argparse.Namespace) -> int:
    choice = _plan_choice(arguments)
    data = _read(arguments.file)
    engine = make_engine(load_settings().DATABASE_URL)
    require_current_schema(engine)
    progress = ProgressLine(sys.stderr, quiet=arguments.quiet)
    try:
        result = import_plan(
            engine,
            data=data,
            workspace_id=arguments.workspace,
            plan=choice,
            now=datetime.now(UTC),
            source_name=Path(arguments.file).name if arguments.file != "-" else None,
            progress=progress,
        )
    except ImportRejected as rejected:
        progress.finish()
        print(f"pillar: {arguments.file}: {rejected.report()}", file=sys.stderr)
        return 1
    except (DomainError, sa.exc.OperationalError) as error:
        progress.finish()
        raise _explained(error, command="import") from error
    progress.finish()
    source = "standard input" if arguments.file == "-" else arguments.file
    print(import_summary(result, source=source))
    return 0


def _export(arguments: argparse.Namespace) -> int:
    if arguments.period is not None:
        check_period(arguments.period)  # before the database: a typo needs no connection
    engine = make_engine(load_settings().DATABASE_URL)
    require_current_schema(engine)
    try:
        text, summary = _exported(engine, arguments)
    except (DomainError, sa.exc.OperationalError) as error:
        raise _explained(error, command="export") from error
    if arguments.output is None:
        sys.stdout.write(text)
        return 0
    _write_atomically(Path(arguments.output), text)
    print(f"Exported {summary} to {arguments.output}")
    return 0


def _exported(engine: sa.Engine, arguments: argparse.Namespace) -> tuple[str, str]:
    """The text to write and what it holds, in words."""
    workspace, plan = arguments.workspace, PlanChoice(name=arguments.plan)
    if arguments.period is not None:
        report = export_period_report(
            engine,
            workspace_id=workspace,
            plan=plan,
            period=arguments.period,
            today=datetime.now(UTC).date(),
        )
        return report.text, (
            f"the {report.period} report of {report.tasks} tasks of plan "
            f"{report.plan_name!r} (workspace {report.workspace_id})"
        )
    if arguments.ics:
        # icalendar is only for this export: every other command, `pillar run` too, skips it.
        from storage.transfer.calendar import export_review_calendar

        calendar = export_review_calendar(engine, workspace_id=workspace, plan=plan)
        return calendar.text, (
            f"{calendar.reviews} review dates of plan {calendar.plan_name!r} "
            f"(workspace {calendar.workspace_id})"
        )
    result = export_plan(engine, workspace_id=workspace, plan=plan)
    return result.text, (
        f"{result.tasks} tasks of plan {result.plan_name!r} (workspace {result.workspace_id})"
    )


def _plan_choice(arguments: argparse.Namespace) -> PlanChoice:
    period = (arguments.starts_on, arguments.ends_on)
    if any(period) and not all(period):
        raise DomainError("a new plan needs both --from YYYY-MM-DD and --to YYYY-MM-DD")
    if any(period) and arguments.plan is None:
        raise DomainError("--from and --to create a plan: name it with --plan NAME")
    return PlanChoice(name=arguments.plan, starts_on=period[0], ends_on=period[1])


def _read(file: str) -> bytes:
    if file == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(file).read_bytes()
    except OSError as error:
        raise DomainError(f"cannot read {file}: {error.strerror or error}") from error


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole file or leave what was there: a half-written export helps nobody."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=".pillar-")
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        raise DomainError(f"cannot write {path}: {error.strerror or error}") from error


def _explained(error: Exception, *, command: str) -> DomainError:
    """The error with what to do next, for the person at the terminal."""
    if isinstance(error, sa.exc.OperationalError):
        return DomainError(f"cannot use the database: {error.orig or error}")
    hint = ""
    if isinstance(error, NoWorkspace):
        hint = (
            "name it with --workspace TEAMID (the Slack team id, such as T012AB3CD)"
            if command == "import"
            else "import a plan into it first, or check --workspace"
        )
    elif isinstance(error, SeveralWorkspaces):
        hint = "choose one with --workspace TEAMID"
    elif isinstance(error, NoPlan):
        hint = "choose one with --plan NAME" + (
            ", or create one with --plan NAME --from YYYY-MM-DD --to YYYY-MM-DD"
            if command == "import"
            else ""
        )
    return DomainError(f"{error}: {hint}" if hint else str(error))


def import_summary(result: ImportResult, *, source: str) -> str:
    """What an import did, one line per kind of thing."""
    made = []
    if result.workspace_created:
        made.append(f"created workspace {result.workspace_id}")
    if result.plan_created:
        made.append(f"created plan {result.plan_name!r}")
    headline = (
        f"Imported {source} into plan {result.plan_name!r} of workspace {result.workspace_id}"
        if result.counts.changed
        else f"Nothing to change: {source} matches plan {result.plan_name!r} "
        f"of workspace {result.workspace_id}"
    )
    lines = [headline + (f" ({', '.join(made)})" if made else "")]
    for kind, counts in result.counts.as_dict().items():
        lines.append(
            f"  {kind + ':':8}{counts['created']:>6} created {counts['updated']:>6} updated "
            f"{counts['unchanged']:>6} unchanged"
        )
    return "\n".join(lines)


class ProgressLine:
    """Progress on large files: a rewritten line on a terminal, plain lines otherwise."""

    def __init__(self, stream: TextIO, *, quiet: bool) -> None:
        self._stream = stream
        self._quiet = quiet
        self._terminal = stream.isatty()
        self._open_line = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self._quiet or total < PROGRESS_FROM_ROWS:
            return
        percent = done * 100 // total
        if self._terminal:
            self._stream.write(f"\r{phase} {done} of {total} rows ({percent}%)\x1b[K")
            self._open_line = True
        else:
            self._stream.write(f"pillar: {phase} {done} of {total} rows ({percent}%)\n")
        self._stream.flush()

    def finish(self) -> None:
        """End a rewritten line so that what follows starts on its own."""
        if self._open_line:
            self._stream.write("\n")
            self._stream.flush()
            self._open_line = False
