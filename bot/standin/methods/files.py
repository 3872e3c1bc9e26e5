"""files.getUploadURLExternal, the upload URL itself, and files.completeUploadExternal."""

from typing import Any

from bot.standin.errors import SlackError, invalid_arguments
from bot.standin.methods.chat import post_bot_message
from bot.standin.methods.context import Handler, MethodContext
from bot.standin.models import FakeFile
from bot.standin.params import int_arg, json_arg, required_text, text_arg
from bot.standin.state import SlackState

UPLOAD_PATH = "/upload/v1/"


def files_get_upload_url_external(ctx: MethodContext) -> dict[str, Any]:
    filename = required_text(ctx.params, "filename")
    length = int_arg(ctx.params, "length", default=-1)
    if length < 0:
        raise invalid_arguments("[ERROR] missing required field: length")
    file = FakeFile(id=ctx.state.new_id("F"), filename=filename, length=length)
    ctx.state.files[file.id] = file
    return {"upload_url": f"{ctx.base_url}{UPLOAD_PATH}{file.id}", "file_id": file.id}


def receive_upload(state: SlackState, *, file_id: str, content: bytes) -> bool:
    """Keep the bytes posted to a file's upload URL; False for a URL never handed out."""
    with state.lock:
        file = state.files.get(file_id)
        if file is None:
            return False
        file.content = content
        return True


def files_complete_upload_external(ctx: MethodContext) -> dict[str, Any]:
    entries = json_arg(ctx.params, "files")
    if not isinstance(entries, list) or not entries:
        raise invalid_arguments("[ERROR] files must be a non-empty array of {id, title}")
    files = [_uploaded_file(ctx, entry) for entry in entries]
    channel_ids = _target_channels(ctx)
    for file in files:
        file.completed = True
        file.channels.extend(channel_ids)
    for channel_id in channel_ids:
        channel = ctx.state.channel(channel_id)
        content: dict[str, Any] = {
            "text": text_arg(ctx.params, "initial_comment") or "",
            "files": [f.to_slack() for f in files],
            "upload": True,
        }
        thread_ts = text_arg(ctx.params, "thread_ts")
        if thread_ts is not None:
            content["thread_ts"] = thread_ts
        post_bot_message(ctx.state, workspace=ctx.workspace, channel=channel, content=content)
    return {"files": [f.to_slack() for f in files]}


def _uploaded_file(ctx: MethodContext, entry: Any) -> FakeFile:
    file_id = entry.get("id") if isinstance(entry, dict) else None
    file = ctx.state.files.get(str(file_id))
    if file is None or file.content is None:
        raise SlackError("file_not_found")
    if isinstance(entry, dict) and entry.get("title"):
        file.title = str(entry["title"])
    return file


def _target_channels(ctx: MethodContext) -> list[str]:
    single = text_arg(ctx.params, "channel_id")
    several = text_arg(ctx.params, "channels")
    wanted = [single] if single else []
    wanted += [c.strip() for c in (several or "").split(",") if c.strip()]
    # Resolve first so that an unknown channel fails the call before anything is shared.
    return [ctx.state.channel(c).id for c in wanted]


HANDLERS: dict[str, Handler] = {
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}
