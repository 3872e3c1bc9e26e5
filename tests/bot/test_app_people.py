"""People are kept up to date from Slack's users.info and user_change events."""

import time

from sqlmodel import Session, select

from bot.local import LocalBot
from storage.models import Person
from tests.bot.conftest import OWNER


def person(bot: LocalBot, user_id: str) -> Person:
    with Session(bot.runtime.services.engine) as session:
        return session.exec(select(Person).where(Person.slack_user_id == user_id)).one()


def test_first_contact_creates_the_person_from_users_info(local_bot: LocalBot) -> None:
    local_bot.slack.add_user(
        id="UNEW",
        name="nia",
        real_name="Nia N",
        tz="Asia/Tokyo",
        is_owner=True,
        email="Nia@Example.com",
    )
    local_bot.driver.slash_command(user_id="UNEW", text="mine")
    nia = person(local_bot, "UNEW")
    assert (nia.name, nia.tz, nia.email, nia.is_slack_admin) == (
        "nia",
        "Asia/Tokyo",
        "nia@example.com",
        True,
    )


def test_user_change_refreshes_and_deactivates(local_bot: LocalBot) -> None:
    local_bot.driver.slash_command(user_id=OWNER, text="mine")
    team_id = next(iter(local_bot.slack.state.workspaces))
    event = {
        "type": "user_change",
        "user": {
            "id": OWNER,
            "team_id": team_id,
            "name": "olu",
            "real_name": "Olu O",
            "tz": "Europe/Lisbon",
            "deleted": True,
            "profile": {"real_name": "Olu O"},
        },
    }
    assert local_bot.driver.event(event).status == 200
    # Events are acknowledged first and handled after.
    deadline = time.monotonic() + 5
    while not person(local_bot, OWNER).deactivated and time.monotonic() < deadline:
        time.sleep(0.02)
    olu = person(local_bot, OWNER)
    assert (olu.name, olu.tz, olu.deactivated) == ("Olu O", "Europe/Lisbon", True)
