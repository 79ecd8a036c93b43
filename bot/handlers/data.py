"""Your data: `/delete_me` (with a confirmation), `/export` and `/import`."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import messages
from bot.handlers.context import Context, identity, service

_ERASE = "erase:confirm"
_KEEP = "erase:cancel"


async def ask_to_delete(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    buttons = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(messages.BUTTON_DELETE_EVERYTHING, callback_data=_ERASE)],
            [InlineKeyboardButton(messages.BUTTON_KEEP_MY_DATA, callback_data=_KEEP)],
        ]
    )
    await message.reply_text(messages.DELETE_CONFIRM, reply_markup=buttons)


async def delete_everything(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    who = identity(update)
    # Conversation states and user data are written to the database once a second: write
    # what is pending now, so that nothing of theirs lands after the erase.
    await context.application.update_persistence()
    await service(context).erase(who)
    context.application.drop_user_data(who.user_id)
    await query.edit_message_text(messages.DELETED)


async def keep_data(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(messages.NOT_DELETED)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("delete_me", ask_to_delete),
        CallbackQueryHandler(delete_everything, pattern=f"^{_ERASE}$"),
        CallbackQueryHandler(keep_data, pattern=f"^{_KEEP}$"),
    ]
