"""The readiness check: three quick questions by buttons before a training day's session,
and the same answers told in plain words ("my knee hurts", "slept badly").

The check is one message edited step by step; each button carries the answers so far and
the day asked about, so nothing is stored until the last answer, and a press on a check of
another day is told so. It is asked once a day (answered or skipped), above the session,
which is shown right away: answering re-sends the session as the answers changed it. On
until the person turns it off ("Don't ask again", `/readiness off`), one of their coaching
switches (`context.services.switches`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.core.coaching_moments import Pain, SleptBadly, Sore
from bot.core.prescription import DayPrescription
from bot.core.profile import TrainingProfile
from bot.core.readiness import POOR_SLEEP, UNSAID, VERY_SORE, PainRegion, Readiness
from bot.telegram import messages
from bot.telegram.callbacks import (
    ReadinessOff,
    ReadyPain,
    ReadySkip,
    ReadySleep,
    ReadySore,
)
from bot.telegram.context import Context, identity
from bot.telegram.handlers import coaching, keyboards
from bot.telegram.handlers.keyboards import button
from bot.telegram.handlers.wiring import Setup, edit_in_place, on_button, on_press, with_setup
from bot.telegram.i18n import tr

# The local day the check was last asked: asked once a day, whatever the answer.
_ASKED_KEY = "readiness_asked"
# The region the person was last advised to have checked, while its pain lasts.
_REFERRED_KEY = "readiness_referred"

# What a person can tell in plain words that the check would have asked.
Told = Pain | Sore | SleptBadly


async def check(
    update: Update, context: Context, profile: TrainingProfile
) -> tuple[str, InlineKeyboardMarkup] | None:
    """Today's check, its first question and buttons, to go below the day's session; None
    when it is off, or was asked or answered today already."""
    assert context.user_data is not None
    today = context.services.progress.today(profile)
    if context.user_data.get(_ASKED_KEY) == today.isoformat():
        return None
    user_id = identity(update).user_id
    if not (await context.services.switches.get(user_id)).readiness_check:
        return None
    if await context.services.logbook.readiness(user_id, profile) is not None:
        return None
    context.user_data[_ASKED_KEY] = today.isoformat()
    return _question(tr("readiness.ask_sleep")), _sleep_buttons(today)


def below(day: str, check: str) -> str:
    """The day's session with the check below it, as one message."""
    return f"{day}\n\n{check}"


async def on_sleep(update: Update, context: Context, press: ReadySleep) -> None:
    said = (messages.sleep_labels()[press.sleep],)
    await _next(
        update, context, press.day, tr("readiness.ask_soreness"), said, _sore_buttons(press)
    )


async def on_sore(update: Update, context: Context, press: ReadySore) -> None:
    said = (messages.sleep_labels()[press.sleep], messages.soreness_labels()[press.soreness])
    await _next(update, context, press.day, tr("readiness.ask_pain"), said, _pain_buttons(press))


async def _next(
    update: Update,
    context: Context,
    day: date,
    question: str,
    said: tuple[str, ...],
    buttons: InlineKeyboardMarkup,
) -> None:
    """The check's next `question`, below what was `said` so far."""
    if await _stale(update, context, day):
        return
    query = update.callback_query
    assert query is not None
    await query.answer()
    text = below(_day(query), _question(question, *said))
    await edit_in_place(query, text, buttons)


@with_setup
async def on_pain(update: Update, context: Context, setup: Setup, press: ReadyPain) -> bool:
    """The last answer, kept. True when it changed the session, which is then to be shown
    again: the message with the unchanged one says so instead."""
    if await _stale(update, context, press.day):
        return False
    query = update.callback_query
    assert query is not None
    await query.answer()
    answers = Readiness(press.sleep, press.soreness, press.region)
    day = await context.services.logbook.feel(identity(update).user_id, *setup, lambda _: answers)
    lasting, offer = await _lasting(update, context)
    if messages.format_adjustments(day):
        await edit_in_place(
            query, "\n\n".join([tr("readiness.readiness_adjusted"), *lasting]), offer
        )
        return True
    said = "\n\n".join([tr("readiness.readiness_unchanged"), *lasting])
    await edit_in_place(query, below(_day(query), said), offer)
    return False


async def on_skip(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await edit_in_place(query, _day(query))


@with_setup
async def on_off(update: Update, context: Context, setup: Setup) -> None:
    query = update.callback_query
    assert query is not None
    await _turn(update, context, on=False)
    await query.answer()
    await edit_in_place(query, below(_day(query), tr("readiness.readiness_off")))


@with_setup
async def switch(update: Update, context: Context, setup: Setup) -> None:
    """/readiness on|off."""
    message = update.effective_message
    assert message is not None
    choice = " ".join(context.args or ()).strip().lower()
    if choice not in ("on", "off"):
        await message.reply_text(tr("readiness.readiness_usage"))
        return
    on = choice == "on"
    await _turn(update, context, on=on)
    await message.reply_text(tr("readiness.readiness_on") if on else tr("readiness.readiness_off"))


async def _turn(update: Update, context: Context, *, on: bool) -> None:
    await context.services.switches.change(
        identity(update).user_id, lambda switches: replace(switches, readiness_check=on)
    )


async def told(update: Update, context: Context, setup: Setup, moment: Told) -> None:
    """Pain, soreness or poor sleep said in plain words: kept for today as the check's
    answer would be, with what was said before, and the day's changes said."""
    message = update.effective_message
    assert message is not None
    day = await context.services.logbook.feel(
        identity(update).user_id, *setup, lambda before: _with(before or UNSAID, moment)
    )
    lines = [_told(moment, day)]
    if day.day.is_workout:
        lines += [*messages.format_adjustments(day), tr("readiness.told_see_today")]
    else:
        lines.append(tr("readiness.told_rest_day"))
    lasting, offer = await _lasting(update, context)
    await message.reply_text("\n".join([*lines, *lasting]), reply_markup=offer, do_quote=True)


async def _lasting(
    update: Update, context: Context
) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """The advice to have lasting pain checked, once for each time it lasts, with the offer
    of a plan without that region's work."""
    assert context.user_data is not None
    user_id = identity(update).user_id
    region = await context.services.logbook.lasting_pain(user_id)
    if region is None:
        context.user_data.pop(_REFERRED_KEY, None)
        return [], None
    if context.user_data.get(_REFERRED_KEY) == region.value:
        return [], None
    context.user_data[_REFERRED_KEY] = region.value
    advice = [tr("readiness.pain_lasting", where=messages.pain_where()[region])]
    offered = coaching.avoid_offer(region, await context.services.switches.get(user_id))
    return advice, keyboards.avoid(offered) if offered else None


def _with(before: Readiness, moment: Told) -> Readiness:
    if isinstance(moment, Pain):
        return replace(before, pain=moment.region)
    if isinstance(moment, Sore):
        return replace(before, soreness=VERY_SORE)
    return replace(before, sleep=POOR_SLEEP)


def _told(moment: Told, day: DayPrescription) -> str:
    if isinstance(moment, Pain):
        if not day.day.is_workout:
            return tr("readiness.told_pain_rest_day")
        swapped = any(p.instead_of is not None for p in day.exercises)
        return tr("readiness.told_pain") if swapped else tr("readiness.told_pain_nothing_loads_it")
    if isinstance(moment, Sore):
        return messages.told_sore()[moment.group]
    return tr("readiness.told_slept_badly")


async def _stale(update: Update, context: Context, day: date) -> bool:
    """Whether the press is on a check of another day than the person's today (told so)."""
    query = update.callback_query
    assert query is not None
    found = await context.services.coach.setup(identity(update).user_id)
    if found is not None and context.services.progress.today(found[0]) == day:
        return False
    await query.answer(tr("readiness.readiness_stale"), show_alert=True)
    return True


def _day(query: CallbackQuery) -> str:
    """The day's session of the message the check is in, without the check."""
    message = query.message
    text = message.text if isinstance(message, Message) and message.text else ""
    return text.split(f"\n\n{tr('readiness.readiness_intro')}", 1)[0]


def _question(question: str, *said: str) -> str:
    return "\n".join(
        [tr("readiness.readiness_intro"), *(f"✅ {answer}" for answer in said), question]
    )


def _sleep_buttons(day: date) -> InlineKeyboardMarkup:
    answers = [
        button(label, ReadySleep(day, score)) for score, label in messages.sleep_labels().items()
    ]
    return _with_ways_out(answers)


def _sore_buttons(press: ReadySleep) -> InlineKeyboardMarkup:
    answers = [
        button(label, ReadySore(press.day, press.sleep, score))
        for score, label in messages.soreness_labels().items()
    ]
    return _with_ways_out(answers)


def _pain_buttons(press: ReadySore) -> InlineKeyboardMarkup:
    regions: list[PainRegion | None] = [None, *PainRegion]
    answers = [
        button(
            tr("readiness.no_pain") if region is None else messages.pain_labels()[region],
            ReadyPain.of(press.day, press.sleep, press.soreness, region),
        )
        for region in regions
    ]
    return InlineKeyboardMarkup(
        [answers[:3], answers[3:], [button(tr("readiness.button_readiness_skip"), ReadySkip())]]
    )


def _with_ways_out(answers: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            answers,
            [
                button(tr("readiness.button_readiness_skip"), ReadySkip()),
                button(tr("readiness.button_readiness_off"), ReadinessOff()),
            ],
        ]
    )


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("readiness", switch),
        on_press(ReadySleep, on_sleep),
        on_press(ReadySore, on_sore),
        on_button(ReadySkip, on_skip),
        on_button(ReadinessOff, on_off),
    ]
