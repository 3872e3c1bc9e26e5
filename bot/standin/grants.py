"""What the stand-in's OAuth remembers: the app, the codes and tokens it handed out.

The approval page issues a code; ``oauth.v2.access`` trades it for a bot token (and,
with token rotation, a refresh token that is good once); a revoked or expired token is
refused as Slack refuses it.
"""

import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.standin.errors import SlackError


@dataclass(frozen=True, slots=True)
class OAuthApp:
    """The Slack app people install: its credentials and where Slack sends them back.

    ``token_lifetime`` (seconds) turns on token rotation: tokens then expire and come
    with a refresh token; None gives tokens that never expire, as Slack does without it.
    """

    client_id: str
    client_secret: str
    redirect_url: str | None = None
    token_lifetime: int | None = None


@dataclass(frozen=True, slots=True)
class Code:
    """A code from the approval page, for one team, installed by one person."""

    team_id: str
    user_id: str
    scopes: str
    redirect_uri: str | None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    team_id: str
    scopes: str
    expires_at: float | None


@dataclass(frozen=True, slots=True)
class Refresh:
    team_id: str
    scopes: str


@dataclass(slots=True)
class Grants:
    """Codes, tokens and refresh tokens; used with the state's lock held."""

    app: OAuthApp | None = None
    codes: dict[str, Code] = field(default_factory=dict)
    tokens: dict[str, IssuedToken] = field(default_factory=dict)
    refreshes: dict[str, Refresh] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def check_client(self, *, client_id: str | None, client_secret: str | None) -> OAuthApp:
        """The app these credentials belong to, or Slack's error for them."""
        if self.app is None or client_id != self.app.client_id:
            raise SlackError("invalid_client_id")
        if client_secret != self.app.client_secret:
            raise SlackError("bad_client_secret")
        return self.app

    def issue_code(self, code: Code) -> str:
        value = self._secret("code", code.team_id)
        self.codes[value] = code
        return value

    def take_code(self, value: str) -> Code:
        """The code's grant, once: a code used twice is refused."""
        code = self.codes.pop(value, None)
        if code is None:
            raise SlackError("invalid_code")
        return code

    def take_refresh(self, value: str) -> Refresh:
        """The refresh token's grant, once: rotation revokes the refresh token it used."""
        refresh = self.refreshes.pop(value, None)
        if refresh is None:
            raise SlackError("invalid_refresh_token")
        return refresh

    def issue_token(
        self, *, team_id: str, scopes: str, now: float
    ) -> tuple[IssuedToken, str | None]:
        """A new bot token for ``team_id``, and its refresh token when tokens rotate."""
        lifetime = self.app.token_lifetime if self.app is not None else None
        prefix = "xoxe.xoxb" if lifetime is not None else "xoxb"
        token = IssuedToken(
            token=f"{prefix}-{self._secret('bot', team_id)}",
            team_id=team_id,
            scopes=scopes,
            expires_at=now + lifetime if lifetime is not None else None,
        )
        self.tokens[token.token] = token
        if lifetime is None:
            return token, None
        refresh = f"xoxe-1-{self._secret('refresh', team_id)}"
        self.refreshes[refresh] = Refresh(team_id=team_id, scopes=scopes)
        return token, refresh

    def check_token(self, token: str, *, now: float) -> IssuedToken | None:
        """The issued token (None if this is not one), or Slack's error for a dead one."""
        if token in self.revoked:
            raise SlackError("token_revoked")
        issued = self.tokens.get(token)
        if issued is not None and issued.expires_at is not None and now >= issued.expires_at:
            raise SlackError("token_expired")
        return issued

    def revoke_team(self, team_id: str, *, also: str) -> None:
        """Revoke every token of ``team_id`` (and ``also``, its first token)."""
        self.revoked.add(also)
        self.revoked.update(t.token for t in self.tokens.values() if t.team_id == team_id)
        for value, refresh in list(self.refreshes.items()):
            if refresh.team_id == team_id:
                del self.refreshes[value]

    def live_tokens(self, team_id: str, *, now: float) -> list[str]:
        """The issued tokens of ``team_id`` that still work, oldest first."""
        return [
            t.token
            for t in self.tokens.values()
            if t.team_id == team_id
            and t.token not in self.revoked
            and (t.expires_at is None or now < t.expires_at)
        ]

    def _secret(self, kind: str, team_id: str) -> str:
        number = next(self._numbers)
        digest = hashlib.sha256(f"{kind}:{team_id}:{number}".encode()).hexdigest()[:24]
        return f"{team_id}-{number}-{digest}"
