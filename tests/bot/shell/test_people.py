"""Handles and ids of the shell's people and channels, and reloading them from the database."""

from sqlalchemy.engine import Engine

from bot.shell.demo import seed_demo
from bot.shell.people import (
    channel_id_for,
    channel_name_for,
    handle_for,
    load_people,
    slug,
    user_id_for,
)
from bot.standin import SlackStandIn
from tests.conftest import NOW


def test_user_ids_come_from_handles_and_never_collide() -> None:
    assert user_id_for("lena", taken=set()) == "ULENA"
    assert user_id_for("lena", taken={"ULENA", "ULENA2"}) == "ULENA3"
    assert user_id_for("mary-jo.k", taken=set()) == "UMARYJOK"
    assert user_id_for("___", taken=set()) == "USOMEONE"


def test_handles_are_first_names_and_channel_names_slugs() -> None:
    assert handle_for("Lena Fischer", fallback="ULENA") == "lena"
    assert handle_for("", fallback="ULENA") == "ulena"
    assert slug("People Ops & HR") == "people-ops-hr"
    assert channel_name_for(channel_id_for("growth")) == "growth"


def test_people_and_channels_come_back_from_the_database(engine: Engine) -> None:
    seed_demo(engine, workspace_id="T0STANDIN", now=NOW)
    slack = SlackStandIn()
    assert load_people(slack, engine=engine, workspace_id="T0STANDIN") == 10
    lena = slack.state.users["ULENA"]
    assert (lena.name, lena.real_name, lena.tz) == ("lena", "Lena Fischer", "Europe/Berlin")
    channels = {c.name for c in slack.state.channels.values() if not c.is_im}
    assert channels == {"growth", "platform", "people", "leadership"}
