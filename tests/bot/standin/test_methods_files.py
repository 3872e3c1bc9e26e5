import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn


def test_files_upload_v2_works_end_to_end(slack: SlackStandIn, client: WebClient) -> None:
    chart = b"\x89PNG fake chart bytes"
    answer = client.files_upload_v2(
        channel="C1",
        file=chart,
        filename="chart.png",
        title="Last months",
        initial_comment="Digest chart",
    )
    assert answer["file"]["title"] == "Last months"
    assert answer["file"]["size"] == len(chart)
    [stored] = slack.uploaded_files()
    assert (stored.filename, stored.content, stored.completed) == ("chart.png", chart, True)
    assert stored.channels == ["C1"]
    [message] = slack.messages_to("C1")
    assert message["text"] == "Digest chart"
    assert message["files"][0]["id"] == stored.id
    methods = [c.method for c in slack.calls()]
    assert methods == ["files.getUploadURLExternal", "files.completeUploadExternal"]


def test_upload_url_points_at_the_stand_in(slack: SlackStandIn, client: WebClient) -> None:
    answer = client.files_getUploadURLExternal(filename="a.txt", length=3)
    assert answer["upload_url"].startswith(slack.url + "/upload/")
    request = urllib.request.Request(answer["upload_url"], data=b"abc", method="POST")
    with urllib.request.urlopen(request, timeout=5) as reply:
        assert reply.status == 200
    done = client.files_completeUploadExternal(files=[{"id": answer["file_id"], "title": "A"}])
    assert done["files"][0]["size"] == 3


def test_completing_a_file_never_uploaded_fails(client: WebClient) -> None:
    answer = client.files_getUploadURLExternal(filename="a.txt", length=3)
    with pytest.raises(SlackApiError) as raised:
        client.files_completeUploadExternal(files=[{"id": answer["file_id"], "title": "A"}])
    assert raised.value.response["error"] == "file_not_found"


def test_sharing_into_an_unknown_channel_fails(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.files_upload_v2(channel="C404", content="x", filename="x.txt")
    assert raised.value.response["error"] == "channel_not_found"


def test_unknown_upload_url_is_404(slack: SlackStandIn) -> None:
    request = urllib.request.Request(slack.url + "/upload/v1/F404", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=5)
    assert raised.value.code == 404
