import json
from datetime import time
from typing import Any

import pytest

from schedules.cadence import DEFAULT_CADENCE, Cadence, OpensOn, effective_cadence
from schedules.errors import CadenceError, ScheduleError


def test_defaults_match_the_design() -> None:
    assert DEFAULT_CADENCE.opens_on is OpensOn.BUSINESS_DAY
    assert DEFAULT_CADENCE.business_day == 1
    assert DEFAULT_CADENCE.at == time(9, 0)
    assert DEFAULT_CADENCE.window_days == 5
    assert DEFAULT_CADENCE.nudge_days == (2, 4)


def test_dict_round_trips_through_json() -> None:
    cadence = Cadence(
        opens_on=OpensOn.CALENDAR_DAY,
        calendar_day=15,
        at=time(10, 30),
        window_days=7,
        nudge_days=(1, 3, 6),
    )
    stored = json.loads(json.dumps(cadence.to_dict()))
    assert stored == {
        "opens_on": "calendar_day",
        "business_day": 1,
        "calendar_day": 15,
        "time": "10:30",
        "window_days": 7,
        "nudge_days": [1, 3, 6],
    }
    assert Cadence.from_dict(stored) == cadence


def test_from_dict_fills_missing_keys_with_defaults() -> None:
    assert Cadence.from_dict({}) == DEFAULT_CADENCE
    assert Cadence.from_dict({"time": "08:15"}) == Cadence(at=time(8, 15))


def test_cadence_is_frozen() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_CADENCE.window_days = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"time": "25:00"}, r"'25:00' is not a time of day: use HH:MM"),
        ({"time": 9}, r"time must be text HH:MM"),
        ({"time": "02:30"}, r"02:30 is refused: times from 01:00 to 03:59 fall in daylight"),
        ({"window_days": 0}, r"window_days must be a whole number from 1 to 15, got 0"),
        ({"window_days": 16}, r"window_days must be a whole number from 1 to 15, got 16"),
        ({"window_days": "5"}, r"window_days must be a whole number, got '5'"),
        ({"window_days": True}, r"window_days must be a whole number, got True"),
        ({"nudge_days": [3, 2]}, r"nudge_days must be strictly increasing"),
        ({"nudge_days": [2, 2]}, r"nudge_days must be strictly increasing"),
        ({"nudge_days": [2, 5]}, r"every nudge must come before the window closes after 5"),
        ({"nudge_days": [0, 2]}, r"nudge_days must be business days after the opening"),
        ({"nudge_days": "2,4"}, r"nudge_days must be a list of whole numbers"),
        ({"nudge_days": [2.5]}, r"each of nudge_days must be a whole number, got 2.5"),
        ({"calendar_day": 29}, r"calendar_day must be a whole number from 1 to 28, got 29"),
        ({"calendar_day": 0}, r"calendar_day must be a whole number from 1 to 28, got 0"),
        ({"business_day": 21}, r"business_day must be a whole number from 1 to 20, got 21"),
        ({"opens_on": "weekly"}, r"opens_on must be 'business_day' or 'calendar_day'"),
        ({"colour": "red"}, r"unknown cadence setting colour; known: opens_on"),
    ],
)
def test_bad_settings_get_clear_messages(data: dict[str, Any], message: str) -> None:
    with pytest.raises(CadenceError, match=message):
        Cadence.from_dict(data)


def test_validation_also_guards_direct_construction() -> None:
    with pytest.raises(CadenceError, match="window_days must be a whole number from 1 to 15"):
        Cadence(window_days=20)
    with pytest.raises(CadenceError, match="every nudge must come before the window closes"):
        Cadence(window_days=3, nudge_days=(2, 4))


def test_cadence_errors_are_value_errors_for_callers() -> None:
    assert issubclass(CadenceError, ScheduleError)
    assert issubclass(ScheduleError, ValueError)


def test_no_nudges_is_allowed() -> None:
    assert Cadence.from_dict({"nudge_days": []}).nudge_days == ()


def test_effective_cadence_defaults_when_nothing_is_set() -> None:
    assert effective_cadence({}, None) == DEFAULT_CADENCE
    assert effective_cadence({"other": 1}, {"cadence": None}) == DEFAULT_CADENCE


def test_team_overrides_workspace_overrides_defaults_key_by_key() -> None:
    workspace = {"cadence": {"time": "08:00", "window_days": 7, "nudge_days": [2, 5]}}
    team = {"cadence": {"time": "10:00"}}
    assert effective_cadence(workspace, team) == Cadence(
        at=time(10, 0), window_days=7, nudge_days=(2, 5)
    )
    assert effective_cadence(workspace, None) == Cadence(
        at=time(8, 0), window_days=7, nudge_days=(2, 5)
    )


def test_merged_settings_are_validated_together() -> None:
    # The team shortens the window below the workspace's nudges: the merge is refused.
    workspace = {"cadence": {"window_days": 7, "nudge_days": [2, 6]}}
    with pytest.raises(CadenceError, match="every nudge must come before the window closes"):
        effective_cadence(workspace, {"cadence": {"window_days": 5}})


def test_a_cadence_setting_that_is_not_an_object_is_explained() -> None:
    with pytest.raises(CadenceError, match="the team's cadence setting must be an object"):
        effective_cadence({}, {"cadence": "monthly"})
