import threading
from typing import Any

from bot.app.handoff import OnceAck
from bot.app.reply import CommandReply


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.event = threading.Event()

    def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)
        self.event.set()


def test_an_answer_in_time_travels_in_the_ack() -> None:
    ack, respond = Recorder(), Recorder()
    CommandReply(ack=OnceAck(ack), respond=respond).send(text="done")
    assert ack.calls == [{"text": "done", "blocks": None, "response_type": "ephemeral"}]
    assert respond.calls == []


def test_an_answer_after_the_ack_went_goes_to_the_response_url() -> None:
    ack, respond = Recorder(), Recorder()
    once = OnceAck(ack)
    once()  # the deadline's empty ack
    CommandReply(ack=once, respond=respond).send(text="late")
    assert ack.calls == [{}]
    assert respond.calls == [
        {"text": "late", "blocks": None, "response_type": "ephemeral", "replace_original": False}
    ]


def test_acking_now_and_again_sends_one_ack() -> None:
    ack, respond = Recorder(), Recorder()
    reply = CommandReply(ack=OnceAck(ack), respond=respond)
    reply.ack_now()
    reply.ack_now()
    assert ack.calls == [{}]
