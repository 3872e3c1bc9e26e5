"""One shell session: the bot, the person typing, and the actions last shown.

Every action goes to the bot the way Slack would send it (signed HTTP through the
stand-in's driver); what the bot does in return is read back from the stand-in and
printed: its acknowledgement, response_url replies, messages in any channel or DM,
forms and the App Home.
"""

import json
import logging
import urllib.error
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.local import LocalBot
from bot.shell import commands as c
from bot.shell.forms import FormError, fields_of, state_values
from bot.shell.observe import (
    QUIET_SECONDS,
    Shown,
    ShownView,
    Snapshot,
    changes,
    settle,
    snapshot,
)
from bot.shell.people import add_person, find_user, people, standings
from bot.shell.render import DEFAULT_WIDTH, Action
from bot.shell.screen import Screen, Target, ViewTarget
from bot.standin import AppResponse, FakeUser
from bot.standin.forms import with_block_ids
from bot.standin.methods.chat import post_bot_message
from bot.standin.payloads import Actor, view_submission_payload

log = logging.getLogger(__name__)

AdvanceHook = Callable[[datetime], object]
"""Runs after the clock moved forward, given the new time (the scheduler's sweeps)."""


# Sweeps run every minute in production; stepping by a quarter hour keeps :advance quick
# while every prompt and reminder still shows within 15 minutes of its time.
ADVANCE_STEP = timedelta(minutes=15)


class ShellSession:
    """Carries out what the person types; writes everything through ``write``."""

    def __init__(
        self,
        *,
        bot: LocalBot,
        me: str,
        write: Callable[[str], None],
        pump: Callable[[], None] | None = None,
        after_advance: list[AdvanceHook] | None = None,
        width: int = DEFAULT_WIDTH,
        quiet: float = QUIET_SECONDS,
    ) -> None:
        self.bot = bot
        self.me = me
        self.write = write
        self.after_advance: list[AdvanceHook] = after_advance if after_advance is not None else []
        self._pump = pump
        self.screen = Screen(slack=bot.slack, write=write, width=width)
        self._quiet = quiet
        self._actions: dict[int, tuple[Action, Target]] = {}
        # What the person has been shown so far: anything the bot sends later (after a
        # slow command, say) is shown with the next action rather than lost.
        self._seen = snapshot(bot.slack)

    # ---- who -----------------------------------------------------------------------

    @property
    def me_user(self) -> FakeUser:
        return self.bot.slack.state.users[self.me]

    @property
    def prompt(self) -> str:
        return f"@{self.me_user.name}> "

    def describe(self, user: FakeUser) -> str:
        """``@lena (Lena Fischer, member, Europe/Berlin)``."""
        standing = standings(self.bot.runtime.services.engine, workspace_id=user.team_id).get(
            user.id
        )
        if standing is not None:
            role = standing.role
        else:
            role = "admin" if user.id in self.bot.admins else "not yet known to the bot"
        differs = user.real_name and user.real_name.casefold() != user.name.casefold()
        name = f"{user.real_name}, " if differs else ""
        return f"@{user.name} ({name}{role}, {user.tz})"

    # ---- dispatch ------------------------------------------------------------------

    def handle(self, command: c.ShellInput) -> bool:
        """Carry out one typed line; False when the person wants to leave. Never raises."""
        try:
            return self._handle(command)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            log.exception("the bot did not answer")
            self.write(f"The bot did not answer ({error}); try again.")
        except Exception as error:
            log.exception("shell command failed: %r", command)
            self.write(f"Something went wrong in the shell ({type(error).__name__}: {error}).")
        return True

    def _handle(self, command: c.ShellInput) -> bool:
        match command:
            case c.Quit():
                return False
            case c.Nothing():
                pass
            case c.Invalid(message=message):
                self.write(message)
            case c.ShowHelp():
                self.write(c.HELP)
            case c.SlashCommand(text=text):
                self.slash(text)
            case c.SwitchPerson(name=name, tz=tz):
                self.switch(name, tz=tz)
            case c.ListPeople():
                self.list_people()
            case c.Click(number=number, value=value):
                self.click(number, value=value)
            case c.Submit(values=values):
                self.submit(dict(values))
            case c.CloseForm():
                self.close_form()
            case c.OpenHome():
                self.home()
            case c.Advance(by=by):
                self.advance(by)
            case c.ShowTime():
                self.show_time()
        return True

    # ---- talking to the bot --------------------------------------------------------

    def slash(self, text: str) -> None:
        """``/pillar text`` typed by the current person in their DM with the bot."""
        before = self._seen
        channel_id = self.bot.slack.dm_channel(self.me)
        reply = self.bot.driver.slash_command(user_id=self.me, text=text, channel_id=channel_id)
        if reply.status == 200:
            self._show_acknowledgement(reply, channel_id=channel_id)
        else:
            self.write(_http_problem(reply))
        self._finish(before, nothing="(the bot answered nothing)")

    def _show_acknowledgement(self, reply: AppResponse, *, channel_id: str) -> None:
        """Show the ack body as Slack does: an ephemeral reply, or a post in the channel."""
        body = _json(reply)
        if not body.get("text") and not body.get("blocks"):
            return
        content: dict[str, Any] = {"text": str(body.get("text") or "")}
        if body.get("blocks"):
            content["blocks"] = with_block_ids(body["blocks"])
        slack = self.bot.slack
        with slack.state.changed:
            if body.get("response_type") == "in_channel":
                workspace = slack.state.workspaces[self.me_user.team_id]
                channel = slack.state.channel(channel_id)
                post_bot_message(slack.state, workspace=workspace, channel=channel, content=content)
            else:
                slack.state.ephemerals.append(
                    {"channel": channel_id, "user": self.me, "ts": slack.state.new_ts(), **content}
                )
            slack.state.changed.notify_all()

    def click(self, number: int, *, value: str | None = None) -> None:
        """Use action ``[number]`` of what was last shown."""
        entry = self._actions.get(number)
        if entry is None:
            self.write(self._no_such_action(number))
            return
        action, target = entry
        problem = self._cannot_use(action, target, value)
        if problem:
            self.write(problem)
            return
        before = self._seen
        try:
            reply = self._send_click(action, target, value)
        except ValueError as error:  # the message is gone, or the option does not exist
            self.write(str(error))
            return
        if reply.status != 200:
            self.write(_http_problem(reply))
        nothing = f"(nothing came of “{action.label}”)" if reply.status == 200 else None
        self._finish(before, nothing=nothing)

    def _send_click(self, action: Action, target: Target, value: str | None) -> AppResponse:
        driver = self.bot.driver
        if isinstance(target, ViewTarget):
            return driver.click_in_view(
                user_id=self.me, view_id=target.view_id, action_id=action.action_id, value=value
            )
        return driver.click(
            user_id=self.me,
            channel_id=target.channel_id,
            message_ts=target.ts,
            action_id=action.action_id,
            value=value,
        )

    def _no_such_action(self, number: int) -> str:
        if not self._actions:
            return "Nothing with actions has been shown yet: try /pillar mine"
        return f"There is no [{number}]: the last actions shown are [1] to [{max(self._actions)}]"

    def _cannot_use(self, action: Action, target: Target, value: str | None) -> str | None:
        owner = target.user_id if isinstance(target, ViewTarget) else target.only_for
        if owner is not None and owner != self.me:
            handle = self.screen.names().user(owner)
            return f"[{action.number}] is on something only {handle} sees: :as {handle} first"
        if action.needs_value and value is None:
            example = action.choices[0] if action.choices else "VALUE"
            kind = action.kind.replace("_", " ")
            usage = f":click {action.number} {example}"
            return f"[{action.number}] is a {kind}: say what to pick, e.g. {usage}"
        if not action.needs_value and value is not None:
            return f"[{action.number}] is a button: type just :click {action.number}"
        return None

    def submit(self, answers: Mapping[str, str]) -> None:
        """Submit the person's open form with ``answers`` by field name."""
        modal = self._open_form()
        if modal is None:
            return
        try:
            values = state_values(modal.get("blocks", []), answers, lookup=self.screen.lookup())
        except FormError as error:
            self.write(str(error))
            return
        view = {**modal, "state": {"values": values}}
        slack = self.bot.slack
        actor = Actor(user=self.me_user, workspace=slack.state.workspaces[self.me_user.team_id])
        trigger_id = slack.issue_trigger_id(user_id=self.me)
        before = self._seen
        reply = self.bot.driver.interaction(
            view_submission_payload(actor=actor, view=view, trigger_id=trigger_id)
        )
        if reply.status != 200:
            self.write(_http_problem(reply))
            self._finish(before)
            return
        ack = _json(reply)
        slack.settle_view_submission(user_id=self.me, view_id=str(modal["id"]), ack=ack)
        if ack.get("response_action") == "errors":
            self._show_form_errors(modal, ack.get("errors") or {})
        self._finish(before)

    def _show_form_errors(self, modal: Mapping[str, Any], errors: Mapping[str, Any]) -> None:
        names = {f.block_id: f.name for f in fields_of(modal.get("blocks", []))}
        lines = [f"  {names.get(block, block)}: {message}" for block, message in errors.items()]
        self.write("The form was not accepted; fix these and :submit again:\n" + "\n".join(lines))

    def close_form(self) -> None:
        modal = self._open_form()
        if modal is None:
            return
        before = self._seen
        self.bot.driver.close_view(user_id=self.me, view_id=str(modal["id"]))
        self._finish(before)

    def _open_form(self) -> dict[str, Any] | None:
        stack = self.bot.slack.open_modals(self.me)
        if not stack:
            self.write("No form is open for you: /pillar update opens one")
            return None
        return stack[-1]

    def home(self) -> None:
        """Open the App Home tab, as the person would in Slack."""
        before = self._seen
        reply = self.bot.driver.app_home_opened(user_id=self.me)
        if reply.status not in (200, 404):
            self.write(_http_problem(reply))
        shown = self._finish(before, nothing="")
        if any(isinstance(item, ShownView) and item.user_id == self.me for item in shown):
            return
        view = self.bot.slack.home_view(self.me)
        if view is None:
            self.write("The bot has not published an App Home for you yet.")
            return
        self._show([ShownView(user_id=self.me, view=view)])

    # ---- the shell's own commands -----------------------------------------------------

    def switch(self, name: str, *, tz: str | None = None) -> None:
        user = find_user(self.bot.slack, name)
        if user is None:
            user = add_person(self.bot.slack, handle=name, tz=tz or self.bot.timezone)
            self.me = user.id
            self.write(
                f"@{user.name} is new here ({user.tz}); Pillar meets them at their first "
                f"command. You are now @{user.name}."
            )
            return
        self.me = user.id
        note = f" (their zone stays {user.tz})" if tz and tz != user.tz else ""
        self.write(f"You are now {self.describe(user)}.{note}")

    def list_people(self) -> None:
        known = standings(self.bot.runtime.services.engine, workspace_id=self.me_user.team_id)
        names = self.screen.names()
        lines = []
        for user in people(self.bot.slack):
            standing = known.get(user.id)
            marker = "→" if user.id == self.me else " "
            detail = "not yet known to the bot"
            if standing is not None:
                parts = [standing.role]
                if standing.manages:
                    parts.append("manages " + ", ".join(standing.manages))
                if standing.manager_id:
                    parts.append("reports to " + names.user(standing.manager_id))
                detail = "; ".join(parts)
            real = user.real_name if user.real_name != user.name else ""
            lines.append(f"{marker} @{user.name:<10} {real:<16} {user.tz:<18} {detail}")
        self.write("\n".join(lines) + "\n:as @name switches; an unknown name is created.")

    def advance(self, by: timedelta) -> None:
        """Move time forward in steps, so what falls due on the way shows at its time."""
        if not self.after_advance:
            now = self.bot.clock.advance(by)
            self.write(f"The clock moved forward {c.describe_duration(by)}: {self._local(now)}.")
            self.write("(no scheduled work yet)")
            return
        target = self.bot.clock.now() + by
        anything = False
        while self.bot.clock.now() < target:
            now = self.bot.clock.advance(min(ADVANCE_STEP, target - self.bot.clock.now()))
            before = self._seen
            for hook in self.after_advance:
                hook(now)
            settle(self.bot.slack, pump=self._pump, quiet=self._quiet)
            shown, self._seen = changes(self.bot.slack, before)
            if shown:
                anything = True
                self.write(f"── {self._local(now)} ──")
                self._show(shown)
        self.write(f"The clock moved forward {c.describe_duration(by)}: {self._local(target)}.")
        if not anything:
            self.write("(nothing was owed)")

    def show_time(self) -> None:
        now = self.bot.clock.now()
        self.write(f"It is {self._local(now)} for @{self.me_user.name}; {now:%H:%M} UTC.")

    def _local(self, moment: datetime) -> str:
        zone = self.me_user.tz
        local = moment.astimezone(ZoneInfo(zone))
        return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()} ({zone})"

    # ---- output --------------------------------------------------------------------

    def _finish(self, before: Snapshot, *, nothing: str | None = None) -> list[Shown]:
        """Wait for the bot to go quiet, then print what it showed since ``before``."""
        settle(self.bot.slack, pump=self._pump, quiet=self._quiet)
        shown, self._seen = changes(self.bot.slack, before)
        if shown:
            self._show(shown)
        elif nothing:
            self.write(nothing)
        return shown

    def _show(self, shown: list[Shown]) -> None:
        numbered = self.screen.show(shown, me=self.me)
        if numbered:
            self._actions = numbered


def _json(reply: AppResponse) -> dict[str, Any]:
    try:
        body = reply.json()
    except json.JSONDecodeError:
        return {"text": reply.body}
    return body if isinstance(body, dict) else {}


def _http_problem(reply: AppResponse) -> str:
    if reply.status == 404:
        return "(the bot does not handle this yet: it answered HTTP 404)"
    detail = f": {reply.body.strip()[:200]}" if reply.body.strip() else ""
    return f"(the bot answered HTTP {reply.status}{detail})"
