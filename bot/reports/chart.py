"""The digest's chart: how many tasks stood at each status, period by period.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, no global
state), so it is safe in any thread and in a server without a screen.
"""

import io
from collections.abc import Sequence
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from schedules.digest import PeriodStatus
from storage.enums import Status

STATUS_COLOURS: dict[Status, str] = {
    Status.ON_TRACK: "#2eb67d",
    Status.AT_RISK: "#ecb22e",
    Status.OFF_TRACK: "#e01e5a",
    Status.BLOCKED: "#4a154b",
    Status.DONE: "#36c5f0",
}
STATUS_NAMES: dict[Status, str] = {
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.BLOCKED: "Blocked",
    Status.DONE: "Done",
}
SIZE_INCHES = (6.4, 3.6)
DPI = 120


def month_label(period: str) -> str:
    """``2026-11`` as ``Nov 26``; anything else as given."""
    try:
        first = date.fromisoformat(f"{period}-01")
    except ValueError:
        return period
    return f"{first:%b %y}"


def build_status_figure(series: Sequence[PeriodStatus], *, title: str = "") -> Figure:
    """A stacked bar per period, one colour per status (in the order of :class:`Status`)."""
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    labels = [month_label(point.period) for point in series]
    positions = list(range(len(series)))
    bottoms = [0] * len(series)
    for status in Status:
        heights = [point.counts.get(status, 0) for point in series]
        axes.bar(
            positions,
            heights,
            bottom=bottoms,
            color=STATUS_COLOURS[status],
            label=STATUS_NAMES[status],
            width=0.6,
        )
        bottoms = [below + height for below, height in zip(bottoms, heights, strict=True)]
    axes.set_xticks(positions, labels)
    axes.set_ylabel("tasks")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", fontsize="small", frameon=False, ncols=3)
    axes.set_ylim(0, max(max(bottoms, default=0), 1) * 1.35)
    if title:
        axes.set_title(title)
    if not any(bottoms):
        axes.text(0.5, 0.5, "No updates yet", transform=axes.transAxes, ha="center")
    return figure


def figure_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # attaches itself to the figure
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def render_status_chart(series: Sequence[PeriodStatus], *, title: str = "") -> bytes:
    """The chart as PNG bytes, ready for ``files_upload_v2``."""
    return figure_png(build_status_figure(series, title=title))
