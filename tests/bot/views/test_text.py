import pytest

from bot.views.text import ELLIPSIS, ellipsize, escape, escape_within, one_line, plain, split_mrkdwn


def test_escape_neutralises_slack_control_characters() -> None:
    assert escape("<!channel> R&D > sales") == "&lt;!channel&gt; R&amp;D &gt; sales"


def test_ellipsize_keeps_short_text_and_cuts_long_text_to_the_limit() -> None:
    assert ellipsize("short", 10) == "short"
    cut = ellipsize("x" * 300, 75)
    assert len(cut) == 75
    assert cut.endswith(ELLIPSIS)


def test_ellipsize_rejects_a_limit_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ellipsize("text", 0)


def test_escape_within_never_cuts_an_entity_in_half() -> None:
    for limit in range(2, 40):
        result = escape_within("&" * 50, limit)
        assert len(result) <= limit
        body = result.removesuffix(ELLIPSIS)
        assert body == "&amp;" * (len(body) // 5)


def test_escape_within_leaves_fitting_text_whole() -> None:
    assert escape_within("a < b", 100) == "a &lt; b"


def test_one_line_and_plain_collapse_whitespace() -> None:
    assert one_line("  first\n\nsecond\tthird ") == "first second third"
    assert plain("\n\n", 10) == "-"
    assert plain("a" * 100, 75) == "a" * 74 + ELLIPSIS


def test_split_mrkdwn_returns_short_text_as_one_chunk() -> None:
    assert split_mrkdwn("*Usage*\n`/pillar mine`") == ["*Usage*\n`/pillar mine`"]
    assert split_mrkdwn("") == []


def test_split_mrkdwn_prefers_paragraph_breaks_and_respects_the_limit() -> None:
    paragraphs = [f"Paragraph {number}: " + "word " * 100 for number in range(30)]
    chunks = split_mrkdwn("\n\n".join(paragraphs), limit=3000)
    assert len(chunks) > 1
    assert all(len(chunk) <= 3000 for chunk in chunks)
    assert all(chunk.startswith("Paragraph") for chunk in chunks)
    assert "".join(chunks).count("Paragraph") == 30


def test_split_mrkdwn_cuts_unbroken_text_hard() -> None:
    chunks = split_mrkdwn("x" * 7000, limit=3000)
    assert all(len(chunk) <= 3000 for chunk in chunks)
    assert "".join(chunks) == "x" * 7000


def test_split_mrkdwn_closes_and_reopens_a_code_block_it_cuts() -> None:
    code = "\n".join(f"/pillar update T-{number} on-track" for number in range(300))
    chunks = split_mrkdwn(f"Examples:\n```\n{code}\n```\nDone.", limit=1000)
    assert len(chunks) > 2
    for chunk in chunks:
        assert len(chunk) <= 1000
        assert chunk.count("```") % 2 == 0
    assert chunks[1].startswith("```\n")
    assert chunks[-1].endswith("Done.")


def test_split_mrkdwn_rejects_a_tiny_limit() -> None:
    with pytest.raises(ValueError, match="limit"):
        split_mrkdwn("text", limit=5)
