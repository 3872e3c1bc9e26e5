"""Installing Pillar in several workspaces: Bolt's OAuth flow on Pillar's own database.

With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET set, ``GET /slack/install`` sends a person
to Slack to approve the app and ``GET /slack/oauth_redirect`` keeps the workspace's bot
token in slack_sdk's installation store (its tables come with `pillar db upgrade`).
Expiring tokens (token rotation) are refreshed before use: by Bolt for Slack's requests,
by :mod:`bot.app.tokens` for the deliverers.
"""

import logging
from urllib.parse import urljoin

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.engine import Engine

from bot.settings import Settings

# The bot scopes of manifest.yml (a test keeps the two the same).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "users:read",
    "users:read.email",
    "channels:read",
    "groups:read",
    "channels:history",
    "groups:history",
    "im:history",
    "files:write",
    "team:read",
)
# How long a person has between opening /slack/install and approving the app in Slack.
STATE_SECONDS = 600
# Refresh an expiring token this long before it expires (Slack's tokens live 12 hours).
REFRESH_MINUTES_BEFORE_EXPIRY = 120
REFRESH_TIMEOUT_SECONDS = 10

log = logging.getLogger(__name__)


def authorize_url(api_url: str) -> str:
    """Slack's approval page beside its Web API: slack.com/oauth/v2/authorize for
    slack.com/api/ (and the same path on a stand-in's own address)."""
    return urljoin(api_url, "../oauth/v2/authorize")


def refresh_client(api_url: str) -> WebClient:
    """The client that refreshes tokens: it never repeats a call by itself (a refresh
    token is good once, so a repeated refresh would fail and lose the new token)."""
    return WebClient(base_url=api_url, timeout=REFRESH_TIMEOUT_SECONDS, retry_handlers=[])


def installation_store(*, settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    if settings.SLACK_CLIENT_ID is None:
        raise ValueError("an installation store needs SLACK_CLIENT_ID")
    return SQLAlchemyInstallationStore(
        client_id=settings.SLACK_CLIENT_ID, engine=engine, logger=log
    )


def oauth_settings(*, settings: Settings, engine: Engine) -> OAuthSettings:
    """Bolt's OAuth settings (the install itself uses the app's client)."""
    store = installation_store(settings=settings, engine=engine)
    oauth = OAuthSettings(
        client_id=settings.SLACK_CLIENT_ID,
        client_secret=settings.SLACK_CLIENT_SECRET,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        # Straight to Slack's approval page: the "Add to Slack" link is /slack/install.
        install_page_rendering_enabled=False,
        authorization_url=authorize_url(settings.SLACK_API_URL),
        installation_store=store,
        token_rotation_expiration_minutes=REFRESH_MINUTES_BEFORE_EXPIRY,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=engine, logger=log
        ),
        state_expiration_seconds=STATE_SECONDS,
        logger=log,
    )
    # Bolt's own authorize would refresh tokens with a client that ignores SLACK_API_URL.
    oauth.authorize = InstallationStoreAuthorize(
        logger=log,
        installation_store=store,
        client_id=oauth.client_id,
        client_secret=oauth.client_secret,
        token_rotation_expiration_minutes=REFRESH_MINUTES_BEFORE_EXPIRY,
        client=refresh_client(settings.SLACK_API_URL),
    )
    return oauth
