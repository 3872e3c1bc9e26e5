"""How what the bot showed is printed: a titled frame per message, form or App Home
(who it is for, where it is), and the actions in it numbered across the lot."""

from collections.abc import Callable
from dataclasses import dataclass

from bot.shell.observe import ClosedForm, Refusal, Shown, ShownMessage, ShownView
from bot.shell.render import (
    DEFAULT_WIDTH,
    Action,
    Names,
    Rendered,
    framed,
    render_message,
    render_view,
    view_title,
)
from bot.standin import SlackStandIn


@dataclass(frozen=True, slots=True)
class MessageTarget:
    """A message whose actions were shown: where it is, and who alone can see it."""

    channel_id: str
    ts: str
    only_for: str | None


@dataclass(frozen=True, slots=True)
class ViewTarget:
    """A form or App Home whose actions were shown, and whose it is."""

    view_id: str
    user_id: str


Target = MessageTarget | ViewTarget


class Screen:
    """Writes what the bot showed; knows people and channels by name."""

    def __init__(
        self, *, slack: SlackStandIn, write: Callable[[str], None], width: int = DEFAULT_WIDTH
    ) -> None:
        self._slack = slack
        self.write = write
        self._width = width

    def show(self, shown: list[Shown], *, me: str) -> dict[int, tuple[Action, Target]]:
        """Print ``shown`` as seen by ``me``; the actions in it, by number."""
        names = self.names()
        numbered: dict[int, tuple[Action, Target]] = {}
        for item in shown:
            first = len(numbered) + 1
            if isinstance(item, ShownMessage):
                rendered = render_message(item.content, names=names, first=first)
                target: Target = MessageTarget(item.channel_id, item.ts, self._only_for(item))
                self._frame(self._message_title(item, names, me), rendered)
            elif isinstance(item, ShownView):
                rendered = render_view(item.view, names=names, first=first)
                target = ViewTarget(view_id=str(item.view["id"]), user_id=item.user_id)
                self._frame(self._view_title(item, names, me), rendered)
            else:
                self.write(self._event_line(item, names))
                rendered = Rendered()
            numbered.update({action.number: (action, target) for action in rendered.actions})
        return numbered

    def _frame(self, title: str, rendered: Rendered) -> None:
        self.write(framed(title, rendered, width=self._width))

    def _only_for(self, item: ShownMessage) -> str | None:
        if item.for_user is not None:
            return item.for_user
        channel = self._slack.state.channels.get(item.channel_id)
        return channel.user if channel is not None else None

    def _message_title(self, item: ShownMessage, names: Names, me: str) -> str:
        updated = " (updated)" if item.change == "updated" else ""
        if item.for_user is not None:
            who = "you" if item.for_user == me else names.user(item.for_user)
            return f"pillar → {who}, only {who} can see this{updated}"
        channel = self._slack.state.channels.get(item.channel_id)
        if channel is not None and channel.user is not None:
            who = "you" if channel.user == me else names.user(channel.user)
            return f"pillar → DM to {who}{updated}"
        return f"pillar → {names.channel(item.channel_id)}{updated}"

    def _view_title(self, item: ShownView, names: Names, me: str) -> str:
        who = "you" if item.user_id == me else names.user(item.user_id)
        if item.view.get("type") == "home":
            return f"App Home of {who}"
        return f"form for {who}: {view_title(item.view)}"

    def _event_line(self, item: ClosedForm | Refusal, names: Names) -> str:
        if isinstance(item, ClosedForm):
            return f"(the form “{item.title}” closed)"
        where = ""
        if item.target in names.users:
            where = " to " + names.user(item.target)
        elif item.target in names.channels:
            where = " to " + names.channel(item.target)
        elif item.target:
            where = " to " + item.target
        return f"(Slack refused {item.method}{where}: {item.error})"

    def names(self) -> Names:
        state = self._slack.state
        with state.lock:
            users = {user.id: user.name for user in state.users.values()}
            channels = {ch.id: ch.name for ch in state.channels.values() if not ch.is_im}
        return Names(users=users, channels=channels)

    def lookup(self) -> dict[str, str]:
        """``@handle`` and ``#channel`` to Slack ids, for people and channel pickers."""
        names = self.names()
        found = {f"@{name}": user_id for user_id, name in names.users.items()}
        found.update({f"#{name}": channel_id for channel_id, name in names.channels.items()})
        return found
