"""What changed on the Slack side after an action: new and edited messages, ephemeral
replies, forms opened or closed, App Home published, and calls Slack refused.

The stand-in keeps Slack's state; the shell takes a snapshot before an action, waits
until the bot has gone quiet (polling the stand-in's recorded calls), and compares.
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bot.standin import SlackStandIn

QUIET_SECONDS = 0.3
LONGEST_WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Fingerprints of everything a person could see, and how many calls were made."""

    messages: dict[tuple[str, str], str]
    ephemerals: dict[tuple[str, str, str], str]
    views: dict[str, str]
    modal_tops: dict[str, str]
    homes: dict[str, str]
    calls: int


@dataclass(frozen=True, slots=True)
class ShownMessage:
    """A message that appeared or changed; ``for_user`` is set for an ephemeral one."""

    channel_id: str
    ts: str
    content: dict[str, Any]
    change: Literal["new", "updated"]
    for_user: str | None = None
    order: str = ""


@dataclass(frozen=True, slots=True)
class ShownView:
    """A modal opened or redrawn, or an App Home published, for ``user_id``."""

    user_id: str
    view: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ClosedForm:
    user_id: str
    title: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """A Web API call Slack answered with an error."""

    method: str
    error: str
    target: str


Shown = ShownMessage | ShownView | ClosedForm | Refusal


def snapshot(slack: SlackStandIn) -> Snapshot:
    calls = len(slack.calls())
    state = slack.state
    with state.lock:
        messages = {
            (channel_id, str(m["ts"])): _fingerprint(m)
            for channel_id, listed in state.messages.items()
            for m in listed
        }
        ephemerals = {
            (str(m["user"]), str(m["channel"]), str(m["ts"])): _fingerprint(m)
            for m in state.ephemerals
        }
        views = {view_id: str(view.get("hash", "")) for view_id, view in state.views.items()}
        tops = {user: stack[-1] for user, stack in state.modal_stacks.items() if stack}
        homes = dict(state.home_views)
    return Snapshot(messages, ephemerals, views, tops, homes, calls=calls)


def _fingerprint(message: dict[str, Any]) -> str:
    return json.dumps(
        {key: message.get(key) for key in ("text", "blocks", "attachments", "edited")},
        sort_keys=True,
        default=str,
    )


def settle(
    slack: SlackStandIn,
    *,
    pump: Callable[[], None] | None = None,
    quiet: float = QUIET_SECONDS,
    longest: float = LONGEST_WAIT_SECONDS,
) -> None:
    """Wait until the bot has made no Web API call for ``quiet`` seconds (at most
    ``longest``), running ``pump`` (the outbox deliverer) on every round."""
    started = last_change = time.monotonic()
    seen = _activity(slack)
    while True:
        if pump is not None:
            pump()
        now = time.monotonic()
        activity = _activity(slack)
        if activity != seen:
            seen, last_change = activity, now
        if now - last_change >= quiet or now - started >= longest:
            return
        time.sleep(POLL_SECONDS)


def _activity(slack: SlackStandIn) -> tuple[int, int]:
    return len(slack.calls()), len(slack.response_posts())


def changes(slack: SlackStandIn, before: Snapshot) -> tuple[list[Shown], Snapshot]:
    """What is new since ``before`` (messages by time, then forms and homes, then
    refusals), and the snapshot to compare with next time."""
    state = slack.state
    shown: list[Shown] = []
    with state.lock:  # re-entrant: the snapshot and the reading see one state
        after = snapshot(slack)
        for (channel_id, ts), mark in after.messages.items():
            if before.messages.get((channel_id, ts)) != mark:
                message = _copy(state.find_message(channel_id, ts))
                shown.append(_message(before.messages, channel_id, ts, message, None))
        for (user, channel_id, ts), mark in after.ephemerals.items():
            if before.ephemerals.get((user, channel_id, ts)) != mark:
                found = next(m for m in state.ephemerals if str(m["ts"]) == ts)
                key = (user, channel_id, ts)
                shown.append(_message(before.ephemerals, channel_id, ts, _copy(found), user, key))
        shown.sort(key=lambda item: item.order if isinstance(item, ShownMessage) else "")
        shown += _views(state, before, after)
    shown += _refusals(slack, before, upto=after.calls)
    return shown, after


def _copy(message: dict[str, Any]) -> dict[str, Any]:
    copied: dict[str, Any] = json.loads(json.dumps(message, default=str))
    return copied


def _message(
    seen: dict[Any, str],
    channel_id: str,
    ts: str,
    message: dict[str, Any],
    for_user: str | None,
    key: Any = None,
) -> ShownMessage:
    known = (key if key is not None else (channel_id, ts)) in seen
    edited = message.get("edited")
    order = str(edited.get("ts")) if isinstance(edited, dict) and known else ts
    return ShownMessage(
        channel_id=channel_id,
        ts=ts,
        content=message,
        change="updated" if known else "new",
        for_user=for_user,
        order=order.zfill(24),
    )


def _views(state: Any, before: Snapshot, after: Snapshot) -> list[Shown]:
    shown: list[Shown] = []
    for user, view_id in after.modal_tops.items():
        if before.modal_tops.get(user) != view_id or before.views.get(view_id) != after.views.get(
            view_id
        ):
            shown.append(ShownView(user_id=user, view=_copy(state.views[view_id])))
    for user, view_id in before.modal_tops.items():
        if user not in after.modal_tops:
            title = state.views.get(view_id, {}).get("title") or {}
            shown.append(ClosedForm(user_id=user, title=str(title.get("text", "form"))))
    for user, view_id in after.homes.items():
        if before.homes.get(user) != view_id or before.views.get(view_id) != after.views[view_id]:
            shown.append(ShownView(user_id=user, view=_copy(state.views[view_id])))
    return shown


def _refusals(slack: SlackStandIn, before: Snapshot, *, upto: int) -> list[Shown]:
    refused: list[Shown] = []
    for call in slack.calls()[before.calls : upto]:
        if call.ok:
            continue
        target = call.params.get("channel") or call.params.get("user") or ""
        error = call.error or f"HTTP {call.status}"
        refused.append(Refusal(method=call.method, error=error, target=str(target)))
    return refused
