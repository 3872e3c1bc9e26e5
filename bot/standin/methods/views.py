"""views.open, views.push, views.update and views.publish."""

import copy
from typing import Any

from bot.standin.blocks import check_view
from bot.standin.errors import SlackError, invalid_arguments
from bot.standin.forms import with_block_ids
from bot.standin.methods.context import Handler, MethodContext
from bot.standin.params import json_arg, required_text, text_arg
from bot.standin.state import SlackState, Workspace

MAX_MODAL_STACK = 3


def views_open(ctx: MethodContext) -> dict[str, Any]:
    user_id = _use_trigger(ctx)
    view = _new_view(ctx, previous_view_id=None)
    ctx.state.modal_stacks[user_id] = [view["id"]]
    return {"view": copy.deepcopy(view)}


def views_push(ctx: MethodContext) -> dict[str, Any]:
    user_id = _use_trigger(ctx)
    stack = ctx.state.modal_stacks.get(user_id, [])
    if not stack:
        raise SlackError("not_found")
    if len(stack) >= MAX_MODAL_STACK:
        raise SlackError("push_limit_reached")
    view = _new_view(ctx, previous_view_id=stack[-1])
    view["root_view_id"] = stack[0]
    stack.append(view["id"])
    return {"view": copy.deepcopy(view)}


def views_update(ctx: MethodContext) -> dict[str, Any]:
    current = _existing_view(ctx)
    expected_hash = text_arg(ctx.params, "hash")
    if expected_hash is not None and expected_hash != current["hash"]:
        raise SlackError("hash_conflict")
    submitted = _checked_view(ctx)
    replace_content(ctx.state, current, submitted)
    return {"view": copy.deepcopy(current)}


def views_publish(ctx: MethodContext) -> dict[str, Any]:
    user = ctx.state.user(required_text(ctx.params, "user_id", error="user_not_found"))
    submitted = _checked_view(ctx)
    if submitted.get("type") != "home":
        raise invalid_arguments("[ERROR] must be one of [home] [json-pointer:/view/type]")
    existing_id = ctx.state.home_views.get(user.id)
    if existing_id is None:
        view = _new_view(ctx, previous_view_id=None)
        ctx.state.home_views[user.id] = view["id"]
        return {"view": copy.deepcopy(view)}
    current = ctx.state.views[existing_id]
    expected_hash = text_arg(ctx.params, "hash")
    if expected_hash is not None and expected_hash != current["hash"]:
        raise SlackError("hash_conflict")
    replace_content(ctx.state, current, submitted)
    return {"view": copy.deepcopy(current)}


def settle_submission(
    state: SlackState, *, workspace: Workspace, user_id: str, view_id: str, ack: dict[str, Any]
) -> None:
    """Do to the user's modals what the app's answer to a view_submission asks.

    An empty answer closes the submitted view; ``response_action`` may instead
    ``clear`` all of them, ``update`` or ``push`` a view, or show ``errors`` (no change).
    """
    with state.lock:
        stack = state.modal_stacks.setdefault(user_id, [])
        action = ack.get("response_action")
        if action == "clear":
            stack.clear()
        elif action == "update" and view_id in state.views:
            check_view(ack.get("view"))
            replace_content(state, state.views[view_id], ack["view"])
        elif action == "push":
            check_view(ack.get("view"))
            view = create_view(
                state, workspace=workspace, submitted=ack["view"], previous_view_id=view_id
            )
            stack.append(view["id"])
        elif action != "errors" and view_id in stack:
            del stack[stack.index(view_id) :]


def _use_trigger(ctx: MethodContext) -> str:
    """Spend the call's trigger_id and return the user it was issued for."""
    value = required_text(ctx.params, "trigger_id", error="invalid_trigger_id")
    trigger = ctx.state.triggers.get(value)
    if trigger is None:
        raise SlackError("invalid_trigger_id")
    if trigger.used:
        raise SlackError("exchanged_trigger_id")
    if ctx.now - trigger.issued_at > ctx.state.trigger_ttl:
        raise SlackError("expired_trigger_id")
    trigger.used = True
    return trigger.user_id


def _checked_view(ctx: MethodContext) -> dict[str, Any]:
    view = json_arg(ctx.params, "view", error="invalid_arguments")
    check_view(view)
    assert isinstance(view, dict)  # check_view refuses anything else
    return view


def _new_view(ctx: MethodContext, *, previous_view_id: str | None) -> dict[str, Any]:
    return create_view(
        ctx.state,
        workspace=ctx.workspace,
        submitted=_checked_view(ctx),
        previous_view_id=previous_view_id,
    )


def create_view(
    state: SlackState,
    *,
    workspace: Workspace,
    submitted: dict[str, Any],
    previous_view_id: str | None,
) -> dict[str, Any]:
    """Store a new view built from what the app submitted, as Slack describes views."""
    view_id = state.new_id("V")
    view: dict[str, Any] = {
        "id": view_id,
        "team_id": workspace.team_id,
        "app_id": workspace.app_id,
        "bot_id": workspace.bot_id,
        "app_installed_team_id": workspace.team_id,
        "root_view_id": view_id,
        "previous_view_id": previous_view_id,
    }
    replace_content(state, view, submitted)
    state.views[view_id] = view
    return view


def replace_content(state: SlackState, view: dict[str, Any], submitted: dict[str, Any]) -> None:
    """Give a stored view new content (and a new hash), keeping its identity."""
    view.update(
        {
            "type": submitted["type"],
            "title": submitted.get("title"),
            "submit": submitted.get("submit"),
            "close": submitted.get("close"),
            "blocks": with_block_ids(submitted.get("blocks", [])),
            "private_metadata": submitted.get("private_metadata", ""),
            "callback_id": submitted.get("callback_id", ""),
            "external_id": submitted.get("external_id", ""),
            "clear_on_close": bool(submitted.get("clear_on_close", False)),
            "notify_on_close": bool(submitted.get("notify_on_close", False)),
            "state": {"values": {}},
            "hash": f"{int(state.clock())}.{state.new_id('H')}",
        }
    )


def _existing_view(ctx: MethodContext) -> dict[str, Any]:
    view_id = text_arg(ctx.params, "view_id")
    external_id = text_arg(ctx.params, "external_id")
    if view_id is None and external_id is None:
        raise invalid_arguments("[ERROR] either view_id or external_id is required")
    for view in ctx.state.views.values():
        if view["id"] == view_id or (
            external_id is not None and view["external_id"] == external_id
        ):
            return view
    raise SlackError("not_found")


HANDLERS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
