"""The Web API methods the stand-in answers, by family."""

from bot.standin.methods import auth, chat, conversations, files, users, views
from bot.standin.methods.context import Handler, MethodContext

METHODS: dict[str, Handler] = {
    **auth.HANDLERS,
    **users.HANDLERS,
    **conversations.HANDLERS,
    **chat.HANDLERS,
    **views.HANDLERS,
    **files.HANDLERS,
}

__all__ = ["METHODS", "Handler", "MethodContext"]
