"""The session against the real bot and the stand-in: what the person sees after each
action, buttons pressed, forms submitted, the clock moved, people switched."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlmodel import Session

from bot.local import LocalBot
from bot.shell.commands import read_line
from bot.shell.delivery import outbox_pump
from bot.shell.session import ShellSession
from storage import outbox

ADMIN = "UADMIN"  # added by the local_bot fixture as @ada, Europe/Berlin
PRESS = "shell_test_press"
FORM = "shell_test_form"


def press_button_message() -> dict[str, Any]:
    return {
        "text": "Time to check in",
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*Time to check in*, <@{ADMIN}>"},
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Press"},
                        "action_id": PRESS,
                        "value": "pressed",
                    },
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Explain"},
                        "action_id": "shell_test_explain",
                        "value": "why",
                    },
                ],
            },
        ],
    }


def reason_form() -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": FORM,
        "title": {"type": "plain_text", "text": "Explain"},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": "Why?"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            }
        ],
    }


def add_test_listeners(bot: LocalBot) -> list[str]:
    """Listeners of a made-up feature, so the test does not depend on Pillar's own."""
    reasons: list[str] = []
    app = bot.runtime.app

    @app.action(PRESS)
    def _press(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        text = f"Pressed by <@{body['user']['id']}>"
        section = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
        respond(text=text, blocks=[section], replace_original=True)

    @app.action("shell_test_explain")
    def _explain(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=reason_form())

    @app.view(FORM)
    def _submitted(ack: Ack, view: dict[str, Any]) -> None:
        reason = view["state"]["values"]["reason"]["text"]["value"] or ""
        if len(reason) < 5:
            ack(response_action="errors", errors={"reason": "Say a little more"})
            return
        reasons.append(reason)
        ack()

    return reasons


@pytest.fixture
def shell(local_bot: LocalBot) -> tuple[ShellSession, list[str]]:
    output: list[str] = []
    session = ShellSession(
        bot=local_bot, me=ADMIN, write=output.append, pump=outbox_pump(local_bot), quiet=0.15
    )
    return session, output


def run(session: ShellSession, output: list[str], line: str) -> str:
    """Type ``line``; what the shell printed for it."""
    output.clear()
    assert session.handle(read_line(line)) is True
    return "\n".join(output)


def post_as_the_bot(bot: LocalBot, *, channel: str, **message: Any) -> None:
    WebClient(token=bot.slack.token, base_url=bot.slack.api_url).chat_postMessage(
        channel=channel, **message
    )


def test_the_acknowledgement_is_shown_only_to_the_person(
    shell: tuple[ShellSession, list[str]],
) -> None:
    session, output = shell
    shown = run(session, output, "/pillar help")
    assert shown.splitlines()[0].startswith("── pillar → you, only you can see this ─")
    assert "• `/pillar mine` — your open tasks" in shown
    assert "Did you mean" in run(session, output, "/pillar udpate T-1 done")


def test_advancing_with_no_scheduled_work_says_so(shell: tuple[ShellSession, list[str]]) -> None:
    session, output = shell
    before = session.bot.clock.now()
    shown = run(session, output, ":advance 3d")
    assert session.bot.clock.now() == before + timedelta(days=3)
    assert "The clock moved forward 3 days: Thu 26 Nov 2026, 10:00 CET (Europe/Berlin)." in shown
    assert "(no scheduled work yet)" in shown


def test_what_a_hook_sends_after_advancing_is_shown_and_its_buttons_work(
    shell: tuple[ShellSession, list[str]],
) -> None:
    session, output = shell
    bot = session.bot
    add_test_listeners(bot)
    times: list[datetime] = []

    def sweep(now: datetime) -> None:
        times.append(now)
        if len(times) == 3:
            post_as_the_bot(bot, channel=ADMIN, **press_button_message())

    session.after_advance.append(sweep)
    start = bot.clock.now()
    shown = run(session, output, ":advance 2h")
    # Time moves in quarter hours, the sweeps running at each step.
    assert times == [start + timedelta(minutes=15 * step) for step in range(1, 9)]
    assert f"── {session._local(times[2])} ──" in shown
    assert "(no scheduled work yet)" not in shown
    assert "── pillar → DM to you " in shown
    assert "Time to check in, @ada" in shown
    assert "[1] Press  [2] Explain" in shown

    pressed = run(session, output, ":click 1")
    assert "pillar → DM to you (updated)" in pressed
    assert "Pressed by @ada" in pressed
    assert "There is no [7]: the last actions shown are [1] to [2]" in run(
        session, output, ":click 7"
    )


def test_a_form_opened_by_a_button_is_filled_in_and_submitted(
    shell: tuple[ShellSession, list[str]],
) -> None:
    session, output = shell
    bot = session.bot
    reasons = add_test_listeners(bot)
    session.after_advance.append(
        lambda _now: post_as_the_bot(bot, channel=ADMIN, **press_button_message())
    )
    run(session, output, ":advance 15m")
    form = run(session, output, ":click 2")
    assert "── form for you: Explain " in form
    assert "• reason — Why? (required, text)" in form
    assert "→ :submit field=value … to Send; :close to Close" in form

    assert "Why? is required: add reason=…" in run(session, output, ":submit")
    refused = run(session, output, ':submit reason="no"')
    assert (
        "The form was not accepted; fix these and :submit again:\n  reason: Say a little more"
        in (refused)
    )
    assert bot.slack.open_modals(ADMIN), "a refused form stays open"
    done = run(session, output, ':submit reason="the vendor is late"')
    assert "(the form “Explain” closed)" in done
    assert reasons == ["the vendor is late"]
    assert bot.slack.open_modals(ADMIN) == []
    assert "No form is open for you" in run(session, output, ":submit reason=again")


def test_the_outbox_is_delivered_so_dms_to_others_appear(
    shell: tuple[ShellSession, list[str]],
) -> None:
    session, output = shell
    bot = session.bot
    bot.slack.add_user(id="UBEA", name="bea", tz="Asia/Tokyo")

    def owe_a_dm(now: datetime) -> None:
        with Session(bot.runtime.services.engine) as db:
            outbox.enqueue(
                session=db,
                workspace_id=bot.slack.default_workspace.team_id,
                dedupe_key="shell-test:1",
                kind="nudge",
                channel="UBEA",
                text="Bea, your check-in is due",
                now=now,
            )
            db.commit()

    session.after_advance.append(owe_a_dm)
    shown = run(session, output, ":advance 1d")
    assert "── pillar → DM to @bea " in shown
    assert "Bea, your check-in is due" in shown


def test_buttons_only_someone_else_sees_are_refused(shell: tuple[ShellSession, list[str]]) -> None:
    session, output = shell
    bot = session.bot
    add_test_listeners(bot)
    bot.slack.add_user(id="UBEA", name="bea")
    session.after_advance.append(
        lambda _now: post_as_the_bot(bot, channel="UBEA", **press_button_message())
    )
    assert "── pillar → DM to @bea " in run(session, output, ":advance 1h")
    assert "[1] is on something only @bea sees: :as @bea first" in run(session, output, ":click 1")
    run(session, output, ":as @bea")
    assert "Pressed by @bea" in run(session, output, ":click 1")


def test_switching_people_and_listing_them(shell: tuple[ShellSession, list[str]]) -> None:
    session, output = shell
    shown = run(session, output, ":as @kai Asia/Tokyo")
    assert shown == (
        "@kai is new here (Asia/Tokyo); Pillar meets them at their first command. You are now @kai."
    )
    assert session.prompt == "@kai> "
    assert "It is Mon 23 Nov 2026, 18:00 JST (Asia/Tokyo) for @kai; 09:00 UTC." in run(
        session, output, ":time"
    )
    run(session, output, "/pillar mine")  # the bot meets kai
    people = run(session, output, ":people").splitlines()
    assert any(line.startswith("  @ada ") and "not yet known to the bot" in line for line in people)
    assert any(line.startswith("→ @kai ") and "member" in line for line in people)
    assert run(session, output, ":as @ada") == "You are now @ada (Ada Admin, admin, Europe/Berlin)."


def test_bad_input_never_raises(shell: tuple[ShellSession, list[str]]) -> None:
    session, output = shell
    for line in [":click 1", ":close", ":home", "/pillar", "???", ":submit a=b"]:
        assert run(session, output, line)
    assert session.handle(read_line(":quit")) is False


def test_what_the_bot_sends_late_is_shown_with_the_next_action(
    shell: tuple[ShellSession, list[str]],
) -> None:
    session, output = shell
    post_as_the_bot(session.bot, channel=ADMIN, text="A slow answer, finally")
    assert "slow answer" not in run(session, output, ":time")
    shown = run(session, output, "/pillar help")
    assert shown.index("A slow answer, finally") < shown.index("/pillar mine")
    assert "slow answer" not in run(session, output, "/pillar help")
