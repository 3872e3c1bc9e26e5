"""Slack's approval page, as a person's browser meets it while installing the app.

``GET /oauth/v2/authorize?client_id=…&scope=…&state=…[&team=T…][&redirect_uri=…]``
approves at once, as a person who clicks "Allow", and sends the browser back to the
app's redirect URL with a code and the app's state. Two stand-in extras: ``user`` says
who approves (default: the team's first person), ``deny=1`` clicks "Cancel" instead.
"""

from collections.abc import Mapping
from urllib.parse import urlencode

from bot.standin.errors import SlackError
from bot.standin.grants import Code
from bot.standin.state import SlackState, Workspace

AUTHORIZE_PATH = "/oauth/v2/authorize"


def approve(state: SlackState, query: Mapping[str, str]) -> str:
    """Where the browser goes next; SlackError for a request Slack would refuse.

    Call with the state's lock held.
    """
    app = state.grants.app
    if app is None or query.get("client_id") != app.client_id:
        raise SlackError("invalid_client_id")
    asked = query.get("redirect_uri")
    if asked and app.redirect_url and not asked.startswith(app.redirect_url):
        raise SlackError("bad_redirect_uri")
    redirect = asked or app.redirect_url
    if not redirect:
        raise SlackError("bad_redirect_uri")
    back = {"state": query.get("state", "")}
    if query.get("deny") == "1":
        back["error"] = "access_denied"
    else:
        workspace = _workspace(state, query.get("team"))
        code = Code(
            team_id=workspace.team_id,
            user_id=query.get("user") or _first_person(state, workspace),
            scopes=query.get("scope", ""),
            redirect_uri=asked,
        )
        back = {"code": state.grants.issue_code(code), **back}
    return f"{redirect}{'&' if '?' in redirect else '?'}{urlencode(back)}"


def _workspace(state: SlackState, team_id: str | None) -> Workspace:
    if team_id is None:
        return next(iter(state.workspaces.values()))
    workspace = state.workspaces.get(team_id)
    if workspace is None:
        raise SlackError("team_not_found")
    return workspace


def _first_person(state: SlackState, workspace: Workspace) -> str:
    for user in state.users.values():
        if user.team_id == workspace.team_id and not user.is_bot and not user.deleted:
            return user.id
    raise SlackError("no_one_to_approve")
