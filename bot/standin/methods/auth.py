"""auth.test."""

from typing import Any

from bot.standin.methods.context import Handler, MethodContext


def auth_test(ctx: MethodContext) -> dict[str, Any]:
    workspace = ctx.workspace
    bot = ctx.state.users.get(workspace.bot_user_id)
    return {
        "url": f"https://{workspace.domain}.slack.com/",
        "team": workspace.name,
        "user": bot.name if bot is not None else "pillar",
        "team_id": workspace.team_id,
        "user_id": workspace.bot_user_id,
        "bot_id": workspace.bot_id,
        "is_enterprise_install": False,
    }


HANDLERS: dict[str, Handler] = {"auth.test": auth_test}
