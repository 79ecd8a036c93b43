"""`/reminders` (switch on and off, change times), `/pause N` and `/resume`."""

from __future__ import annotations

import re
import warnings
from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.answers import parse_time_of_day
from bot.core.profile import TrainingProfile
from bot.core.reminder_schedule import ReminderKind
from bot.telegram import messages
from bot.telegram.context import Context, identity
from bot.telegram.handlers.keyboards import REMINDER_TIMES
from bot.telegram.handlers.wiring import Setup, with_setup

MENU, TIME = "reminders", "reminder_time"
END = ConversationHandler.END
CONVERSATION_NAME = "reminders"
_KIND_KEY = "reminder_kind"
MAX_PAUSE_DAYS = 60
# str.isdigit() also accepts "²" and "⑦", which int() refuses.
_ASCII_NUMBER = re.compile(r"[0-9]{1,3}")


async def _menu(
    update: Update, context: Context, profile: TrainingProfile
) -> tuple[str, InlineKeyboardMarkup]:
    settings = await context.services.reminders.current(identity(update).user_id)
    rows = []
    for setting in settings:
        label = messages.REMINDER_LABELS[ReminderKind(setting.kind)]
        mark = messages.CHECKED if setting.enabled else messages.UNCHECKED
        rows.append(
            [
                InlineKeyboardButton(f"{mark} {label}", callback_data=f"rem:toggle:{setting.kind}"),
                InlineKeyboardButton(
                    messages.BUTTON_CHANGE_TIME.format(
                        label=messages.format_time(setting.local_time)
                    ),
                    callback_data=f"rem:time:{setting.kind}",
                ),
            ]
        )
    rows.append([InlineKeyboardButton(messages.BUTTON_CLOSE, callback_data="rem:close")])
    return messages.format_reminders(settings, profile.timezone), InlineKeyboardMarkup(rows)


async def open_menu(update: Update, context: Context) -> str | int:
    sent = await _send_menu(update, context)
    return END if sent is None else MENU


@with_setup
async def _send_menu(update: Update, context: Context, setup: Setup) -> str:
    text, markup = await _menu(update, context, setup.profile)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(text, reply_markup=markup)
    return MENU


async def _refresh(update: Update, context: Context, profile: TrainingProfile) -> str:
    query = update.callback_query
    assert query is not None
    text, markup = await _menu(update, context, profile)
    await query.edit_message_text(text, reply_markup=markup)
    return MENU


def _kind(data: str) -> ReminderKind | None:
    value = data.rsplit(":", 1)[-1]
    return ReminderKind(value) if value in ReminderKind._value2member_map_ else None


async def on_toggle(update: Update, context: Context) -> str | int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    profile = await context.services.coach.profile(identity(update).user_id)
    kind = _kind(query.data)
    if profile is None or kind is None:
        return END
    await context.services.reminders.toggle(identity(update).user_id, profile, kind)
    return await _refresh(update, context, profile)


async def on_time_choice(update: Update, context: Context) -> str | int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    kind = _kind(query.data)
    if kind is None:
        return END
    assert context.user_data is not None
    context.user_data[_KIND_KEY] = kind.value
    buttons = [
        InlineKeyboardButton(value, callback_data=f"rem:at:{value}") for value in REMINDER_TIMES
    ]
    rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
    label = messages.REMINDER_LABELS[kind]
    await query.edit_message_text(
        messages.REMINDER_ASK_TIME.format(label=label), reply_markup=InlineKeyboardMarkup(rows)
    )
    return TIME


async def _set_time(update: Update, context: Context, value: time) -> str | int:
    assert context.user_data is not None
    kind = _kind(str(context.user_data.pop(_KIND_KEY, "")))
    profile = await context.services.coach.profile(identity(update).user_id)
    if kind is None or profile is None:
        return END
    await context.services.reminders.set_time(identity(update).user_id, profile, kind, value)
    chat = update.effective_chat
    assert chat is not None
    label = messages.REMINDER_LABELS[kind]
    done = messages.REMINDER_TIME_SET.format(label=label, time=messages.format_time(value))
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(done)
    else:
        await chat.send_message(done)
    return await open_menu(update, context)


async def on_time_button(update: Update, context: Context) -> str | int:
    query = update.callback_query
    assert query is not None and query.data is not None
    return await _set_time(update, context, time.fromisoformat(query.data.split(":", 2)[2]))


async def on_typed_time(update: Update, context: Context) -> str | int:
    message = update.effective_message
    assert message is not None
    value = parse_time_of_day(message.text or "")
    if value is None:
        await message.reply_text(messages.HINT_TIME)
        return TIME
    return await _set_time(update, context, value)


async def close(update: Update, context: Context) -> str | int:
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(messages.REMINDERS_CLOSED)
    return END


async def cancel(update: Update, context: Context) -> str | int:
    assert context.user_data is not None
    context.user_data.pop(_KIND_KEY, None)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(messages.REMINDERS_CLOSED)
    return END


async def hint(update: Update, context: Context) -> str | int:
    message = update.effective_message
    assert message is not None
    await message.reply_text(messages.HINT_PRESS_BUTTON)
    return MENU


@with_setup
async def pause(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    profile = setup.profile
    days_text = (context.args or ["7"])[0]
    if not _ASCII_NUMBER.fullmatch(days_text) or not 1 <= int(days_text) <= MAX_PAUSE_DAYS:
        await message.reply_text(messages.PAUSE_USAGE)
        return
    until = await context.services.reminders.pause(
        identity(update).user_id, profile, int(days_text)
    )
    await message.reply_text(
        messages.PAUSED.format(until=messages.format_instant(until, profile.timezone))
    )


@with_setup
async def resume(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    await context.services.reminders.resume(identity(update).user_id, setup.profile)
    await message.reply_text(messages.RESUMED)


def conversation() -> ConversationHandler[Context]:
    with warnings.catch_warnings():
        # One live menu per chat: callbacks are tracked per chat, not per message.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CommandHandler("reminders", open_menu)],
            states={
                MENU: [
                    CallbackQueryHandler(on_toggle, pattern=r"^rem:toggle:\w+$"),
                    CallbackQueryHandler(on_time_choice, pattern=r"^rem:time:\w+$"),
                    CallbackQueryHandler(close, pattern=r"^rem:close$"),
                    MessageHandler(filters.TEXT & ~filters.COMMAND, hint),
                ],
                TIME: [
                    CallbackQueryHandler(
                        on_time_button, pattern=r"^rem:at:(?:[01]\d|2[0-3]):[0-5]\d$"
                    ),
                    MessageHandler(filters.TEXT & ~filters.COMMAND, on_typed_time),
                ],
            },
            fallbacks=[CommandHandler("cancel", cancel)],
            name=CONVERSATION_NAME,
            persistent=True,
            allow_reentry=True,
        )


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [CommandHandler("pause", pause), CommandHandler("resume", resume)]
