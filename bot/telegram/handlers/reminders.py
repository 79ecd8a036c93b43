"""`/reminders` (switch on and off, change times), `/pause N` and `/resume`."""

from __future__ import annotations

import re
import warnings
from datetime import time

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.answers import parse_time_of_day
from bot.core.profile import TrainingProfile
from bot.core.reminder_schedule import ReminderKind
from bot.telegram import callbacks, messages
from bot.telegram.context import Context, identity
from bot.telegram.handlers import keyboards
from bot.telegram.handlers.menus import log_or_hint, logged_instead
from bot.telegram.handlers.wiring import Setup, acknowledge, on_button, on_press, with_setup
from bot.telegram.i18n import tr

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
        kind = ReminderKind(setting.kind)
        mark = tr("labels.checked") if setting.enabled else tr("labels.unchecked")
        label = f"{mark} {messages.reminder_labels()[kind]}"
        at = tr("reminders.button_change_time", label=messages.format_time(setting.local_time))
        rows.append(
            [
                keyboards.button(label, callbacks.ReminderToggle(kind)),
                keyboards.button(at, callbacks.ReminderTimeChoice(kind)),
            ]
        )
    rows.append([keyboards.button(tr("reminders.button_close"), callbacks.CloseReminders())])
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


async def on_toggle(
    update: Update, context: Context, toggle: callbacks.ReminderToggle
) -> str | int:
    await acknowledge(update)
    profile = await context.services.coach.profile(identity(update).user_id)
    if profile is None:
        return END
    await context.services.reminders.toggle(
        identity(update).user_id, profile, toggle.kind, update_id=update.update_id
    )
    return await _refresh(update, context, profile)


async def on_time_choice(
    update: Update, context: Context, choice: callbacks.ReminderTimeChoice
) -> str | int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    assert context.user_data is not None
    context.user_data[_KIND_KEY] = choice.kind.value
    label = messages.reminder_labels()[choice.kind]
    await query.edit_message_text(
        tr("reminders.reminder_ask_time", label=label),
        reply_markup=keyboards.reminder_time(callbacks.ReminderAt),
    )
    return TIME


async def _set_time(update: Update, context: Context, value: time) -> str | int:
    assert context.user_data is not None
    kind = _stored_kind(context.user_data.pop(_KIND_KEY, None))
    profile = await context.services.coach.profile(identity(update).user_id)
    if kind is None or profile is None:
        return END
    await context.services.reminders.set_time(identity(update).user_id, profile, kind, value)
    chat = update.effective_chat
    assert chat is not None
    label = messages.reminder_labels()[kind]
    done = tr("reminders.reminder_time_set", label=label, time=messages.format_time(value))
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(done)
    else:
        await chat.send_message(done)
    return await open_menu(update, context)


def _stored_kind(value: object) -> ReminderKind | None:
    """The kind whose time is being asked, as on_time_choice stored it (None if it is gone)."""
    return next((kind for kind in ReminderKind if kind.value == value), None)


async def on_time_button(
    update: Update, context: Context, choice: callbacks.ReminderAt
) -> str | int:
    return await _set_time(update, context, choice.at)


async def on_typed_time(update: Update, context: Context) -> str | int:
    message = update.effective_message
    assert message is not None
    value = parse_time_of_day(message.text or "")
    if value is None:
        if not await logged_instead(update, context):
            await message.reply_text(tr("onboarding.hint_time"))
        return TIME
    return await _set_time(update, context, value)


async def close(update: Update, context: Context) -> str | int:
    query = update.callback_query
    if query is not None:
        await query.answer()
        await query.edit_message_text(tr("reminders.reminders_closed"))
    return END


async def cancel(update: Update, context: Context) -> str | int:
    assert context.user_data is not None
    context.user_data.pop(_KIND_KEY, None)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(tr("reminders.reminders_closed"))
    return END


@with_setup
async def pause(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    profile = setup.profile
    days_text = (context.args or ["7"])[0]
    if not _ASCII_NUMBER.fullmatch(days_text) or not 1 <= int(days_text) <= MAX_PAUSE_DAYS:
        await message.reply_text(tr("reminders.pause_usage"))
        return
    until = await context.services.reminders.pause(
        identity(update).user_id, profile, int(days_text)
    )
    await message.reply_text(
        tr("reminders.paused", until=messages.format_instant(until, profile.timezone))
    )


@with_setup
async def resume(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    paused = await context.services.reminders.resume(identity(update).user_id, setup.profile)
    await message.reply_text(tr("reminders.resumed") if paused else tr("reminders.not_paused"))


def conversation() -> ConversationHandler[Context]:
    with warnings.catch_warnings():
        # One live menu per chat: callbacks are tracked per chat, not per message.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CommandHandler("reminders", open_menu)],
            states={
                MENU: [
                    on_press(callbacks.ReminderToggle, on_toggle),
                    on_press(callbacks.ReminderTimeChoice, on_time_choice),
                    on_button(callbacks.CloseReminders, close),
                    MessageHandler(filters.TEXT & ~filters.COMMAND, log_or_hint(MENU)),
                ],
                TIME: [
                    on_press(callbacks.ReminderAt, on_time_button),
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
