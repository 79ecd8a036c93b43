"""`/plan`, `/today` and `/swap`: the week, today's session and exercise substitutes."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.core.catalogue import get_exercise
from bot.core.planner import substitutes
from bot.core.profile import Weekday
from bot.core.schedule import local_weekday
from bot.telegram import messages
from bot.telegram.context import Context, identity
from bot.telegram.handlers.wiring import Setup, with_setup

_SWAP_PICK = "swap"
_SWAP_TO = "swapto"
# Forged data with another weekday falls through to the "menu expired" answer.
_DAY = "(?:" + "|".join(day.short for day in Weekday) + ")"


@with_setup
async def show_plan(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(messages.format_week_plan(setup.plan))


@with_setup
async def offer_swap(update: Update, context: Context, setup: Setup) -> None:
    profile, plan = setup
    weekday = local_weekday(profile.timezone)
    day = plan.day(weekday)
    message = update.effective_message
    assert message is not None
    if not day.is_workout:
        await message.reply_text(messages.SWAP_RECOVERY_DAY)
        return
    buttons = [
        [
            InlineKeyboardButton(
                item.exercise.name, callback_data=_pick_data(weekday, item.exercise.id)
            )
        ]
        for item in day.exercises
    ]
    await message.reply_text(
        messages.SWAP_PICK_EXERCISE, reply_markup=InlineKeyboardMarkup(buttons)
    )


def _pick_data(weekday: Weekday, exercise_id: str) -> str:
    return f"{_SWAP_PICK}:{weekday.short}:{exercise_id}"


def _to_data(weekday: Weekday, old_id: str, new_id: str) -> str:
    return f"{_SWAP_TO}:{weekday.short}:{old_id}:{new_id}"


async def pick_substitute(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    _, day_name, exercise_id = query.data.split(":", 2)
    profile = await context.services.coach.profile(identity(update).user_id)
    old = get_exercise(exercise_id)
    if profile is None or old is None:
        await query.answer(messages.MENU_EXPIRED, show_alert=True)
        return
    await query.answer()
    weekday = Weekday.from_short(day_name)
    options = substitutes(exercise_id, profile.equipment, profile.experience)[:6]
    if not options:
        pattern = old.pattern.value.replace("_", " ")
        await query.edit_message_text(messages.SWAP_NO_SUBSTITUTE.format(pattern=pattern))
        return
    buttons = [
        [InlineKeyboardButton(option.name, callback_data=_to_data(weekday, old.id, option.id))]
        for option in options
    ]
    await query.edit_message_text(
        messages.SWAP_PICK_SUBSTITUTE.format(name=old.name),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def apply_swap(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    _, day_name, old_id, new_id = query.data.split(":", 3)
    old, new = get_exercise(old_id), get_exercise(new_id)
    try:
        await context.services.coach.swap(
            identity(update).user_id, Weekday.from_short(day_name), old_id, new_id
        )
    except (LookupError, ValueError):
        await query.answer(messages.SWAP_STALE, show_alert=True)
        return
    assert old is not None and new is not None
    await query.answer()
    await query.edit_message_text(messages.SWAP_DONE.format(old=old.name, new=new.name))


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("plan", show_plan),
        CommandHandler("swap", offer_swap),
        CallbackQueryHandler(pick_substitute, pattern=rf"^{_SWAP_PICK}:{_DAY}:\w+$"),
        CallbackQueryHandler(apply_swap, pattern=rf"^{_SWAP_TO}:{_DAY}:\w+:\w+$"),
    ]
