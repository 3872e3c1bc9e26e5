import threading

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn
from bot.standin.recorder import CallRecorder, RecordedCall


def _call(method: str, *, status: int = 200, ok: bool = True) -> RecordedCall:
    return RecordedCall(method=method, params={}, time=0.0, status=status, response={"ok": ok})


def test_records_method_params_time_and_response(slack: SlackStandIn, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="hello")
    [call] = slack.calls("chat.postMessage")
    assert call.params["channel"] == "C1"
    assert call.params["text"] == "hello"
    assert call.time > 0
    assert call.ok
    assert call.response["ts"] == slack.messages_to("C1")[0]["ts"]
    assert call.team_id == "T0STANDIN"


def test_failed_calls_are_recorded_with_their_error(client: WebClient, slack: SlackStandIn) -> None:
    with pytest.raises(SlackApiError):
        client.users_info(user="U404")
    [call] = slack.calls("users.info")
    assert not call.ok
    assert call.error == "user_not_found"


def test_filter_by_method_and_predicate() -> None:
    recorder = CallRecorder()
    recorder.record(_call("a"))
    recorder.record(_call("b", ok=False))
    recorder.record(_call("a", status=429, ok=False))
    assert [c.method for c in recorder.calls()] == ["a", "b", "a"]
    assert len(recorder.calls("a")) == 2
    assert [c.status for c in recorder.calls("a", where=lambda c: not c.ok)] == [429]
    recorder.clear()
    assert recorder.calls() == []


def test_wait_for_returns_once_calls_arrive() -> None:
    recorder = CallRecorder()
    timer = threading.Timer(0.1, lambda: recorder.record(_call("chat.postMessage")))
    timer.start()
    [call] = recorder.wait_for("chat.postMessage", timeout=5)
    assert call.method == "chat.postMessage"


def test_wait_for_times_out_with_a_clear_message() -> None:
    recorder = CallRecorder()
    recorder.record(_call("chat.postMessage"))
    with pytest.raises(TimeoutError, match=r"expected 2 call\(s\) to chat.postMessage .* saw 1"):
        recorder.wait_for("chat.postMessage", count=2, timeout=0.1)
