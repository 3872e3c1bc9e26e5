import struct

from matplotlib.container import BarContainer

from bot.reports.chart import (
    DPI,
    SIZE_INCHES,
    STATUS_NAMES,
    build_status_figure,
    month_label,
    render_status_chart,
)
from schedules.digest import PeriodStatus
from storage.enums import Status

SERIES = [
    PeriodStatus("2026-06", {}),
    PeriodStatus("2026-07", {Status.ON_TRACK: 3}),
    PeriodStatus("2026-08", {Status.ON_TRACK: 4, Status.AT_RISK: 1}),
    PeriodStatus("2026-09", {Status.ON_TRACK: 2, Status.OFF_TRACK: 2, Status.BLOCKED: 1}),
    PeriodStatus("2026-10", {Status.AT_RISK: 5}),
    PeriodStatus("2026-11", {Status.ON_TRACK: 6, Status.DONE: 2}),
]


def _bars(series: list[PeriodStatus]) -> dict[str, tuple[list[float], list[float]]]:
    axes = build_status_figure(series).axes[0]
    bars: dict[str, tuple[list[float], list[float]]] = {}
    for container in axes.containers:
        assert isinstance(container, BarContainer)
        label = str(container.get_label())
        bars[label] = (
            [patch.get_height() for patch in container.patches],
            [patch.get_y() for patch in container.patches],
        )
    return bars


def test_one_stacked_bar_series_per_status_with_the_counts() -> None:
    bars = _bars(SERIES)
    assert list(bars) == [STATUS_NAMES[status] for status in Status]
    for status in Status:
        heights, _ = bars[STATUS_NAMES[status]]
        assert heights == [point.counts.get(status, 0) for point in SERIES]
    # Stacked: each status starts where the ones before it end.
    _, at_risk_bottoms = bars[STATUS_NAMES[Status.AT_RISK]]
    assert at_risk_bottoms == [point.counts.get(Status.ON_TRACK, 0) for point in SERIES]
    _, done_bottoms = bars[STATUS_NAMES[Status.DONE]]
    totals = [point.total - point.counts.get(Status.DONE, 0) for point in SERIES]
    assert done_bottoms == totals


def test_the_months_label_the_bars() -> None:
    axes = build_status_figure(SERIES).axes[0]
    labels = [tick.get_text() for tick in axes.get_xticklabels()]
    assert labels == ["Jun 26", "Jul 26", "Aug 26", "Sep 26", "Oct 26", "Nov 26"]
    assert month_label("not-a-month") == "not-a-month"


def test_the_chart_is_a_real_png_of_the_expected_size() -> None:
    png = render_status_chart(SERIES, title="Growth")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI))
    assert 5_000 < len(png) < 500_000
    assert png.endswith(b"IEND\xaeB`\x82")


def test_an_empty_series_still_draws() -> None:
    empty = [PeriodStatus(f"2026-0{n}", {}) for n in range(1, 7)]
    figure = build_status_figure(empty)
    assert any(text.get_text() == "No updates yet" for text in figure.axes[0].texts)
    assert render_status_chart(empty)[:4] == b"\x89PNG"
