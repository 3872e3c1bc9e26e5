"""A chart described in JSON for the outbox, drawn only when its message has been posted."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from schedules.digest import Digest, PeriodStatus
from storage.enums import Status


@dataclass(frozen=True, slots=True)
class ChartRequest:
    series: tuple[PeriodStatus, ...]
    title: str


def chart_payload(series: Sequence[PeriodStatus], *, title: str) -> dict[str, Any]:
    """``series`` and ``title`` as JSON values, for ``Outbox.payload["chart"]``."""
    return {
        "title": title,
        "series": [
            {"period": point.period, "counts": {str(s.value): n for s, n in point.counts.items()}}
            for point in series
        ],
    }


def digest_chart(digest: Digest, *, month: str) -> dict[str, Any]:
    """The chart of a digest's last months, titled with what it covers and ``month``."""
    return chart_payload(digest.series, title=f"{digest.scope_name}: status by month to {month}")


def chart_request(value: object) -> ChartRequest | None:
    """The chart a payload describes; None when there is none or it cannot be read."""
    if not isinstance(value, Mapping):
        return None
    title, points = value.get("title"), value.get("series")
    if not isinstance(title, str) or not isinstance(points, list):
        return None
    series = [_point(point) for point in points]
    if not series or any(point is None for point in series):
        return None
    return ChartRequest(series=tuple(p for p in series if p is not None), title=title)


def _point(value: object) -> PeriodStatus | None:
    if not isinstance(value, Mapping):
        return None
    period, counts = value.get("period"), value.get("counts")
    if not isinstance(period, str) or not isinstance(counts, Mapping):
        return None
    try:
        parsed = {Status(name): int(count) for name, count in counts.items()}
    except (ValueError, TypeError):
        return None
    return PeriodStatus(period=period, counts=parsed)
