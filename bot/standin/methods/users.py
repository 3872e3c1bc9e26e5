"""users.info and users.lookupByEmail, from the registry of fake users."""

from typing import Any

from bot.standin.errors import SlackError
from bot.standin.methods.context import Handler, MethodContext
from bot.standin.params import required_text


def users_info(ctx: MethodContext) -> dict[str, Any]:
    user_id = required_text(ctx.params, "user", error="user_not_found")
    return {"user": ctx.state.user(user_id).to_slack(now=ctx.now)}


def users_lookup_by_email(ctx: MethodContext) -> dict[str, Any]:
    email = required_text(ctx.params, "email", error="users_not_found").lower()
    for user in ctx.state.users.values():
        if user.email is not None and user.email.lower() == email:
            return {"user": user.to_slack(now=ctx.now)}
    raise SlackError("users_not_found")


HANDLERS: dict[str, Handler] = {
    "users.info": users_info,
    "users.lookupByEmail": users_lookup_by_email,
}
