"""Help, the replies of last resort, and the error handler."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.transfer.import_csv import MAX_HISTORY_SETS, MAX_IMPORT_ROWS
from bot.logs.formatting import exception_kind
from bot.telegram.context import Context
from bot.telegram.handlers.language import speaking
from bot.telegram.i18n import Translator, tr

logger = logging.getLogger(__name__)

R = TypeVar("R")


async def show_help(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    topic = (context.args or [""])[0].lower()
    if topic == "logging":
        await message.reply_text(tr("general.help_logging"))
        return
    await message.reply_text(help_text(await speaking(update, context)))


def help_text(speaks: Translator) -> str:
    return speaks.text(
        "help",
        max_rows=speaks.number(MAX_IMPORT_ROWS),
        max_sets=speaks.number(MAX_HISTORY_SETS),
    )


def replying(key: str, then: R) -> Callable[[Update, Context], Coroutine[Any, Any, R]]:
    """A handler that answers the message with the text of `key` and returns `then` (a
    conversation's next state, or None)."""

    async def reply(update: Update, context: Context) -> R:
        message = update.effective_message
        assert message is not None
        await message.reply_text(tr(key))
        return then

    return reply


nothing_to_cancel = replying("onboarding.nothing_to_cancel", None)
unknown_command = replying("general.unknown_command", None)
not_understood = replying("general.not_understood", None)


async def expired_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(tr("general.menu_expired"), show_alert=True)


async def on_error(update: object, context: Context) -> None:
    """Log the failure and tell the person, rather than leaving them in silence.

    The line names the update and the kind of error, never what the exception says: that can
    quote what the person wrote, and the log handler writes it only at DEBUG.
    """
    error = context.error
    kind = "unknown error" if error is None else exception_kind(error)
    logger.error(
        "Unhandled error while handling an update: %s", kind, exc_info=error, extra=_ids(update)
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await update.effective_chat.send_message(tr("general.internal_error"))
    except Exception:
        logger.warning("Could not send the apology message", exc_info=True)


def _ids(update: object) -> dict[str, int | None]:
    """The update's ids for the log line, in case it failed before they were tagged."""
    if not isinstance(update, Update):
        return {}
    user = update.effective_user
    return {"update_id": update.update_id, "user_id": None if user is None else user.id}


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [CommandHandler("help", show_help), CommandHandler("cancel", nothing_to_cancel)]


def last_resort_handlers() -> list[BaseHandler[Update, Context, None]]:
    """Replies when nothing else handled an update; registered after every other handler."""
    return [
        MessageHandler(filters.COMMAND, unknown_command),
        MessageHandler(filters.UpdateType.MESSAGE, not_understood),
        CallbackQueryHandler(expired_button),
    ]
