"""Build the Bolt app from settings."""

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot.app.errors import register_error_handler
from bot.app.executor import ContextExecutor
from bot.app.handoff import Listen
from bot.app.oauth import oauth_settings
from bot.app.services import Services
from bot.listeners import register_listeners

# Each HTTP request holds a server thread until its listener acks; the listener itself
# runs in this pool. Bolt's default of 5 would queue requests behind one slow Slack call,
# so size it for a busy workspace while staying well inside the database pool.
LISTENER_THREADS = 16
WEB_API_TIMEOUT_SECONDS = 10
APP_NAME = "pillar"

log = logging.getLogger(__name__)


def build_client(*, token: str | None, base_url: str) -> WebClient:
    """A Web API client that waits out HTTP 429 and retries dropped connections."""
    client = WebClient(token=token, base_url=base_url, timeout=WEB_API_TIMEOUT_SECONDS)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=2))
    return client


def build_app(*, services: Services) -> App:
    """One workspace with SLACK_BOT_TOKEN, or as many as install it with OAuth."""
    settings = services.settings
    # With OAuth each request gets its workspace's token; the app's client has none.
    token = None if settings.oauth_enabled else settings.SLACK_BOT_TOKEN
    client = build_client(token=token, base_url=settings.SLACK_API_URL)
    oauth = (
        oauth_settings(settings=settings, engine=services.engine)
        if settings.oauth_enabled
        else None
    )
    pool = ContextExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener")
    app = App(
        # Without a name Bolt takes its caller's file name from inspect.stack(), which reads
        # every loaded module's source path: about 0.2 s of `pillar run`'s start-up.
        name=APP_NAME,
        token=token,
        signing_secret=settings.SLACK_SIGNING_SECRET,
        client=client,
        oauth_settings=oauth,
        listener_executor=pool,
        # Listeners run in the pool all the same, and Slack is answered on their ack:
        # see bot.app.handoff.
        process_before_response=True,
        # auth.test at start-up would make the web process depend on Slack being up.
        token_verification_enabled=False,
        raise_error_for_unhandled_request=False,
    )
    register_error_handler(app)
    register_listeners(app, services=services, listen=Listen(app, pool=pool))
    return app
