"""`/plan`, `/today` and `/swap`: the week, today's session and exercise substitutes."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.core.catalogue import Exercise, require_exercise
from bot.core.dumbbell_set import UnreadableWeights, own_sizes, parse_dumbbell_set
from bot.core.planner import NotASubstitute, swap_options
from bot.core.prescription import DayPrescription
from bot.core.profile import Weekday
from bot.telegram import messages
from bot.telegram.callbacks import SwapPick, SwapTo
from bot.telegram.context import Context, identity
from bot.telegram.handlers.keyboards import button
from bot.telegram.handlers.wiring import Setup, on_press, with_setup
from bot.telegram.i18n import tr

# The substitutes one swap menu shows: the best few, not every one that would do.
_SWAP_BUTTONS = 6


@with_setup
async def show_plan(update: Update, context: Context, setup: Setup) -> None:
    """The week as the programme prescribes it, with where the person is in the block."""
    message = update.effective_message
    assert message is not None
    profile, plan = setup
    today = context.services.progress.today(profile)
    week = await context.services.logbook.prescribed_week(
        identity(update).user_id, profile, plan, today
    )
    await message.reply_text(messages.format_programme_week(week))


@with_setup
async def offer_swap(update: Update, context: Context, setup: Setup) -> None:
    """/swap: today's exercises as the programme prescribes them, harder variants included."""
    message = update.effective_message
    assert message is not None
    today = await _prescribed_today(update, context, setup)
    weekday = Weekday(today.on.weekday())
    if not today.day.is_workout:
        await message.reply_text(tr("plans.swap_recovery_day"))
        return
    buttons = [
        [
            button(
                messages.exercise_name(item.planned.exercise.id),
                SwapPick(weekday, item.planned.exercise),
            )
        ]
        for item in today.exercises
    ]
    await message.reply_text(
        tr("plans.swap_pick_exercise"), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def _prescribed_today(update: Update, context: Context, setup: Setup) -> DayPrescription:
    profile, plan = setup
    today = context.services.progress.today(profile)
    return await context.services.logbook.prescription(
        identity(update).user_id, profile, plan, today
    )


def _planned_id(today: DayPrescription, shown: Exercise) -> str:
    """The plan's exercise behind one shown today: a harder variant stands in for it."""
    item = today.of(shown.id)
    return item.replaces or shown.id if item is not None else shown.id


async def pick_substitute(update: Update, context: Context, pick: SwapPick) -> None:
    query = update.callback_query
    assert query is not None
    stored = await context.services.coach.setup(identity(update).user_id)
    if stored is None:
        await query.answer(tr("general.menu_expired"), show_alert=True)
        return
    profile, plan = setup = Setup(*stored)
    old = pick.exercise
    planned_id = _planned_id(await _prescribed_today(update, context, setup), old)
    try:
        options = swap_options(plan, profile, pick.day, planned_id)
    except ValueError:
        # Another person's button, or one from before this exercise was swapped out.
        await query.answer(tr("plans.swap_stale"), show_alert=True)
        return
    if planned_id != old.id:
        # The way back down from a harder variant comes first.
        options = [require_exercise(planned_id), *(o for o in options if o.id != old.id)]
    await query.answer()
    if not options:
        pattern = messages.pattern_name(old.pattern)
        await query.edit_message_text(tr("plans.swap_no_substitute", pattern=pattern))
        return
    buttons = [
        [button(messages.exercise_name(option.id), SwapTo(pick.day, old, option))]
        for option in options[:_SWAP_BUTTONS]
    ]
    await query.edit_message_text(
        tr("plans.swap_pick_substitute", name=messages.exercise_name(old.id)),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def apply_swap(update: Update, context: Context, swap: SwapTo) -> None:
    query = update.callback_query
    assert query is not None
    user_id = identity(update).user_id
    stored = await context.services.coach.setup(user_id)
    if stored is None:
        await query.answer(tr("general.menu_expired"), show_alert=True)
        return
    today = await _prescribed_today(update, context, Setup(*stored))
    planned_id = _planned_id(today, swap.old)
    try:
        await context.services.coach.swap(user_id, swap.day, planned_id, swap.new.id)
    except NotASubstitute:
        refusal = tr(
            "plans.swap_not_offered",
            new=messages.exercise_name(swap.new.id),
            old=messages.exercise_name(swap.old.id),
        )
        await query.answer(refusal, show_alert=True)
        return
    except (LookupError, ValueError):
        await query.answer(tr("plans.swap_stale"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(
        tr(
            "plans.swap_done",
            old=messages.exercise_name(swap.old.id),
            new=messages.exercise_name(swap.new.id),
        )
    )


@with_setup
async def own_weights(update: Update, context: Context, setup: Setup) -> None:
    """/dumbbells [what the person owns]: show, set or forget their dumbbells or bells."""
    message = update.effective_message
    assert message is not None
    profile = setup.profile
    text = " ".join(context.args or [])
    if not text:
        now = (
            tr(
                "programme.own_weights_now",
                weights=messages.format_own_weights(profile.own_weights, profile.units),
            )
            if profile.own_weights
            else tr("programme.own_weights_none")
        )
        await message.reply_text(f"{now}\n\n{tr('programme.own_weights_usage')}")
        return
    user_id = identity(update).user_id
    if text.strip().lower() in messages.OWN_WEIGHTS_WORDS_CLEAR:
        await context.services.coach.set_own_weights(user_id, ())
        await message.reply_text(tr("programme.own_weights_cleared"))
        return
    try:
        given = parse_dumbbell_set(text, profile.units)
    except UnreadableWeights as error:
        reason = messages.own_weights_rejected()[error.problem]
        await message.reply_text(f"{reason}\n\n{tr('programme.own_weights_usage')}")
        return
    weights = own_sizes(given, profile.units).listed
    await context.services.coach.set_own_weights(user_id, weights)
    await message.reply_text(
        tr(
            "programme.own_weights_saved",
            weights=messages.format_own_weights(weights, profile.units),
        )
    )


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("plan", show_plan),
        CommandHandler("dumbbells", own_weights),
        CommandHandler("swap", offer_swap),
        on_press(SwapPick, pick_substitute),
        on_press(SwapTo, apply_swap),
    ]
