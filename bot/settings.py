"""Configuration from the environment, with the names in DESIGN.md.

A bad value stops the program with one line naming the variable and what it accepts.
"""

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

# What each variable accepts, for the one-line error.
ACCEPTS: dict[str, str] = {
    "DATABASE_URL": "an SQLAlchemy URL such as sqlite:///pillar.db or "
    "postgresql://user:password@host:5432/pillar",
    "SLACK_BOT_TOKEN": "a bot token starting with xoxb-",
    "SLACK_APP_TOKEN": "an app-level token starting with xapp-",
    "SLACK_API_URL": "an http(s) URL ending in /, such as https://slack.com/api/",
    "PORT": "a port number from 1 to 65535",
    "PILLAR_ADMINS": "comma-separated Slack user ids such as U012AB3CD,U045EF6GH",
    "PILLAR_TIMEZONE": "an IANA time zone such as UTC or Europe/Berlin",
    "PILLAR_SCHEDULER": "on or off",
    "PILLAR_SWEEP_SECONDS": "a whole number of seconds from 5 to 3600",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
    "LOG_FORMAT": "json or console",
}


class ConfigError(Exception):
    """A configuration variable has a value the program cannot use."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore", frozen=True)

    DATABASE_URL: str = "sqlite:///pillar.db"
    SLACK_BOT_TOKEN: str | None = None
    SLACK_SIGNING_SECRET: str | None = None
    SLACK_APP_TOKEN: str | None = None
    SLACK_API_URL: str = "https://slack.com/api/"
    SLACK_CLIENT_ID: str | None = None
    SLACK_CLIENT_SECRET: str | None = None
    PORT: int = Field(default=3000, ge=1, le=65535)
    PILLAR_ADMINS: Annotated[frozenset[str], NoDecode] = frozenset()
    PILLAR_TIMEZONE: str = "UTC"
    PILLAR_SCHEDULER: Literal["on", "off"] = "on"
    PILLAR_SWEEP_SECONDS: int = Field(default=60, ge=5, le=3600)
    LOG_LEVEL: LogLevel = "INFO"
    LOG_FORMAT: Literal["json", "console"] = "console"

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            sa.make_url(value)
        except sa.exc.ArgumentError as error:
            raise ValueError("malformed") from error
        return value

    @field_validator("SLACK_BOT_TOKEN")
    @classmethod
    def _bot_token(cls, value: str | None) -> str | None:
        return _prefixed(value, "xoxb-")

    @field_validator("SLACK_APP_TOKEN")
    @classmethod
    def _app_token(cls, value: str | None) -> str | None:
        return _prefixed(value, "xapp-")

    @field_validator("SLACK_API_URL")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("not an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("PILLAR_ADMINS", mode="before")
    @classmethod
    def _admins(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("PILLAR_TIMEZONE")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("unknown time zone") from error
        return value

    @field_validator("LOG_LEVEL", mode="before")
    @classmethod
    def _log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.SLACK_CLIENT_ID and self.SLACK_CLIENT_SECRET)

    @property
    def socket_mode(self) -> bool:
        return bool(self.SLACK_APP_TOKEN)


def require_slack_credentials(settings: Settings) -> None:
    """`pillar run` needs a way in (signing secret or app token) and a bot token, or
    OAuth credentials (client id and secret) to install in several workspaces."""
    if not settings.socket_mode and not settings.SLACK_SIGNING_SECRET:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs the app's signing secret "
            "(Basic Information → App Credentials), or set SLACK_APP_TOKEN for Socket Mode"
        )
    if bool(settings.SLACK_CLIENT_ID) != bool(settings.SLACK_CLIENT_SECRET):
        missing = "SLACK_CLIENT_SECRET" if settings.SLACK_CLIENT_ID else "SLACK_CLIENT_ID"
        raise ConfigError(
            f"{missing} is not set: installing in several workspaces needs both "
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (Basic Information → App Credentials)"
        )
    if settings.oauth_enabled:
        _require_oauth_alone(settings)
    elif not settings.SLACK_BOT_TOKEN:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set: give the bot token (xoxb-…) from OAuth & Permissions, "
            "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install in several workspaces"
        )


def _require_oauth_alone(settings: Settings) -> None:
    if settings.SLACK_BOT_TOKEN:
        raise ConfigError(
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: with OAuth every workspace "
            "uses the token it installed Pillar with; unset SLACK_BOT_TOKEN (or the client "
            "id and secret, to serve one workspace)"
        )
    if settings.socket_mode:
        raise ConfigError(
            "SLACK_APP_TOKEN and SLACK_CLIENT_ID are both set: installing through "
            "/slack/install needs HTTP mode; unset SLACK_APP_TOKEN"
        )


def _prefixed(value: str | None, prefix: str) -> str | None:
    if value is not None and not value.startswith(prefix):
        raise ValueError(f"does not start with {prefix}")
    return value


def load_settings(**overrides: object) -> Settings:
    """Read the environment; raise :class:`ConfigError` with one line per the first bad name."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigError(_one_line(error)) from None


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "configuration"
    value = first.get("input")
    shown = "" if name.endswith(("TOKEN", "SECRET")) else f" {value!r}"
    accepts = ACCEPTS.get(name, "a valid value")
    return f"{name}{shown} is not valid: expected {accepts}"
