"""The sweep scheduler: ticks soon after start and then at its interval, only as leader."""

import threading
import time
from collections.abc import Callable

import pytest

from schedules.runner import (
    LEADERSHIP_JOB_ID,
    MISFIRE_GRACE_SECONDS,
    SWEEP_JOB_ID,
    TIDY_JOB_ID,
    SweepScheduler,
)


class Leadership:
    def __init__(self, *, leads: bool) -> None:
        self.leads = leads
        self.released = False
        self.asked = 0

    def is_leader(self) -> bool:
        self.asked += 1
        return self.leads

    def release(self) -> None:
        self.released = True


def test_a_tick_sweeps_only_while_leading() -> None:
    calls: list[int] = []
    leadership = Leadership(leads=False)
    scheduler = SweepScheduler(sweep=lambda: calls.append(1), leadership=leadership)
    assert scheduler.run_once() is False
    leadership.leads = True
    assert scheduler.run_once() is True
    assert calls == [1]
    assert (scheduler.runs, scheduler.led) == (2, 1)


def test_a_failing_sweep_does_not_stop_the_ticks() -> None:
    def sweep() -> None:
        raise RuntimeError("database away")

    scheduler = SweepScheduler(sweep=sweep, leadership=Leadership(leads=True))
    assert scheduler.run_once() is False
    assert scheduler.run_once() is False
    assert scheduler.led == 2


def test_runs_soon_after_start_then_every_interval_and_stops() -> None:
    ticked = threading.Event()
    count = 0

    def sweep() -> None:
        nonlocal count
        count += 1
        if count >= 3:
            ticked.set()

    leadership = Leadership(leads=True)
    scheduler = SweepScheduler(
        sweep=sweep, leadership=leadership, interval_seconds=0.2, first_run_after_seconds=0.05
    )
    scheduler.start()
    try:
        job = scheduler.job()
        assert job is not None
        assert job.id == SWEEP_JOB_ID
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time == MISFIRE_GRACE_SECONDS
        assert ticked.wait(5)
    finally:
        scheduler.stop()
    assert not scheduler.running
    assert leadership.released
    after_stop = count
    time.sleep(0.5)
    assert count == after_stop


def _eventually(check: Callable[[], bool], *, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_follower_takes_over_between_sweeps_and_sweeps_at_once() -> None:
    calls: list[int] = []
    leadership = Leadership(leads=False)
    scheduler = SweepScheduler(
        sweep=lambda: calls.append(1),
        leadership=leadership,
        interval_seconds=3600,
        first_run_after_seconds=3600,
        leadership_poll_seconds=0.05,
    )
    scheduler.start()
    try:
        assert _eventually(lambda: leadership.asked >= 2)  # asked, and was refused
        assert calls == []
        leadership.leads = True
        assert _eventually(lambda: calls == [1])
        asked = leadership.asked
        assert _eventually(lambda: leadership.asked >= asked + 3)
        assert calls == [1]  # the leader's polls only confirm its lead
        leadership.leads = False  # lost, say, with its connection
        assert _eventually(lambda: not scheduler.leading)
    finally:
        scheduler.stop()


def test_no_separate_poll_when_the_sweeps_come_as_often() -> None:
    scheduler = SweepScheduler(
        sweep=lambda: None,
        interval_seconds=5,
        leadership_poll_seconds=10,
        first_run_after_seconds=60,
    )
    scheduler.start()
    try:
        assert scheduler.job() is not None
        assert scheduler.job(LEADERSHIP_JOB_ID) is None
    finally:
        scheduler.stop()


def test_the_intervals_must_be_positive() -> None:
    with pytest.raises(ValueError, match="sweep interval must be positive"):
        SweepScheduler(sweep=lambda: None, interval_seconds=0)
    with pytest.raises(ValueError, match="tidy interval must be positive"):
        SweepScheduler(sweep=lambda: None, tidy=lambda: None, tidy_interval_seconds=-1)


def test_tidies_only_while_leading_and_survives_a_failure() -> None:
    tidied: list[int] = []
    leadership = Leadership(leads=False)
    scheduler = SweepScheduler(sweep=lambda: None, tidy=lambda: tidied.append(1),
                               leadership=leadership)  # fmt: skip
    assert scheduler.tidy_once() is False
    leadership.leads = True
    assert scheduler.tidy_once() is True
    assert tidied == [1]

    def failing() -> None:
        raise RuntimeError("database away")

    assert (
        SweepScheduler(sweep=lambda: None, tidy=failing, leadership=leadership).tidy_once() is False
    )
    assert SweepScheduler(sweep=lambda: None, leadership=leadership).tidy_once() is False


def test_the_tidy_runs_after_the_first_sweep_then_at_its_interval() -> None:
    events: list[str] = []
    tidied = threading.Event()

    def tidy() -> None:
        events.append("tidy")
        if events.count("tidy") >= 2:
            tidied.set()

    scheduler = SweepScheduler(
        sweep=lambda: events.append("sweep"), tidy=tidy, leadership=Leadership(leads=True),
        interval_seconds=3600, first_run_after_seconds=0.05, tidy_interval_seconds=0.2,
    )  # fmt: skip
    scheduler.start()
    try:
        job = scheduler.job(TIDY_JOB_ID)
        assert job is not None
        assert job.max_instances == 1
        assert tidied.wait(5)
    finally:
        scheduler.stop()
    assert events[:3] == ["sweep", "tidy", "tidy"]


def test_no_tidy_job_without_a_tidy() -> None:
    scheduler = SweepScheduler(sweep=lambda: None, first_run_after_seconds=60)
    scheduler.start()
    try:
        assert scheduler.job(TIDY_JOB_ID) is None
    finally:
        scheduler.stop()
