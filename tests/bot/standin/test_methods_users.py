import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn


def test_users_info_describes_a_registered_user(client: WebClient) -> None:
    user = client.users_info(user="U1")["user"]
    assert user["id"] == "U1"
    assert user["name"] == "ana"
    assert user["real_name"] == "Ana Lima"
    assert user["tz"] == "Europe/Lisbon"
    assert user["tz_offset"] in (0, 3600)  # WET or WEST, depending on the date
    assert user["profile"]["email"] == "ana@example.org"
    assert user["is_admin"] is False
    assert user["deleted"] is False


def test_users_info_reports_admins_owners_and_deleted(
    slack: SlackStandIn, client: WebClient
) -> None:
    slack.add_user(id="U9", name="boss", is_owner=True, tz="America/New_York")
    assert client.users_info(user="U2")["user"]["is_admin"] is True
    assert client.users_info(user="U9")["user"]["is_owner"] is True
    assert client.users_info(user="U9")["user"]["tz_offset"] in (-18000, -14400)
    assert client.users_info(user="U3")["user"]["deleted"] is True


def test_users_info_of_an_unknown_user(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U404")
    assert raised.value.response["error"] == "user_not_found"


def test_lookup_by_email_ignores_case(client: WebClient) -> None:
    assert client.users_lookupByEmail(email="ben@example.org")["user"]["id"] == "U2"
    with pytest.raises(SlackApiError) as raised:
        client.users_lookupByEmail(email="nobody@example.org")
    assert raised.value.response["error"] == "users_not_found"
