import pytest

from bot.settings import ConfigError, load_settings

CLEAN = dict.fromkeys(("DATABASE_URL", "LOG_LEVEL", "PILLAR_TIMEZONE", "PORT", "PILLAR_ADMINS"))


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CLEAN:
        monkeypatch.delenv(name, raising=False)


def test_defaults_follow_the_design() -> None:
    settings = load_settings()
    assert settings.DATABASE_URL == "sqlite:///pillar.db"
    assert settings.PORT == 3000
    assert settings.PILLAR_TIMEZONE == "UTC"
    assert settings.PILLAR_SCHEDULER == "on"
    assert (settings.LOG_LEVEL, settings.LOG_FORMAT) == ("INFO", "console")
    assert settings.SLACK_API_URL == "https://slack.com/api/"
    assert not settings.socket_mode
    assert not settings.oauth_enabled


def test_admins_are_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PILLAR_ADMINS", " U1, U2 ,,U3")
    assert load_settings().PILLAR_ADMINS == {"U1", "U2", "U3"}


def test_log_level_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    assert load_settings().LOG_LEVEL == "DEBUG"


def test_api_url_gets_its_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    assert load_settings().SLACK_API_URL == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL 'LOUD' is not valid: expected one of DEBUG, INFO"),
        ("DATABASE_URL", "not a url", "DATABASE_URL 'not a url' is not valid: expected an"),
        ("PILLAR_TIMEZONE", "Mars/Olympus", "PILLAR_TIMEZONE 'Mars/Olympus' is not valid"),
        ("PORT", "70000", "PORT '70000' is not valid: expected a port number"),
        ("PILLAR_SCHEDULER", "maybe", "PILLAR_SCHEDULER 'maybe' is not valid: expected on or"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT 'xml' is not valid: expected json or console"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_it_accepts(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_a_bad_token_is_named_without_echoing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "secret-value")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert "SLACK_BOT_TOKEN is not valid: expected a bot token" in str(caught.value)
    assert "secret-value" not in str(caught.value)


def test_http_mode_needs_a_signing_secret_and_a_token() -> None:
    from bot.settings import require_slack_credentials

    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        require_slack_credentials(load_settings(SLACK_BOT_TOKEN="xoxb-1"))
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is not set"):
        require_slack_credentials(load_settings(SLACK_SIGNING_SECRET="s"))
    require_slack_credentials(load_settings(SLACK_SIGNING_SECRET="s", SLACK_BOT_TOKEN="xoxb-1"))
    require_slack_credentials(load_settings(SLACK_APP_TOKEN="xapp-1", SLACK_BOT_TOKEN="xoxb-1"))


def test_oauth_needs_both_credentials_and_no_fixed_token() -> None:
    from bot.settings import require_slack_credentials

    oauth = {"SLACK_SIGNING_SECRET": "s", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c"}
    require_slack_credentials(load_settings(**oauth))
    with pytest.raises(ConfigError, match=r"^SLACK_CLIENT_SECRET is not set: installing"):
        require_slack_credentials(load_settings(SLACK_SIGNING_SECRET="s", SLACK_CLIENT_ID="1.2"))
    with pytest.raises(ConfigError, match=r"^SLACK_CLIENT_ID is not set"):
        require_slack_credentials(load_settings(SLACK_SIGNING_SECRET="s", SLACK_CLIENT_SECRET="c"))
    with pytest.raises(ConfigError, match="unset SLACK_BOT_TOKEN"):
        require_slack_credentials(load_settings(**oauth, SLACK_BOT_TOKEN="xoxb-1"))
    with pytest.raises(ConfigError, match="needs HTTP mode; unset SLACK_APP_TOKEN"):
        require_slack_credentials(load_settings(**oauth, SLACK_APP_TOKEN="xapp-1"))
