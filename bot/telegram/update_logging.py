"""Tags the log lines of every update with its update id and user id."""

from __future__ import annotations

from telegram import Update
from telegram.ext import TypeHandler

from bot.logs.formatting import tag_update
from bot.telegram.context import Context


def update_context_handler() -> TypeHandler[Update, Context, None]:
    """A handler, for a group of its own before all others, that tags the logs of every update.

    It stops nothing: the update goes on to the handlers of the next groups. With concurrent
    updates PTB handles each update in a task of its own, so the ids stay with their update.
    Handled one by one, updates share one task: the ids stay set after an update until the
    next one replaces them, so only PTB's DEBUG line announcing the next update carries the
    previous update's ids.
    """

    async def remember_update(update: Update, context: Context) -> None:
        user = update.effective_user
        tag_update(update.update_id, None if user is None else user.id)

    # Blocking, so that the ids are set in the processing task before the next group runs.
    return TypeHandler(Update, remember_update, block=True)
