"""Whatever a person types, the app answers over HTTP and never fails with a 5xx."""

import random
import string
import time

from bot.commands import COMMAND_WORDS
from bot.local import LocalBot
from bot.standin.driver import AppResponse
from tests.bot.conftest import ADMIN, OWNER, seed_task

WORDS = [
    *COMMAND_WORDS,
    "T-1",
    "t1",
    "1",
    "G-1",
    "on-track",
    "at-risk",
    "off-track",
    "blocked",
    "40%",
    "140%",
    "value:3",
    "spent:-1",
    "owner:<@UOWNER|olu>",
    "<@U123>",
    "<#C1|growth>",
    "#x",
    "@bob",
    "due:2026-12-24",
    "due:31.02.2026",
    "tomorrow",
    "off",
    '"quoted title',
    "“curly”",
    "from:2026-01-01",
    "to:2025-01-01",
    "remind:14d,3d",
    "day:first-business",
    "time:02:30",
    "\u0000",
    "😀",
    "&lt;",
    "<script>",
    "x" * 400,
]


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.2:
        alphabet = string.printable + "äß€😀\u200b"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 7)))


def answer_of(bot: LocalBot, reply: AppResponse, forms_before: int) -> str:
    """What the person saw: the acknowledgement, a late answer, or an opened form."""
    if reply.body:
        return str(reply.json().get("text", ""))
    # An empty acknowledgement: a form opens, or the answer follows on the response_url.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if len(bot.slack.calls("views.open")) > forms_before:
            return "(a form opened)"
        posts = bot.slack.response_posts(reply.response_url)
        if posts:
            return str(posts[-1])
        time.sleep(0.01)
    return ""


def test_a_thousand_random_commands_all_get_an_answer(local_bot: LocalBot) -> None:
    seed_task(local_bot)
    rng = random.Random(20261123)
    for number in range(1000):
        text = random_text(rng)
        forms_before = len(local_bot.slack.calls("views.open"))
        reply = local_bot.driver.slash_command(user_id=(OWNER, ADMIN)[number % 2], text=text)
        assert reply.status == 200, (text, reply.status, reply.body)
        answer = answer_of(local_bot, reply, forms_before)
        assert answer.strip(), text
        assert "went wrong on our side" not in answer, (text, answer)
