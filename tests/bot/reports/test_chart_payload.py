import json

import pytest

from bot.reports.chart_payload import ChartRequest, chart_payload, chart_request
from schedules.digest import PeriodStatus
from storage.enums import Status

SERIES = (
    PeriodStatus(period="2026-10", counts={Status.ON_TRACK: 4, Status.BLOCKED: 1}),
    PeriodStatus(period="2026-11", counts={}),
)


def test_a_chart_survives_the_trip_through_json() -> None:
    stored = json.loads(json.dumps(chart_payload(SERIES, title="Growth")))
    assert stored["series"][0] == {"period": "2026-10", "counts": {"on-track": 4, "blocked": 1}}
    assert chart_request(stored) == ChartRequest(series=SERIES, title="Growth")


@pytest.mark.parametrize(
    "broken",
    [
        None,
        "chart",
        {"title": "x"},
        {"title": "x", "series": []},
        {"title": 3, "series": [{"period": "2026-10", "counts": {}}]},
        {"title": "x", "series": [{"period": "2026-10", "counts": {"sideways": 1}}]},
        {"title": "x", "series": [{"period": "2026-10", "counts": {"done": "many"}}]},
        {"title": "x", "series": [{"counts": {}}]},
    ],
)
def test_a_chart_that_cannot_be_read_is_none(broken: object) -> None:
    assert chart_request(broken) is None
