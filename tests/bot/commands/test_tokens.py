from bot.commands.tokens import tokenize, unquote


def texts(source: str) -> list[str]:
    return [token.text for token in tokenize(source)]


def test_whitespace_of_any_kind_separates_tokens() -> None:
    assert texts("  update\tT-12 \n at-risk\u00a040% ") == ["update", "T-12", "at-risk", "40%"]


def test_empty_and_blank_text_have_no_tokens() -> None:
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []


def test_straight_quotes_group_words() -> None:
    tokens = tokenize('add "Launch the page" owner:@m')
    assert [token.text for token in tokens] == ["add", "Launch the page", "owner:@m"]
    assert tokens[1].quoted
    assert not tokens[0].quoted


def test_curly_and_mixed_quotes_group_words() -> None:
    assert texts("“Launch the page” x") == ["Launch the page", "x"]
    assert texts("„Seite starten“ x") == ["Seite starten", "x"]
    assert texts("«Lancer la page» x") == ["Lancer la page", "x"]
    assert texts('“Launch the page" x') == ["Launch the page", "x"]


def test_curly_quotes_inside_straight_ones_are_kept() -> None:
    assert texts('"Launch “Atlas” now"') == ["Launch “Atlas” now"]


def test_apostrophes_are_not_quotes() -> None:
    assert texts("don't stop") == ["don't", "stop"]


def test_quotes_inside_a_word_join_it() -> None:
    assert texts('how:"call every vendor" next') == ["how:call every vendor", "next"]


def test_an_unclosed_quote_runs_to_the_end_and_is_flagged() -> None:
    tokens = tokenize('add "Launch page owner:@m')
    assert tokens[-1].text == "Launch page owner:@m"
    assert tokens[-1].unterminated


def test_slack_markup_stays_whole_even_with_spaces() -> None:
    assert texts("assign T-1 <@U123|bob smith> now") == [
        "assign",
        "T-1",
        "<@U123|bob smith>",
        "now",
    ]
    assert texts("owner:<@U1|a b>") == ["owner:<@U1|a b>"]


def test_a_lone_angle_bracket_is_an_ordinary_character() -> None:
    assert texts("a <b c") == ["a", "<b", "c"]


def test_entities_are_decoded_in_text_but_not_raw() -> None:
    token = tokenize("R&amp;D&lt;3")[0]
    assert token.text == "R&D<3"
    assert token.raw == "R&amp;D&lt;3"


def test_positions_point_into_the_source() -> None:
    source = 'update  "a b"  c'
    for token in tokenize(source):
        assert source[token.start : token.end] == token.raw


def test_unquote_reads_an_option_value() -> None:
    assert unquote('"a b"').text == "a b"
    assert unquote('"a b"').quoted
    assert unquote("").text == ""
