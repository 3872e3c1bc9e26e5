from bot.commands.text import ECHO_LIMIT, clean_input, decode_entities, echo, fold, one_line


def test_clean_input_removes_invisible_characters_and_unifies_newlines() -> None:
    assert clean_input("a\x00b\u200bc\r\nd\re\x1bf") == "abc\nd\nef"


def test_clean_input_keeps_tabs_newlines_and_unicode() -> None:
    assert clean_input("Straße\tnaïve\n😀") == "Straße\tnaïve\n😀"


def test_clean_input_removes_lone_surrogates() -> None:
    assert clean_input("a\ud800b") == "ab"


def test_decode_entities_is_one_pass() -> None:
    assert decode_entities("a &amp; b &lt;c&gt;") == "a & b <c>"
    assert decode_entities("&amp;lt;") == "&lt;"


def test_fold_lowers_case_and_plain_dashes() -> None:
    assert fold("On\u2013Track") == "on-track"
    assert fold("T\u201412") == "t-12"


def test_one_line_collapses_whitespace() -> None:
    assert one_line("  a \n\n b\tc ") == "a b c"


def test_echo_shortens_and_neutralises_backticks() -> None:
    assert echo("a`b") == "`a'b`"
    long = echo("x" * 100)
    assert len(long) == ECHO_LIMIT + 2
    assert long.endswith("…`")
    assert echo("   ") == "nothing"
