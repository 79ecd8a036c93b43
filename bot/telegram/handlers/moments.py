"""Rescheduling and travel: "can't train today" (said, or the reminder's button), `/travel`,
and the plain-text moments that lead to them."""

from __future__ import annotations

from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.core.coaching_moments import CantTrainToday, Moment, OnlyEquipment, Travel
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
from bot.telegram.callbacks import MoveSession
from bot.telegram.context import Context, identity
from bot.telegram.handlers.wiring import Setup, acknowledge, on_button, with_setup

# "Only bands this week" says no number of days: a week it is, /travel off ends it sooner.
_DEFAULT_DAYS = 7

_TRAVEL_PROBLEMS = {
    TravelProblem.NO_EQUIPMENT: messages.TRAVEL_NO_EQUIPMENT,
    TravelProblem.NO_DAYS: messages.TRAVEL_NO_DAYS,
    TravelProblem.OVER: messages.TRAVEL_OVER,
}


async def answer_moment(update: Update, context: Context, setup: Setup, moment: Moment) -> bool:
    """Answer a rescheduling or travel moment; False for a moment this module leaves alone."""
    if isinstance(moment, CantTrainToday):
        await _reply(update, await _move_today(update, context, setup))
    elif isinstance(moment, OnlyEquipment):
        today = context.services.progress.today(setup.profile)
        away = away_for(moment.equipment, moment.days or _DEFAULT_DAYS, today)
        await _reply(
            update, await _start_travel(update, context, away) if away else messages.TRAVEL_OVER
        )
    elif isinstance(moment, Travel):
        days = moment.days or _DEFAULT_DAYS
        await _reply(update, messages.TRAVEL_ASK_EQUIPMENT.format(days=days))
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
        return messages.NOTHING_TO_MOVE
    user_id = identity(update).user_id
    logged = await context.services.logbook.logged_dates(user_id, since=today)
    if today in logged:
        return messages.ALREADY_TRAINED_TODAY
    if isinstance(decided, Dropped):
        await context.services.plan_changes.remember_move(user_id, today, None)
        return messages.SESSION_DROPPED
    assert isinstance(decided, Moved)
    await context.services.plan_changes.remember_move(user_id, today, decided.to)
    return messages.SESSION_MOVED.format(day=_day(decided.to))


@with_setup
async def travel(update: Update, context: Context, setup: Setup) -> None:
    """`/travel bands 7`, `/travel off`, or `/travel` alone: what is on and how to use it."""
    user_id = identity(update).user_id
    today = context.services.progress.today(setup.profile)
    typed = " ".join(context.args or [])
    current = await context.services.plan_changes.current_away(user_id, today)
    if typed.casefold() == "off":
        await context.services.plan_changes.remember_away(user_id, None)
        await _reply(update, messages.TRAVEL_ENDED if current else messages.TRAVEL_NOT_ON)
    elif not typed:
        await _reply(
            update,
            _describe(messages.TRAVEL_CURRENT, current) if current else messages.TRAVEL_USAGE,
        )
    else:
        away = read_travel(typed, today)
        if isinstance(away, TravelProblem):
            await _reply(update, _TRAVEL_PROBLEMS[away])
        else:
            await _reply(update, await _start_travel(update, context, away))


async def _start_travel(update: Update, context: Context, away: Away) -> str:
    await context.services.plan_changes.remember_away(identity(update).user_id, away)
    return _describe(messages.TRAVEL_STARTED, away)


def _describe(text: str, away: Away) -> str:
    equipment = messages.format_equipment(away.equipment).lower()
    return text.format(until=_day(away.until), equipment=equipment)


def _day(day: date) -> str:
    return messages.format_short_date(day)


async def _reply(update: Update, text: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(text)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("travel", travel),
        on_button(MoveSession, on_cant_train),
    ]
