"""oauth.v2.access: a code (or, with token rotation, a refresh token) for a bot token.

The caller proves it is the app with its client id and secret, not with a token.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.standin.errors import SlackError
from bot.standin.grants import IssuedToken
from bot.standin.params import Params, required_text, text_arg
from bot.standin.state import SlackState


@dataclass(frozen=True, slots=True)
class ClientContext:
    """A call made with the app's credentials (HTTP Basic auth or parameters)."""

    state: SlackState
    params: Params
    client_id: str | None
    client_secret: str | None


def oauth_v2_access(ctx: ClientContext) -> dict[str, Any]:
    grants = ctx.state.grants
    grants.check_client(client_id=ctx.client_id, client_secret=ctx.client_secret)
    grant_type = text_arg(ctx.params, "grant_type") or "authorization_code"
    now = ctx.state.clock()
    if grant_type == "refresh_token":
        refresh = grants.take_refresh(required_text(ctx.params, "refresh_token"))
        token, refresh_token = grants.issue_token(
            team_id=refresh.team_id, scopes=refresh.scopes, now=now
        )
        return _token_answer(ctx.state, token, refresh_token)
    if grant_type != "authorization_code":
        raise SlackError("invalid_grant_type")
    code = grants.take_code(required_text(ctx.params, "code", error="invalid_code"))
    redirect_uri = text_arg(ctx.params, "redirect_uri")
    if code.redirect_uri is not None and redirect_uri not in (None, code.redirect_uri):
        raise SlackError("bad_redirect_uri")
    token, refresh_token = grants.issue_token(team_id=code.team_id, scopes=code.scopes, now=now)
    answer = _token_answer(ctx.state, token, refresh_token)
    answer["authed_user"] = {"id": code.user_id}
    return answer


def _token_answer(
    state: SlackState, token: IssuedToken, refresh_token: str | None
) -> dict[str, Any]:
    workspace = state.workspaces[token.team_id]
    answer: dict[str, Any] = {
        "access_token": token.token,
        "token_type": "bot",
        "scope": token.scopes,
        "bot_user_id": workspace.bot_user_id,
        "app_id": workspace.app_id,
        "team": {"id": workspace.team_id, "name": workspace.name},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if refresh_token is not None and token.expires_at is not None:
        answer["refresh_token"] = refresh_token
        answer["expires_in"] = round(token.expires_at - state.clock())
    return answer


ClientHandler = Callable[[ClientContext], dict[str, Any]]

HANDLERS: dict[str, ClientHandler] = {"oauth.v2.access": oauth_v2_access}
