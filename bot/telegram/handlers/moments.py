"""Rescheduling and travel: "can't train today" (said, or the reminder's button), `/travel`
typed or by its menu; and the plain-text moments, which lead to those, to the readiness
check's answers, to a weigh-in ("I weigh 72.5 kg") or to the rest timer ("timer off")."""

from __future__ import annotations

from datetime import date

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.core.answers import bodyweight_kilograms
from bot.core.coaching_moments import (
    CantTrainToday,
    Fine,
    Moment,
    OnlyEquipment,
    RestTimer,
    Travel,
    Weighed,
    read_moment,
)
from bot.core.reschedule import (
    Away,
    Dropped,
    Moved,
    NothingToMove,
    TravelProblem,
    away_for,
    read_travel,
    reschedule,
)
from bot.telegram import messages
from bot.telegram.callbacks import MoveSession, TravelBackHome, TravelDays, TravelToggle
from bot.telegram.context import Context, identity
from bot.telegram.handlers import bodyweight, coaching, keyboards, readiness, rest_timer
from bot.telegram.handlers.wiring import (
    Setup,
    acknowledge,
    edit_in_place,
    on_button,
    on_press,
    with_setup,
)
from bot.telegram.i18n import tr
from bot.telegram.travel_menu import close_travel_menu, open_travel_menu, toggle_travel_item

# "Only bands this week" says no number of days: a week it is, /travel off ends it sooner.
_DEFAULT_DAYS = 7

# The key of each problem's text.
_TRAVEL_PROBLEMS = {
    TravelProblem.NO_EQUIPMENT: "away.travel_no_equipment",
    TravelProblem.NO_DAYS: "away.travel_no_days",
    TravelProblem.OVER: "away.travel_over",
}


async def answer_text(update: Update, context: Context, setup: Setup, text: str) -> bool:
    """Answer the plain-text moment `text` tells; False when it tells none answered here, for
    the caller's usual reply. With replies to how they feel switched off, pain, soreness and
    sleep get that usual reply; a region left out of the plan said to be fine is still
    heard, as it undoes what the person chose, and so are a weigh-in and the rest timer
    switched, which the person asks for."""
    moment = read_moment(text)
    if moment is None:
        return False
    user_id = identity(update).user_id
    switches = await context.services.switches.get(user_id)
    if isinstance(moment, Fine):
        if not switches.moments and switches.avoid is not moment.region:
            return False
        await _reply(update, await coaching.fine_again(context, user_id, moment.region))
        return True
    if isinstance(moment, readiness.Told):
        if not switches.moments:
            return False
        await readiness.told(update, context, setup, moment)
        return True
    return await _answer_moment(update, context, setup, moment)


async def _answer_moment(update: Update, context: Context, setup: Setup, moment: Moment) -> bool:
    """Answer a request: rescheduling, travel, a weigh-in, the rest timer switched; False
    for a moment this module leaves alone."""
    if isinstance(moment, Weighed):
        unit = moment.unit or setup.profile.units
        await bodyweight.record(update, context, setup, bodyweight_kilograms(moment.value, unit))
    elif isinstance(moment, RestTimer):
        user_id = identity(update).user_id
        await _reply(update, await rest_timer.switch(context, user_id, on=moment.on))
    elif isinstance(moment, CantTrainToday):
        await _reply(update, await _move_today(update, context, setup))
    elif isinstance(moment, OnlyEquipment):
        today = context.services.progress.today(setup.profile)
        away = away_for(moment.equipment, moment.days or _DEFAULT_DAYS, today)
        await _reply(
            update, await _start_travel(update, context, away) if away else "away.travel_over"
        )
    elif isinstance(moment, Travel):
        days = moment.days or _DEFAULT_DAYS
        await _reply(update, tr("away.travel_ask_equipment", days=days))
    else:
        return False
    return True


@with_setup
async def on_cant_train(update: Update, context: Context, setup: Setup) -> None:
    await acknowledge(update)
    await _reply(update, await _move_today(update, context, setup))


async def _move_today(update: Update, context: Context, setup: Setup) -> str:
    today = context.services.progress.today(setup.profile)
    decided = reschedule(setup.plan, today)
    if isinstance(decided, NothingToMove):
        return tr("away.nothing_to_move")
    user_id = identity(update).user_id
    logged = await context.services.logbook.logged_dates(user_id, since=today)
    if today in logged:
        return tr("away.already_trained_today")
    if isinstance(decided, Dropped):
        await context.services.plan_changes.remember_move(user_id, today, None)
        return tr("away.session_dropped")
    assert isinstance(decided, Moved)
    await context.services.plan_changes.remember_move(user_id, today, decided.to)
    if decided.left_out:
        names = messages.format_left_out(
            messages.exercise_name(p.exercise.id) for p in decided.left_out
        )
        return tr("away.session_moved_lighter", day=_day(decided.to), left_out=names)
    return tr("away.session_moved", day=_day(decided.to))


@with_setup
async def travel(update: Update, context: Context, setup: Setup) -> None:
    """`/travel bands 7`, `/travel off`, or `/travel` alone: the period under way with its
    Back home button, or else the menu to start one."""
    assert context.user_data is not None
    user_id = identity(update).user_id
    today = context.services.progress.today(setup.profile)
    typed = " ".join(context.args or [])
    current = await context.services.plan_changes.current_away(user_id, today)
    if typed.casefold() == "off":
        await context.services.plan_changes.remember_away(user_id, None)
        await _reply(update, tr("away.travel_ended") if current else tr("away.travel_not_on"))
    elif not typed and current:
        text = _describe(tr("away.travel_current"), current)
        await _reply(update, text, keyboards.back_home(current.until))
    elif not typed:
        chat = update.effective_chat
        assert chat is not None
        menu = await chat.send_message(
            tr("away.travel_menu"), reply_markup=keyboards.travel_menu(())
        )
        open_travel_menu(context.user_data, menu.message_id)
    else:
        away = read_travel(typed, today)
        if isinstance(away, TravelProblem):
            await _reply(update, tr(_TRAVEL_PROBLEMS[away]))
        else:
            await _reply(update, await _start_travel(update, context, away))


async def on_travel_toggle(update: Update, context: Context, press: TravelToggle) -> None:
    """A piece of equipment ticked or unticked on the open menu."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    ticked = toggle_travel_item(context.user_data, _menu_id(query), press.item)
    if ticked is None:
        await query.answer(tr("away.travel_menu_stale"), show_alert=True)
        return
    await query.answer()
    await edit_in_place(query, tr("away.travel_menu"), keyboards.travel_menu(ticked))


@with_setup
async def on_travel_days(update: Update, context: Context, setup: Setup, press: TravelDays) -> None:
    """The menu's number of days: travel starts with what is ticked, and the menu says so."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    ticked = close_travel_menu(context.user_data, _menu_id(query))
    if ticked is None:
        await query.answer(tr("away.travel_menu_stale"), show_alert=True)
        return
    await query.answer()
    today = context.services.progress.today(setup.profile)
    away = away_for(ticked, press.days, today)
    assert away is not None, "the menu offers only lengths a period can have"
    await edit_in_place(query, await _start_travel(update, context, away))


@with_setup
async def on_back_home(
    update: Update, context: Context, setup: Setup, press: TravelBackHome
) -> None:
    """Back home: the period the button was sent for ends, if it still runs."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    user_id = identity(update).user_id
    today = context.services.progress.today(setup.profile)
    current = await context.services.plan_changes.current_away(user_id, today)
    if current is None or current.until != press.until:
        await query.answer(tr("away.travel_period_over"), show_alert=True)
        return
    await query.answer()
    await context.services.plan_changes.remember_away(user_id, None)
    await edit_in_place(query, tr("away.travel_ended"))


def _menu_id(query: CallbackQuery) -> int | None:
    return query.message.message_id if query.message else None


async def _start_travel(update: Update, context: Context, away: Away) -> str:
    await context.services.plan_changes.remember_away(identity(update).user_id, away)
    return _describe(tr("away.travel_started"), away)


def _describe(text: str, away: Away) -> str:
    equipment = messages.format_equipment(away.equipment).lower()
    return text.format(until=_day(away.until), equipment=equipment)


def _day(day: date) -> str:
    return messages.format_short_date(day)


async def _reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(text, reply_markup=markup)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("travel", travel),
        on_button(MoveSession, on_cant_train),
        on_press(TravelToggle, on_travel_toggle),
        on_press(TravelDays, on_travel_days),
        on_press(TravelBackHome, on_back_home),
    ]
