"""Your data: `/delete_me` (with a confirmation), `/export` and `/import`."""

from __future__ import annotations

from telegram import BotCommandScopeChat, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.core.plan_json import plan_to_dict
from bot.core.transfer.import_csv import MAX_IMPORT_BYTES, HistoryFull, Imported, ImportFailure
from bot.telegram import messages
from bot.telegram.callbacks import EraseEverything, KeepData
from bot.telegram.context import Context, identity
from bot.telegram.downloads import download_at_most
from bot.telegram.handlers.keyboards import button
from bot.telegram.handlers.wiring import Setup, on_button, with_setup
from bot.telegram.i18n import tr


async def ask_to_delete(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    buttons = InlineKeyboardMarkup(
        [
            [button(tr("data.button_delete_everything"), EraseEverything())],
            [button(tr("data.button_keep_my_data"), KeepData())],
        ]
    )
    await message.reply_text(tr("data.delete_confirm"), reply_markup=buttons)


async def delete_everything(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    who = identity(update)
    await context.services.coach.erase(who)
    context.services.forget(who.user_id)
    # Not PTB's `drop_user_data`: that leaves the deletion to PTB's next periodic write, up
    # to a second later, when the person may have started over and answered questions.
    # Emptied here, the data is written (as no row, as erased) when this update ends.
    assert context.user_data is not None
    context.user_data.clear()
    await query.edit_message_text(tr("data.deleted"))
    # The `/` menu /language set for this chat goes too: back to the app language's.
    await context.bot.delete_my_commands(scope=BotCommandScopeChat(who.chat_id))


async def keep_data(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(tr("data.not_deleted"))


@with_setup
async def export(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    profile = setup.profile
    user_id = identity(update).user_id
    progress = context.services.progress
    if (context.args or [""])[0].lower() == "json":
        # The stored plan: a session moved this week or a trip is not the person's plan.
        plan = await context.services.coach.current_plan(user_id)
        assert plan is not None, "with_setup found it"
        async with progress.export_json(user_id, profile, plan_to_dict(plan)) as account:
            await message.reply_document(
                account.path, filename=account.filename, caption=tr("data.export_json_caption")
            )
        return
    if not await progress.has_history(user_id):
        await message.reply_text(tr("data.export_empty"))
        return
    caption = tr("data.export_caption", unit=profile.units.value)
    async with progress.export_csv(user_id, profile) as history:
        await message.reply_document(history.path, filename=history.filename, caption=caption)


async def ask_for_file(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(tr("data.import_ask"))


def _is_csv(name: str, mime_type: str) -> bool:
    return name.lower().endswith(".csv") or mime_type in {"text/csv", "text/comma-separated-values"}


@with_setup
async def import_file(update: Update, context: Context, setup: Setup) -> None:
    """A document sent to the bot: a Strong or Hevy export to add to the history."""
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    profile = setup.profile
    if not _is_csv(document.file_name or "", document.mime_type or ""):
        await message.reply_text(tr("data.import_not_csv"))
        return
    # The declared size spares an honest big file's download; the download itself stops
    # at the limit whatever was declared.
    if (document.file_size or 0) > MAX_IMPORT_BYTES:
        await message.reply_text(tr("data.import_too_big"))
        return
    data = await download_at_most(await document.get_file(), MAX_IMPORT_BYTES)
    if data is None:
        await message.reply_text(tr("data.import_too_big"))
        return
    outcome = await context.services.progress.import_csv(identity(update).user_id, profile, data)
    await message.reply_text(_import_reply(outcome), do_quote=True)


def _import_reply(outcome: Imported | ImportFailure | HistoryFull) -> str:
    if isinstance(outcome, ImportFailure):
        return messages.format_import_failure(outcome)
    if isinstance(outcome, HistoryFull):
        return messages.format_history_full(outcome)
    return messages.format_import_done(outcome)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("export", export),
        CommandHandler("import", ask_for_file),
        MessageHandler(filters.Document.ALL, import_file),
        CommandHandler("delete_me", ask_to_delete),
        on_button(EraseEverything, delete_everything),
        on_button(KeepData, keep_data),
    ]
