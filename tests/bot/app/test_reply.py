import threading
from typing import Any

from bot.app.reply import DeadlineReply


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.event = threading.Event()

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)
        self.event.set()


def test_a_quick_answer_travels_in_the_ack() -> None:
    ack, respond = Recorder(), Recorder()
    with DeadlineReply(ack=ack, respond=respond) as reply:
        reply.send(text="done")
    assert ack.calls == [{"text": "done", "blocks": None, "response_type": "ephemeral"}]
    assert respond.calls == []


def test_a_slow_answer_is_acked_empty_then_sent_to_the_response_url() -> None:
    ack, respond = Recorder(), Recorder()
    with DeadlineReply(ack=ack, respond=respond, deadline=0.01) as reply:
        assert ack.event.wait(2)
        reply.send(text="late")
    assert ack.calls == [{}]
    assert respond.calls == [
        {"text": "late", "blocks": None, "response_type": "ephemeral", "replace_original": False}
    ]


def test_no_answer_still_acks_exactly_once() -> None:
    ack, respond = Recorder(), Recorder()
    with DeadlineReply(ack=ack, respond=respond):
        pass
    assert ack.calls == [{}]
