"""`pillar shell`: start the whole bot against the Slack stand-in and read commands.

Everything the shell needs is here and in the standard library: no test extras.
"""

import contextlib
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.local import LocalBot
from bot.shell import DEFAULT_DATABASE, DEFAULT_LOG
from bot.shell.commands import read_line
from bot.shell.delivery import outbox_pump
from bot.shell.demo import DemoCast, seed_demo
from bot.shell.observe import QUIET_SECONDS
from bot.shell.people import find_user, load_people
from bot.shell.session import ShellSession
from storage.db import make_engine
from storage.schema import upgrade

YOU = "UYOU"

Reader = Callable[[str], str]
Writer = Callable[[str], None]


def run_shell(
    *,
    database_url: str = DEFAULT_DATABASE,
    demo: bool = False,
    read: Reader | None = None,
    write: Writer = print,
    start_at: datetime | None = None,
    log_path: str | None = DEFAULT_LOG,
    quiet: float = QUIET_SECONDS,
) -> int:
    """Run the shell until :quit or end of input; 0 on a normal exit, 2 if it cannot start.

    ``read`` defaults to the terminal (with line editing when it is one); ``start_at``
    to now; ``log_path`` None leaves logging as it is.
    """
    restore_logging = _log_to(log_path) if log_path is not None else None
    try:
        return _run(
            database_url=database_url, demo=demo, read=read, write=write,
            start_at=start_at, log_path=log_path, quiet=quiet,
        )  # fmt: skip
    finally:
        if restore_logging is not None:
            restore_logging()


def _run(
    *,
    database_url: str,
    demo: bool,
    read: Reader | None,
    write: Writer,
    start_at: datetime | None,
    log_path: str | None,
    quiet: float,
) -> int:
    start = start_at or datetime.now(UTC).replace(second=0, microsecond=0)
    bot = LocalBot(database_url=database_url, start_at=start, admins=frozenset({YOU}))
    workspace_id = bot.slack.default_workspace.team_id
    try:
        cast = _prepare(database_url, demo=demo, workspace_id=workspace_id, now=start)
        bot.start()
    except (ArgumentError, SQLAlchemyError, OSError) as error:
        write(f"pillar shell: cannot use the database {database_url}: {_first_line(error)}")
        return 2
    try:
        load_people(bot.slack, engine=bot.runtime.services.engine, workspace_id=workspace_id)
        me = cast.admin if cast is not None else _you(bot)
        session = ShellSession(
            bot=bot,
            me=me,
            write=write,
            pump=outbox_pump(bot),
            quiet=quiet,
            after_advance=[bot.runtime.run_sweeps_once],
        )
        write(intro(session, cast=cast, database_url=database_url, log_path=log_path))
        loop(session, read=read or terminal_reader(write), write=write)
    finally:
        bot.stop()
    return 0


def _prepare(database_url: str, *, demo: bool, workspace_id: str, now: datetime) -> DemoCast | None:
    """Migrate the database (and seed the demo); the bot refuses an old schema."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        return seed_demo(engine, workspace_id=workspace_id, now=now) if demo else None
    finally:
        engine.dispose()


def _you(bot: LocalBot) -> str:
    """Without the demo you are @you, an admin."""
    if find_user(bot.slack, "you") is None:
        bot.slack.add_user(id=YOU, name="you", real_name="You", tz=bot.timezone)
    return YOU


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _log_to(path: str) -> Callable[[], None]:
    """Log to a file, so that the bot's warnings do not land between its replies; returns
    what puts logging back as it was."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)

    def restore() -> None:
        root.handlers[:] = handlers
        root.setLevel(level)
        handler.close()

    return restore


def intro(
    session: ShellSession, *, cast: DemoCast | None, database_url: str, log_path: str | None
) -> str:
    """Who you are, and three things to try."""
    lines = [
        "Pillar shell: the whole bot in this terminal, with a stand-in for Slack.",
        f"Database {database_url}" + (f"; the bot's log goes to {log_path}." if log_path else "."),
    ]
    if cast is not None:
        owner = session.bot.slack.state.users[cast.owner_of_first_task].name
        fresh = "set up" if cast.created else "already there"
        lines += [
            f"Demo plan {cast.plan} ({fresh}): 3 teams, 5 goals, 15 tasks, people in Berlin,"
            " New York and Tokyo.",
            f"You are {session.describe(session.me_user)}.",
            "",
            "Three things to try:",
            f"  1. :as @{owner}   then   /pillar mine        (@{owner}'s tasks; :click a button)",
            "  2. /pillar update T-1 at-risk 40% waiting on vendor",
            "  3. /pillar block T-1 legal has not signed     (her manager hears of it at once)",
        ]
    else:
        lines += [
            f"You are {session.describe(session.me_user)}.",
            "",
            "Three things to try:",
            "  1. /pillar help",
            "  2. :as @lena Europe/Berlin   (anyone you name is created)",
            "  3. restart with --demo for a sample plan to play with",
        ]
    lines += ["", ":help lists the shell's commands; :quit or Ctrl-D leaves."]
    return "\n".join(lines)


def loop(session: ShellSession, *, read: Reader, write: Writer) -> None:
    """Read and carry out lines until :quit, end of input or Ctrl-D."""
    while True:
        try:
            line = read(session.prompt)
        except EOFError:
            write("")
            break
        except KeyboardInterrupt:
            write("\n(Ctrl-C: type :quit or press Ctrl-D to leave)")
            continue
        try:
            if not session.handle(read_line(line)):
                break
        except KeyboardInterrupt:
            write("(interrupted)")
    write("Bye.")


def terminal_reader(write: Writer) -> Reader:
    """``input()`` with line editing on a terminal; from a pipe, lines echoed after the prompt
    so that a transcript reads like a session."""
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (imported for its effect on input())
        return input

    def read(prompt: str) -> str:
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        write(prompt + line.rstrip("\n"))
        return line

    return read
