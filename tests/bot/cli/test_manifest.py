from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.cli.manifest import PLACEHOLDER, manifest_for

ROOT = Path(__file__).resolve().parents[3]


def test_top_level_manifest_is_the_packaged_one() -> None:
    assert (ROOT / "manifest.yml").read_text() == manifest_for(PLACEHOLDER)


def test_every_request_url_points_at_the_given_host(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "--url", "https://pillar.acme.test/"]) == 0
    manifest = yaml.safe_load(capsys.readouterr().out)
    command = manifest["features"]["slash_commands"][0]
    assert command["command"] == "/pillar"
    assert command["should_escape"] is True
    assert command["url"] == "https://pillar.acme.test/slack/events"
    settings = manifest["settings"]
    assert settings["interactivity"]["request_url"] == "https://pillar.acme.test/slack/events"
    assert settings["event_subscriptions"]["request_url"] == "https://pillar.acme.test/slack/events"
    assert "app_home_opened" in settings["event_subscriptions"]["bot_events"]
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://pillar.acme.test/slack/oauth_redirect"
    ]


@pytest.mark.parametrize("url", ["http://insecure.test", "pillar.test", "https://x.test/?a=1"])
def test_a_url_that_is_not_public_https_is_refused(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["manifest", "--url", url])
    assert stopped.value.code == 2
    assert "is not a public https URL" in capsys.readouterr().err
