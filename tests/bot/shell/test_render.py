"""Block Kit as a terminal shows it."""

from typing import Any

from bot.shell.render import (
    Names,
    Rendered,
    framed,
    mrkdwn_to_text,
    render_blocks,
    render_message,
    render_view,
)

NAMES = Names(users={"ULENA": "lena", "UJAMES": "james"}, channels={"C0GROWTH": "growth"})


def button(text: str, action_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        **extra,
    }


def test_mentions_links_emoji_and_entities_read_plainly() -> None:
    text = (
        ":large_yellow_circle: *T-1* for <@ULENA> in <#C0GROWTH|growth>: "
        "<https://example.com/doc|the brief> &amp; <https://example.com> &lt;3 _soon_ <!here>"
    )
    assert mrkdwn_to_text(text, names=NAMES) == (
        "🟡 T-1 for @lena in #growth: the brief (https://example.com/doc) & https://example.com "
        "<3 soon @here"
    )


def test_unknown_ids_fall_back_to_their_label_then_the_id() -> None:
    assert mrkdwn_to_text("<@UX|sam> <@UY> <#C9|ops> <#C8>", names=NAMES) == "@sam @UY #ops #C8"


def test_unknown_emoji_codes_and_clock_times_are_left_alone() -> None:
    assert mrkdwn_to_text("at 10:30:00 :not_an_emoji: 5 * 3 * 2") == (
        "at 10:30:00 :not_an_emoji: 5 * 3 * 2"
    )


def test_header_section_fields_context_and_divider() -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Your open tasks (2)"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*T-1* Launch\n:white_circle: No update yet"},
            "fields": [{"type": "mrkdwn", "text": "*Owner*\n<@ULENA>"}],
        },
        {"type": "divider"},
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": ":calendar: Next check-in"},
                {"type": "image", "image_url": "x", "alt_text": "chart"},
            ],
        },
    ]
    rendered = render_blocks(blocks, names=NAMES)
    assert rendered.lines == (
        "Your open tasks (2)",
        "═══════════════════",
        "T-1 Launch",
        "⚪ No update yet",
        "  Owner: @lena",
        "─" * 40,
        "  📅 Next check-in  (chart)",
    )
    assert rendered.actions == ()


def test_buttons_are_numbered_actions_across_blocks() -> None:
    blocks = [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*T-1* Launch"},
            "accessory": button("Update…", "open_update_form"),
        },
        {
            "type": "actions",
            "elements": [
                button("On track", "quick_status:on-track"),
                button("At risk", "quick_status:at-risk"),
                {
                    "type": "static_select",
                    "action_id": "pick",
                    "placeholder": {"type": "plain_text", "text": "Status"},
                    "options": [{"text": {"type": "plain_text", "text": "Done"}, "value": "done"}],
                },
            ],
        },
    ]
    rendered = render_blocks(blocks, names=NAMES, first=4)
    assert rendered.lines == (
        "T-1 Launch",
        "  [4] Update…",
        "[5] On track  [6] At risk  [7] Status (static select: done)",
    )
    assert [(a.number, a.action_id, a.needs_value) for a in rendered.actions] == [
        (4, "open_update_form", False),
        (5, "quick_status:on-track", False),
        (6, "quick_status:at-risk", False),
        (7, "pick", True),
    ]
    assert rendered.actions[3].choices == ("done",)


def test_a_message_without_blocks_shows_its_text() -> None:
    rendered = render_message({"text": "Hello <@ULENA>\nsecond line"}, names=NAMES)
    assert rendered == Rendered(lines=("Hello @lena", "second line"))


def test_unknown_blocks_are_named_rather_than_dropped() -> None:
    rendered = render_blocks(
        [{"type": "video", "title": "x"}, {"type": "image", "alt_text": "map"}]
    )
    assert rendered.lines == ("(video block)", "(image: map)")


def test_a_modal_reads_as_a_form_with_its_fields() -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Update a task"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "section",
                "block_id": "intro",
                "text": {"type": "mrkdwn", "text": "For *T-1*"},
            },
            {
                "type": "input",
                "block_id": "status",
                "label": {"type": "plain_text", "text": "Status"},
                "element": {
                    "type": "radio_buttons",
                    "action_id": "value",
                    "options": [
                        {
                            "text": {"type": "plain_text", "text": ":large_green_circle: On track"},
                            "value": "on-track",
                        },
                        {
                            "text": {"type": "plain_text", "text": ":red_circle: Off track"},
                            "value": "off-track",
                        },
                    ],
                    "initial_option": {
                        "text": {"type": "plain_text", "text": "Off track"},
                        "value": "off-track",
                    },
                },
            },
            {
                "type": "input",
                "block_id": "percent",
                "optional": True,
                "label": {"type": "plain_text", "text": "Percent complete"},
                "hint": {"type": "plain_text", "text": "0 to 100"},
                "element": {
                    "type": "number_input",
                    "action_id": "value",
                    "is_decimal_allowed": False,
                    "min_value": "0",
                    "max_value": "100",
                },
            },
        ],
    }
    rendered = render_view(view, names=NAMES)
    assert rendered.lines == (
        "For T-1",
        "• status — Status (required, one of)",
        "    on-track (🟢 On track), off-track (🔴 Off track)",
        "    now: off-track",
        "• percent — Percent complete (optional, a whole number, 0 to 100)",
        "    0 to 100",
        "→ :submit field=value … to Save; :close to Cancel",
    )


def test_a_modal_without_submit_only_closes() -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Task"},
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "Details"}},
            {"type": "actions", "elements": [button("Message owner", "message_owner")]},
        ],
    }
    rendered = render_view(view)
    assert rendered.lines == ("Details", "[1] Message owner", "→ :close to Close")
    assert rendered.actions[0].action_id == "message_owner"


def test_the_app_home_is_its_blocks() -> None:
    home = {
        "type": "home",
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "Hi"},
                "accessory": button("Refresh", "refresh"),
            }
        ],
    }
    rendered = render_view(home, first=3)
    assert rendered.lines == ("Hi", "  [3] Refresh")


def test_framed_output_has_a_title_and_wraps_long_lines_under_their_indent() -> None:
    body = Rendered(lines=("short", "", "word " * 30))
    text = framed("pillar → #growth", body, width=40)
    lines = text.splitlines()
    assert lines[0].startswith("── pillar → #growth ")
    assert lines[1:3] == ["  short", ""]
    assert all(len(line) <= 40 for line in lines[3:])
    assert all(line.startswith("    word") for line in lines[4:])
