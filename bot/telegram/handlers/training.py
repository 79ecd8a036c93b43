"""`/plan`, `/today` and `/swap`: the week, today's session and exercise substitutes."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.core.planner import substitutes
from bot.core.schedule import local_weekday
from bot.telegram import messages
from bot.telegram.callbacks import SwapPick, SwapTo
from bot.telegram.context import Context, identity
from bot.telegram.handlers.keyboards import button
from bot.telegram.handlers.wiring import Setup, on_press, with_setup


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
        [button(item.exercise.name, SwapPick(weekday, item.exercise))] for item in day.exercises
    ]
    await message.reply_text(
        messages.SWAP_PICK_EXERCISE, reply_markup=InlineKeyboardMarkup(buttons)
    )


async def pick_substitute(update: Update, context: Context, pick: SwapPick) -> None:
    query = update.callback_query
    assert query is not None
    profile = await context.services.coach.profile(identity(update).user_id)
    if profile is None:
        await query.answer(messages.MENU_EXPIRED, show_alert=True)
        return
    await query.answer()
    old = pick.exercise
    options = substitutes(old.id, profile.equipment, profile.experience)[:6]
    if not options:
        pattern = old.pattern.value.replace("_", " ")
        await query.edit_message_text(messages.SWAP_NO_SUBSTITUTE.format(pattern=pattern))
        return
    buttons = [[button(option.name, SwapTo(pick.day, old, option))] for option in options]
    await query.edit_message_text(
        messages.SWAP_PICK_SUBSTITUTE.format(name=old.name),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def apply_swap(update: Update, context: Context, swap: SwapTo) -> None:
    query = update.callback_query
    assert query is not None
    try:
        await context.services.coach.swap(
            identity(update).user_id, swap.day, swap.old.id, swap.new.id
        )
    except (LookupError, ValueError):
        await query.answer(messages.SWAP_STALE, show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(messages.SWAP_DONE.format(old=swap.old.name, new=swap.new.name))


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("plan", show_plan),
        CommandHandler("swap", offer_swap),
        on_press(SwapPick, pick_substitute),
        on_press(SwapTo, apply_swap),
    ]
