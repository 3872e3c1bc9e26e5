import threading
from collections.abc import Callable

import pytest

from bot.app.deadlines import Deadline, Deadlines


def recorder(
    fired: list[str], name: str, done: threading.Event | None = None
) -> Callable[[], None]:
    def action() -> None:
        fired.append(name)
        if done is not None:
            done.set()

    return action


def test_a_deadline_fires_its_action() -> None:
    done = threading.Event()
    fired: list[str] = []
    Deadlines(slack=0.01).call_later(0.01, recorder(fired, "a", done))
    assert done.wait(5)
    assert fired == ["a"]


def test_a_sooner_deadline_set_later_fires_first() -> None:
    deadlines, done = Deadlines(slack=0.01), threading.Event()
    fired: list[str] = []
    deadlines.call_later(30, recorder(fired, "late"))  # the thread now sleeps for 30 s
    deadlines.call_later(0.01, recorder(fired, "soon", done))
    assert done.wait(5)
    assert fired == ["soon"]


def test_a_cancelled_deadline_never_fires() -> None:
    deadlines, done = Deadlines(slack=0.01), threading.Event()
    fired: list[str] = []
    # Due together (ties fire in the order set), long after the cancel.
    deadlines.call_later(0.5, recorder(fired, "cancelled")).cancel()
    deadlines.call_later(0.5, recorder(fired, "kept", done))
    assert done.wait(5)
    assert fired == ["kept"]


def test_an_action_that_fails_is_logged_and_the_rest_still_fire(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    deadlines, done = Deadlines(slack=0.01), threading.Event()
    fired: list[str] = []
    deadlines.call_later(0.01, broken)
    deadlines.call_later(0.02, recorder(fired, "after", done))
    assert done.wait(5)
    assert fired == ["after"]
    assert "a deadline's action failed" in caplog.text


def test_a_deadline_fired_by_hand_after_its_cancel_does_nothing() -> None:
    fired: list[str] = []
    deadline = Deadline(recorder(fired, "a"))
    deadline.cancel()
    deadline.fire()
    assert fired == []
