"""The cadence in words."""

from collections.abc import Callable
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.views.cadence import (
    CadenceSource,
    CadenceView,
    nudges_text,
    opening_text,
    render_cadence,
    render_cadence_changed,
)
from schedules.cadence import DEFAULT_CADENCE, Cadence, OpensOn
from tests.bot.views.conftest import LimitChecker

NEXT = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def _view(cadence: Cadence = DEFAULT_CADENCE, **changes: Any) -> CadenceView:
    fields: dict[str, Any] = {
        "scope": "the workspace",
        "cadence": cadence,
        "source": CadenceSource.DEFAULTS,
        "next_opening": NEXT,
        "zone": "Europe/Berlin",
    }
    fields.update(changes)
    return CadenceView(**fields)


@pytest.mark.parametrize(
    ("cadence", "expected"),
    [
        (DEFAULT_CADENCE, "the first business day of each month"),
        (Cadence(business_day=2), "the 2nd business day of each month"),
        (Cadence(business_day=3), "the 3rd business day of each month"),
        (Cadence(business_day=11), "the 11th business day of each month"),
        (Cadence(business_day=12), "the 12th business day of each month"),
        (
            Cadence(opens_on=OpensOn.CALENDAR_DAY, calendar_day=15),
            "day 15 of each month (or the business day after, when it falls on a weekend)",
        ),
    ],
)
def test_the_opening_day_in_words(cadence: Cadence, expected: str) -> None:
    assert opening_text(cadence) == expected


def test_nudges_in_words() -> None:
    assert nudges_text(Cadence(nudge_days=())) == "none"
    assert nudges_text(Cadence(nudge_days=(3,))).startswith("3 business days after")
    assert nudges_text(Cadence(window_days=8, nudge_days=(1, 3, 5))).startswith("1, 3 and 5 ")


def test_the_reply_names_the_scope_source_and_next_check_in(
    check_limits: LimitChecker, all_text: Callable[[dict[str, Any]], str]
) -> None:
    cadence = Cadence(at=time(8, 30), window_days=7)
    view = _view(cadence, scope="R&D <core>", source=CadenceSource.TEAM)
    text = all_text(check_limits(render_cadence(view)))
    assert "*R&amp;D &lt;core&gt;*" in text
    assert "set for this team" in text
    assert "at 08:30 in each owner's own time zone" in text
    assert "closes after 7 business days" in text
    assert "Tue 1 Dec 2026 at 09:00 (Europe/Berlin)" in text


def test_a_reset_says_what_applies_now(all_text: Callable[[dict[str, Any]], str]) -> None:
    follows = render_cadence_changed(
        _view(scope="Growth", source=CadenceSource.WORKSPACE), reset=True
    )
    assert "now follows the workspace's cadence" in all_text(follows.to_dict())
    defaults = render_cadence_changed(_view(), reset=True)
    assert "back to the default cadence" in all_text(defaults.to_dict())
    updated = render_cadence_changed(_view())
    assert "updated" in all_text(updated.to_dict())
