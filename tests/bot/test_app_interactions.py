"""Forms, buttons and App Home through the real app and the Slack stand-in."""

from slack_sdk import WebClient
from sqlmodel import Session, select

from bot.handlers.lookups import line_for
from bot.local import LocalBot
from bot.views import actions as ids
from bot.views.models import PersonRef
from bot.views.prompts import render_checkin_prompt
from storage.enums import Acceptance, Source, Status
from storage.models import Person, ProgressUpdate, Task
from tests.bot.conftest import ADMIN, OWNER, seed_task


def updates(bot: LocalBot) -> list[ProgressUpdate]:
    with Session(bot.runtime.services.engine) as session:
        return list(session.exec(select(ProgressUpdate)).all())


def open_form(bot: LocalBot, text: str) -> dict:
    reply = bot.driver.slash_command(user_id=OWNER, text=text)
    assert reply.status == 200
    bot.slack.wait_for_calls("views.open")
    modals = bot.slack.open_modals(OWNER)
    assert len(modals) == 1
    return modals[0]


def test_the_update_form_records_progress(local_bot: LocalBot) -> None:
    task = seed_task(local_bot)
    form = open_form(local_bot, f"update {task.ref}")
    assert form["callback_id"] == ids.UPDATE_TASK_CALLBACK
    reply = local_bot.driver.submit_view(
        user_id=OWNER,
        view_id=form["id"],
        values={"task": str(task.id), "status": "on-track", "percent": "60"},
    )
    assert reply.status == 200
    assert local_bot.slack.open_modals(OWNER) == []
    [update] = updates(local_bot)
    assert (update.status, update.percent, update.source) == (Status.ON_TRACK, 60, Source.MODAL)
    local_bot.slack.wait_for_calls("chat.postEphemeral")


def test_form_errors_come_back_on_the_fields(local_bot: LocalBot) -> None:
    task = seed_task(local_bot)
    form = open_form(local_bot, f"update {task.ref}")
    reply = local_bot.driver.submit_view(
        user_id=OWNER,
        view_id=form["id"],
        values={"task": str(task.id), "status": "on-track", "blocker_reason": "legal"},
    )
    body = reply.json()
    assert body["response_action"] == "errors"
    assert "blocker_reason" in body["errors"]
    assert updates(local_bot) == []
    assert len(local_bot.slack.open_modals(OWNER)) == 1


def test_update_with_no_status_and_no_tasks_says_so(local_bot: LocalBot) -> None:
    reply = local_bot.driver.slash_command(user_id=OWNER, text="update")
    assert "no open tasks" in reply.json()["text"]
    assert local_bot.slack.calls("views.open") == []


def post_prompt(bot: LocalBot) -> tuple[str, str, int]:
    """A check-in prompt in OWNER's DM, as the sweeps will send it."""
    task = seed_task(bot)
    assert task.id is not None
    with Session(bot.runtime.services.engine) as session:
        line = line_for(session, task)
    prompt = render_checkin_prompt(
        owner=PersonRef(name="Olu", slack_id=OWNER),
        tasks=[line],
        period="2026-11",
        today=bot.clock.now().date(),
    )
    client = WebClient(token=bot.slack.token, base_url=bot.slack.api_url)
    posted = client.chat_postMessage(channel=OWNER, **prompt.to_dict())
    return str(posted["channel"]), str(posted["ts"]), task.id


def test_a_quick_status_button_records_and_replaces_the_buttons(local_bot: LocalBot) -> None:
    channel, ts, task_id = post_prompt(local_bot)
    reply = local_bot.driver.click(
        user_id=OWNER,
        channel_id=channel,
        message_ts=ts,
        action_id=ids.quick_status_action_id(Status.AT_RISK),
    )
    assert reply.status == 200
    local_bot.slack.wait_for_response_posts(reply.response_url)
    [update] = updates(local_bot)
    assert (update.task_id, update.status, update.source) == (
        task_id,
        Status.AT_RISK,
        Source.BUTTON,
    )
    assert update.period == "2026-11"
    [message] = local_bot.slack.messages_to(channel)
    text = str(message["blocks"])
    assert "marked" in text
    assert ids.quick_status_action_id(Status.ON_TRACK) not in text


def test_someone_else_pressing_the_button_is_refused(local_bot: LocalBot) -> None:
    channel, ts, _ = post_prompt(local_bot)
    local_bot.slack.add_user(id="UOTHER", name="otto")
    reply = local_bot.driver.click(
        user_id="UOTHER",
        channel_id=channel,
        message_ts=ts,
        action_id=ids.quick_status_action_id(Status.DONE),
    )
    [post] = local_bot.slack.wait_for_response_posts(reply.response_url)
    assert "Only its owner" in str(post)
    assert updates(local_bot) == []


def test_app_home_shows_my_tasks_and_the_plan_to_admins(local_bot: LocalBot) -> None:
    task = seed_task(local_bot)
    local_bot.driver.app_home_opened(user_id=OWNER)
    local_bot.slack.wait_for_calls("views.publish")
    home = local_bot.slack.home_view(OWNER)
    assert home is not None
    assert task.title in str(home)
    local_bot.driver.app_home_opened(user_id=ADMIN)
    local_bot.slack.wait_for_calls("views.publish", count=2)
    admin_home = str(local_bot.slack.home_view(ADMIN))
    assert "FY2027" in admin_home


def test_a_retried_event_acts_once(local_bot: LocalBot) -> None:
    seed_task(local_bot)
    first = local_bot.driver.app_home_opened(user_id=OWNER, event_id="Ev1")
    again = local_bot.driver.app_home_opened(user_id=OWNER, event_id="Ev1", retry_num=1)
    assert (first.status, again.status) == (200, 200)
    local_bot.slack.wait_for_calls("views.publish")
    assert len(local_bot.slack.calls("views.publish")) == 1


def test_a_new_owner_accepts_through_the_assignment_message(local_bot: LocalBot) -> None:
    task = seed_task(local_bot)
    local_bot.slack.add_user(id="UNEW", name="nia", tz="Asia/Tokyo")
    reply = local_bot.driver.slash_command(user_id=ADMIN, text=f"assign {task.ref} <@UNEW|nia>")
    assert "T-1" in reply.json()["text"]
    report = local_bot.deliver()
    assert report.sent == 1
    [dm] = local_bot.slack.messages_to("UNEW")
    assert ids.ACCEPT_TASK in str(dm["blocks"])
    click = local_bot.driver.click(
        user_id="UNEW",
        channel_id=local_bot.slack.dm_channel("UNEW"),
        message_ts=dm["ts"],
        action_id=ids.ACCEPT_TASK,
    )
    local_bot.slack.wait_for_response_posts(click.response_url)
    [dm] = local_bot.slack.messages_to("UNEW")
    assert ids.ACCEPT_TASK not in str(dm["blocks"])
    with Session(local_bot.runtime.services.engine) as session:
        accepted = session.get(Task, task.id)
        assert accepted is not None
        assert accepted.acceptance == Acceptance.ACCEPTED


def test_a_blocker_reaches_the_owners_manager(local_bot: LocalBot) -> None:
    task = seed_task(local_bot)
    local_bot.slack.add_user(id="UBOSS", name="bo", tz="Europe/Paris")
    local_bot.driver.slash_command(user_id="UBOSS", text="mine")
    with Session(local_bot.runtime.services.engine) as session:
        boss = session.exec(select(Person).where(Person.slack_user_id == "UBOSS")).one()
        owner = session.exec(select(Person).where(Person.slack_user_id == OWNER)).one()
        owner.manager_id = boss.id
        session.add(owner)
        session.commit()
    reply = local_bot.driver.slash_command(
        user_id=OWNER, text=f"block {task.ref} need legal sign-off"
    )
    assert "Your manager <@UBOSS> has been told" in str(reply.json()["blocks"])
    assert local_bot.deliver().sent == 1
    [alert] = local_bot.slack.messages_to("UBOSS")
    assert "need legal sign-off" in alert["text"]
