"""Each benchmark's figures against its target, one verdict per line of the summary."""

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the scripts import the whole bot: only once they run
    from benchmarks.command_latency import LatencyFigures
    from benchmarks.digest import DigestFigures
    from benchmarks.startup import StartupFigures

LATENCY_RATIO = 1.5
LATENCY_MS = 100.0
FANOUT_SHARE = 0.90
DIGEST_MS = 100.0
STARTUP_SECONDS = 2.0
TARGETS: Mapping[str, str] = {
    "p1": f"p99 ≤ {LATENCY_RATIO:g}x bare and < {LATENCY_MS:g} ms",
    "p2": f"≥ {FANOUT_SHARE:.0%} of the limit, 0 lost, 0 duplicated",
    "p3": f"≤ {DIGEST_MS:g} ms",
    "p4": f"≤ {STARTUP_SECONDS:g} s",
}


@dataclass(frozen=True)
class Verdict:
    """One line of the summary: ``value`` is the figure held against the target (None when
    there is none), ``met`` None when the figures cannot tell."""

    benchmark: str
    backend: str
    measured: str
    target: str
    value: float | None
    met: bool | None


class FanoutFigures(Protocol):
    """What the fan-out benchmark's ``run(argv)`` returns, for its verdict."""

    @property
    def share_of_limit(self) -> float:
        """Messages a second delivered, as a share of Slack's rate limit (0.9 is 90 %)."""

    @property
    def lost(self) -> int:
        """Messages owed that never reached the stand-in."""

    @property
    def duplicated(self) -> int:
        """Messages the stand-in received more than once."""

    @property
    def complete(self) -> bool:
        """Every owner's message ended up sent, none lost and none duplicated."""


def latency_verdicts(figures: "LatencyFigures") -> list[Verdict]:
    verdicts = []
    for kind, (bare, pillar) in figures.kinds.items():
        ratio = pillar.p99_ms / bare.p99_ms
        wrong = "" if figures.correct else "; some answers wrong"
        verdicts.append(
            Verdict(
                benchmark=f"P1 /pillar update, {kind}",
                backend=figures.backend,
                measured=f"p99 {pillar.p99_ms:.1f} ms, bare {bare.p99_ms:.1f} ms "
                f"({ratio:.1f}x){wrong}",
                target=TARGETS["p1"],
                value=pillar.p99_ms,
                met=figures.correct and ratio <= LATENCY_RATIO and pillar.p99_ms < LATENCY_MS,
            )
        )
    return verdicts


def fanout_verdict(figures: FanoutFigures, *, backend: str) -> Verdict:
    share = figures.share_of_limit
    return Verdict(
        benchmark="P2 fan-out",
        backend=backend,
        measured=f"{share:.0%} of the limit, {figures.lost} lost, {figures.duplicated} duplicated"
        + ("" if figures.complete else "; not every message ended up sent"),
        target=TARGETS["p2"],
        value=share,
        met=share >= FANOUT_SHARE and figures.complete,
    )


def digest_verdict(figures: "DigestFigures") -> Verdict:
    seconds = figures.digest_seconds
    median_ms = statistics.median(seconds) * 1000
    return Verdict(
        benchmark="P3 team digest",
        backend=figures.backend,
        measured=f"median {median_ms:.0f} ms (best {min(seconds) * 1000:.0f} ms, "
        f"{runs(len(seconds))}), peak {figures.peak_traced_bytes / 2**20:.1f} MiB",
        target=TARGETS["p3"],
        value=median_ms,
        met=median_ms <= DIGEST_MS,
    )


def startup_verdicts(figures: "StartupFigures") -> list[Verdict]:
    return [
        Verdict(
            benchmark=f"P4 start-up, {timings.name}",
            backend=figures.backend,
            measured=f"median {timings.median:.2f} s (best {timings.best:.2f} s, worst "
            f"{timings.worst:.2f} s, {runs(len(timings.starts))}), CPU {timings.cpu_median:.2f} s",
            target=TARGETS["p4"],
            value=timings.median,
            met=timings.median <= STARTUP_SECONDS,
        )
        for timings in figures.kinds
    ]


def runs(count: int) -> str:
    return f"{count} run" if count == 1 else f"{count} runs"


MET: Mapping[bool | None, str] = {True: "yes", False: "**no**", None: "?"}


def table(verdicts: list[Verdict]) -> str:
    """The verdicts as a Markdown table."""
    lines = ["| benchmark | database | measured | target | met |", "|---|---|---|---|---|"]
    lines += [
        f"| {v.benchmark} | {v.backend} | {v.measured} | {v.target} | {MET[v.met]} |"
        for v in verdicts
    ]
    return "\n".join(lines)
