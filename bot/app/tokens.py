"""Which token reaches each workspace, for work done outside Slack's requests (delivery).

One workspace: the SLACK_BOT_TOKEN. Installed by OAuth: each installation's own bot
token, read from the installation store on use (an uninstall removes it) and refreshed
shortly before it expires, as Bolt does for requests.
"""

import logging
import threading

from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy.engine import Engine

from bot.app.oauth import REFRESH_MINUTES_BEFORE_EXPIRY, installation_store, refresh_client
from bot.delivery import ClientFactory, delivery_client, per_workspace, single_workspace
from bot.settings import Settings

log = logging.getLogger(__name__)


class InstalledTokens:
    """``tokens(workspace_id)``: that workspace's bot token, fresh; LookupError when the
    app is not installed there."""

    def __init__(self, *, store: InstallationStore, rotator: TokenRotator) -> None:
        self._store = store
        self._rotator = rotator
        # Deliverer threads share one instance: refresh a token once, not once per thread.
        self._refreshing = threading.Lock()

    def __call__(self, workspace_id: str) -> str:
        with self._refreshing:
            try:
                return self._fresh(workspace_id)
            except SlackTokenRotationError as error:
                # Slack's own answer, so the deliverer can tell "try later" from "give up".
                raise error.api_error from error

    def _fresh(self, workspace_id: str) -> str:
        installation = self._store.find_installation(enterprise_id=None, team_id=workspace_id)
        if installation is not None and installation.bot_token:
            refreshed = self._rotator.perform_token_rotation(
                installation=installation, minutes_before_expiration=REFRESH_MINUTES_BEFORE_EXPIRY
            )
            if refreshed is None:
                return installation.bot_token
            self._store.save(refreshed)
            log.info("refreshed the bot token of workspace %s", workspace_id)
            return str(refreshed.bot_token)
        # The installer's own row can go (their user token revoked) while the bot stays.
        bot = self._store.find_bot(enterprise_id=None, team_id=workspace_id)
        if bot is None or not bot.bot_token:
            raise LookupError(
                "no bot token: the app was uninstalled or its token revoked; "
                "install it again from /slack/install"
            )
        refreshed_bot = self._rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=REFRESH_MINUTES_BEFORE_EXPIRY
        )
        if refreshed_bot is None:
            return bot.bot_token
        self._store.save_bot(refreshed_bot)
        log.info("refreshed the bot token of workspace %s", workspace_id)
        return str(refreshed_bot.bot_token)


def delivery_clients(*, settings: Settings, engine: Engine) -> ClientFactory | None:
    """The deliverers' clients for these settings; None when there is no token at all."""
    if settings.oauth_enabled:
        assert settings.SLACK_CLIENT_ID is not None
        assert settings.SLACK_CLIENT_SECRET is not None
        rotator = TokenRotator(
            client_id=settings.SLACK_CLIENT_ID,
            client_secret=settings.SLACK_CLIENT_SECRET,
            client=refresh_client(settings.SLACK_API_URL),
        )
        tokens = InstalledTokens(
            store=installation_store(settings=settings, engine=engine), rotator=rotator
        )
        return per_workspace(tokens=tokens, base_url=settings.SLACK_API_URL)
    if settings.SLACK_BOT_TOKEN:
        client = delivery_client(token=settings.SLACK_BOT_TOKEN, base_url=settings.SLACK_API_URL)
        return single_workspace(client)
    return None
