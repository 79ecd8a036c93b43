"""The onboarding and settings conversation: inline-keyboard questions that build a profile.

One persistent ConversationHandler serves both `/start` (every question in order) and
`/settings` (one question, then save). Its state and the draft answers live in the
database through the application's persistence, so a restart mid-way loses nothing.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import time
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.answers import parse_bodyweight, parse_time_of_day, resolve_timezone
from bot.core.nutrition import protein_plan
from bot.core.onboarding import Draft, Mode, Step
from bot.core.profile import FULL_GYM
from bot.core.schedule import longest_run
from bot.services.coaching import SavedProfile
from bot.services.timezones import timezone_at
from bot.telegram import callbacks, messages
from bot.telegram.context import Context, identity
from bot.telegram.handlers import coaching, keyboards, language
from bot.telegram.handlers.menus import log_or_hint, logged_instead
from bot.telegram.handlers.wiring import acknowledge, edit_in_place, on_button, on_press
from bot.telegram.i18n import tr

END = ConversationHandler.END
MENU = "menu"
CONVERSATION_NAME = "onboarding"
_DRAFT_KEY = "draft"

State = str | int
T = TypeVar("T")
Handler = BaseHandler[Update, Context, Any]


# --- Draft storage --------------------------------------------------------------------------


def _load(context: Context) -> Draft:
    assert context.user_data is not None
    return Draft.from_dict(context.user_data.get(_DRAFT_KEY) or {})


def _store(context: Context, draft: Draft) -> None:
    assert context.user_data is not None
    context.user_data[_DRAFT_KEY] = draft.to_dict()


def _discard(context: Context) -> Draft:
    """Drop the draft. Handlers do so only after the Telegram calls that may fail (or, in
    `_finish`, once the answers are saved): a handler that fails changes no conversation
    state, so a draft dropped before the failure would leave the state without its draft."""
    assert context.user_data is not None
    return Draft.from_dict(context.user_data.pop(_DRAFT_KEY, None) or {})


# --- Showing a question ---------------------------------------------------------------------


def _question(step: Step, draft: Draft, default_zone: str) -> tuple[str, InlineKeyboardMarkup]:
    if step is Step.GOAL:
        return tr("onboarding.ask_goal"), keyboards.goal()
    if step is Step.EXPERIENCE:
        return tr("onboarding.ask_experience"), keyboards.experience()
    if step is Step.EQUIPMENT:
        return tr("onboarding.ask_equipment"), keyboards.equipment(draft.equipment)
    if step is Step.DAYS:
        return tr("onboarding.ask_days_count"), keyboards.days_count()
    if step is Step.WEEKDAYS:
        return _weekdays_question(draft), keyboards.weekdays(draft.weekdays)
    if step is Step.TIME:
        return tr("onboarding.ask_reminder_time"), keyboards.reminder_time()
    if step is Step.TIMEZONE:
        return tr("onboarding.ask_timezone"), keyboards.timezone(default_zone)
    if step is Step.UNITS:
        return tr("onboarding.ask_units"), keyboards.units()
    return tr("onboarding.ask_bodyweight"), keyboards.bodyweight()


def _weekdays_question(draft: Draft) -> str:
    days = messages.format_weekdays(draft.weekdays)
    if draft.weekdays_suggested:
        return tr("onboarding.ask_weekdays_suggested", days=days)
    text = tr("onboarding.ask_weekdays_custom", days=days or "–", count=len(draft.weekdays))
    run = longest_run(draft.weekdays)
    if run >= 3:
        text += "\n\n" + tr("onboarding.weekdays_in_a_row", run=run)
    return text


async def _retire_question(context: Context, chat_id: int, draft: Draft) -> None:
    """Take the buttons off the last question, so that old taps cannot land."""
    if draft.message_id is None:
        return
    with contextlib.suppress(BadRequest):
        await context.bot.edit_message_reply_markup(chat_id, draft.message_id, reply_markup=None)


async def _ask(update: Update, context: Context, draft: Draft, step: Step, note: str = "") -> State:
    text, markup = _question(step, draft, context.services.coach.default_timezone)
    if note:
        text = f"✅ {note}\n\n{text}"
    query = update.callback_query
    if query is not None and query.message is not None:
        await edit_in_place(query, text, markup)
        draft = replace(draft, message_id=query.message.message_id)
    else:
        chat = update.effective_chat
        assert chat is not None
        await _retire_question(context, chat.id, draft)
        sent = await chat.send_message(text, reply_markup=markup)
        draft = replace(draft, message_id=sent.message_id)
    _store(context, draft)
    return step.value


async def _advance(
    update: Update, context: Context, draft: Draft, answered: Step, note: str
) -> State:
    following = draft.next_step(answered)
    if following is None:
        return await _finish(update, context, draft)
    return await _ask(update, context, draft, following, note)


async def _finish(update: Update, context: Context, draft: Draft) -> State:
    saved = await context.services.coach.save_profile(identity(update), draft.to_profile())
    _discard(context)
    try:
        await _tell_saved(update, context, draft, saved)
    except Exception as exc:
        # The answers are saved and the draft is gone, so the conversation ends here even
        # when telling the person failed (Telegram down, say). Left in its last state, it
        # would read every later message as another answer to that question, and each one
        # would fail on the empty draft. The error handler still logs it and apologises.
        await context.application.process_error(update, exc)
    return END


def _saved_text(draft: Draft, saved: SavedProfile) -> str:
    if draft.mode is Mode.ONBOARDING:
        return tr("onboarding.plan_ready")
    bodyweight = saved.new_bodyweight_kg
    protein = None if bodyweight is None else protein_plan(bodyweight, saved.profile.goal)
    return messages.format_settings_saved(saved.plan_changed, protein)


async def _tell_saved(update: Update, context: Context, draft: Draft, saved: SavedProfile) -> None:
    done = _saved_text(draft, saved)
    query = update.callback_query
    chat = update.effective_chat
    assert chat is not None
    if query is not None:
        await edit_in_place(query, done, None)
    else:
        await _retire_question(context, chat.id, draft)
        await chat.send_message(done)
    if draft.mode is Mode.ONBOARDING or saved.plan_changed:
        await chat.send_message(messages.format_week_plan(saved.plan))


# --- Entry points ---------------------------------------------------------------------------


async def start(update: Update, context: Context) -> State:
    who = identity(update)
    await language.keep_app_language(update, context)
    user = update.effective_user
    name = user.first_name if user is not None else ""
    chat = update.effective_chat
    assert chat is not None
    if await context.services.coach.profile(who.user_id) is not None:
        await chat.send_message(tr("onboarding.welcome_back", name=name))
        _discard(context)
        return END
    # `_ask` replaces the old draft once the first question is out.
    await _retire_question(context, chat.id, _load(context))
    await chat.send_message(tr("onboarding.welcome", name=name))
    return await _ask(update, context, Draft(), Step.GOAL)


async def settings(update: Update, context: Context) -> State:
    profile = await context.services.coach.profile(identity(update).user_id)
    if profile is None:
        return await start(update, context)
    chat = update.effective_chat
    assert chat is not None
    await _retire_question(context, chat.id, _load(context))
    text = tr("onboarding.settings_menu", summary=messages.format_profile(profile))
    speaks = await language.speaking(update, context)
    sent = await chat.send_message(text, reply_markup=keyboards.settings_menu(speaks))
    _store(context, replace(Draft.from_profile(profile), message_id=sent.message_id))
    return MENU


async def add_bodyweight(update: Update, context: Context) -> State:
    """The nutrition reminder's button: the bodyweight question alone, as in /settings."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    profile = await context.services.coach.profile(identity(update).user_id)
    if profile is None:
        return await start(update, context)
    return await _ask(update, context, Draft.from_profile(profile), Step.BODYWEIGHT)


async def cancel(update: Update, context: Context) -> State:
    draft = _load(context)
    chat = update.effective_chat
    assert chat is not None
    await _retire_question(context, chat.id, draft)
    cancelled = tr("onboarding.cancelled_onboarding")
    if draft.mode is Mode.SETTINGS:
        cancelled = tr("onboarding.cancelled_settings")
    await chat.send_message(cancelled)
    _discard(context)
    return END


# --- Button answers -------------------------------------------------------------------------


async def on_menu(update: Update, context: Context, choice: callbacks.SettingsChoice) -> State:
    await acknowledge(update)
    return await _ask(update, context, _load(context), choice.step)


async def on_keep_settings(update: Update, context: Context) -> State:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await edit_in_place(query, tr("onboarding.cancelled_settings"), None)
    _discard(context)
    return END


async def on_coaching(update: Update, context: Context) -> State:
    """The menu's Coaching entry: the message becomes the coaching switches, each saved as it
    is pressed, so the settings conversation ends here."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await coaching.show_menu(query, context, identity(update).user_id)
    _discard(context)
    return END


async def on_languages(update: Update, context: Context) -> State:
    """The menu's Language entry: the message becomes the language menu, whose buttons work
    outside the conversation, so it ends here."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await language.show_menu_in_place(query, await language.speaking(update, context))
    _discard(context)
    return END


async def on_goal(update: Update, context: Context, choice: callbacks.GoalChoice) -> State:
    await acknowledge(update)
    draft = replace(_load(context), goal=choice.goal)
    return await _advance(update, context, draft, Step.GOAL, messages.goal_labels()[choice.goal])


async def on_experience(
    update: Update, context: Context, choice: callbacks.ExperienceChoice
) -> State:
    await acknowledge(update)
    draft = replace(_load(context), experience=choice.level)
    note = messages.experience_labels()[choice.level]
    return await _advance(update, context, draft, Step.EXPERIENCE, note)


async def on_equipment(
    update: Update, context: Context, toggle: callbacks.EquipmentToggle
) -> State:
    await acknowledge(update)
    draft = _load(context).toggle_equipment(toggle.item)
    return await _ask(update, context, draft, Step.EQUIPMENT)


async def on_full_gym(update: Update, context: Context) -> State:
    await acknowledge(update)
    return await _equipment_chosen(update, context, replace(_load(context), equipment=FULL_GYM))


async def on_equipment_done(update: Update, context: Context) -> State:
    await acknowledge(update)
    return await _equipment_chosen(update, context, _load(context))


async def _equipment_chosen(update: Update, context: Context, draft: Draft) -> State:
    note = messages.format_equipment(draft.equipment)
    return await _advance(update, context, draft, Step.EQUIPMENT, note)


async def on_days(update: Update, context: Context, choice: callbacks.DaysChoice) -> State:
    await acknowledge(update)
    draft = _load(context).with_day_count(choice.count)
    return await _advance(update, context, draft, Step.DAYS, "")


async def on_weekday(update: Update, context: Context, toggle: callbacks.WeekdayToggle) -> State:
    await acknowledge(update)
    draft = _load(context).toggle_weekday(toggle.day)
    return await _ask(update, context, draft, Step.WEEKDAYS)


async def on_weekdays_done(update: Update, context: Context) -> State:
    query = update.callback_query
    assert query is not None
    draft = _load(context)
    if not draft.weekdays_valid:
        await query.answer(
            tr("onboarding.weekdays_wrong_count", count=len(draft.weekdays)), show_alert=True
        )
        return Step.WEEKDAYS.value
    if draft.count_changed:
        # Asked once: pressing Continue again keeps the days as picked.
        asked = tr(
            "onboarding.weekdays_count_changed", asked=draft.day_count, picked=len(draft.weekdays)
        )
        await query.answer(asked, show_alert=True)
        _store(context, draft.keep_picked_count())
        return Step.WEEKDAYS.value
    await query.answer()
    note = messages.format_weekdays(draft.weekdays)
    return await _advance(update, context, draft, Step.WEEKDAYS, note)


async def _answer_time(update: Update, context: Context, value: time) -> State:
    draft = replace(_load(context), reminder_time=value)
    return await _advance(update, context, draft, Step.TIME, messages.format_time(value))


async def on_time(update: Update, context: Context, choice: callbacks.TimeChoice) -> State:
    await acknowledge(update)
    return await _answer_time(update, context, choice.at)


async def _answer_timezone(update: Update, context: Context, zone: str) -> State:
    draft = replace(_load(context), timezone=zone)
    return await _advance(update, context, draft, Step.TIMEZONE, zone)


async def on_timezone(update: Update, context: Context, choice: callbacks.TimezoneChoice) -> State:
    await acknowledge(update)
    return await _answer_timezone(update, context, choice.zone)


async def on_units(update: Update, context: Context, choice: callbacks.UnitsChoice) -> State:
    await acknowledge(update)
    draft = replace(_load(context), units=choice.units)
    note = messages.units_labels()[choice.units]
    return await _advance(update, context, draft, Step.UNITS, note)


async def on_bodyweight_skip(update: Update, context: Context) -> State:
    await acknowledge(update)
    draft = _load(context)
    return await _advance(
        update, context, draft, Step.BODYWEIGHT, tr("onboarding.bodyweight_not_set")
    )


# --- Typed answers --------------------------------------------------------------------------


def _typed(update: Update) -> str:
    message = update.effective_message
    assert message is not None
    return (message.text or "").strip()


async def _take(
    update: Update,
    context: Context,
    value: T | None,
    answer: Callable[[Update, Context, T], Awaitable[State]],
    hint: str,
    step: Step,
) -> State:
    """Take `value` as the answer to `step`; if there is none, log the message if it reads
    as a workout log, or else say how to answer."""
    if value is None:
        if not await logged_instead(update, context):
            message = update.effective_message
            assert message is not None
            await message.reply_text(hint)
        return step.value
    return await answer(update, context, value)


async def typed_time(update: Update, context: Context) -> State:
    value = parse_time_of_day(_typed(update))
    return await _take(update, context, value, _answer_time, tr("onboarding.hint_time"), Step.TIME)


async def typed_timezone(update: Update, context: Context) -> State:
    text = _typed(update)
    hint = tr("onboarding.hint_timezone", text=text[:60])
    zone = resolve_timezone(text)
    return await _take(update, context, zone, _answer_timezone, hint, Step.TIMEZONE)


async def shared_location(update: Update, context: Context) -> State:
    message = update.effective_message
    assert message is not None and message.location is not None
    zone = await timezone_at(message.location.latitude, message.location.longitude)
    hint = tr("onboarding.hint_location_unknown")
    return await _take(update, context, zone, _answer_timezone, hint, Step.TIMEZONE)


async def typed_bodyweight(update: Update, context: Context) -> State:
    text = _typed(update)
    draft = _load(context)
    if text.casefold() == tr("labels.button_skip").casefold():
        return await _advance(
            update, context, draft, Step.BODYWEIGHT, tr("onboarding.bodyweight_not_set")
        )
    kilograms = parse_bodyweight(text, draft.units)
    hint = tr("onboarding.hint_bodyweight")
    return await _take(update, context, kilograms, _answer_bodyweight, hint, Step.BODYWEIGHT)


async def _answer_bodyweight(update: Update, context: Context, kilograms: float) -> State:
    draft = replace(_load(context), bodyweight_kg=kilograms)
    note = messages.format_bodyweight(kilograms, draft.units)
    return await _advance(update, context, draft, Step.BODYWEIGHT, note)


# --- Wiring ---------------------------------------------------------------------------------

_TEXT = filters.TEXT & ~filters.COMMAND
_OTHER = ~filters.COMMAND & ~filters.UpdateType.EDITED


def _hint(state: State) -> Handler:
    """While a question waits, a workout log is logged and anything else but a command
    gets a hint to press a button."""
    return MessageHandler(_OTHER, log_or_hint(state))


def _buttons(state: State, *presses: Handler) -> list[Handler]:
    """A question answered only by its buttons."""
    return [*presses, _hint(state)]


def conversation() -> ConversationHandler[Context]:
    states: dict[object, list[Handler]] = {
        MENU: _buttons(
            MENU,
            on_press(callbacks.SettingsChoice, on_menu),
            on_button(callbacks.KeepSettings, on_keep_settings),
            on_button(callbacks.OpenCoaching, on_coaching),
            on_button(callbacks.OpenLanguages, on_languages),
        ),
        Step.GOAL.value: _buttons(Step.GOAL.value, on_press(callbacks.GoalChoice, on_goal)),
        Step.EXPERIENCE.value: _buttons(
            Step.EXPERIENCE.value, on_press(callbacks.ExperienceChoice, on_experience)
        ),
        Step.EQUIPMENT.value: _buttons(
            Step.EQUIPMENT.value,
            on_press(callbacks.EquipmentToggle, on_equipment),
            on_button(callbacks.FullGym, on_full_gym),
            on_button(callbacks.EquipmentDone, on_equipment_done),
        ),
        Step.DAYS.value: _buttons(Step.DAYS.value, on_press(callbacks.DaysChoice, on_days)),
        Step.WEEKDAYS.value: _buttons(
            Step.WEEKDAYS.value,
            on_press(callbacks.WeekdayToggle, on_weekday),
            on_button(callbacks.WeekdaysDone, on_weekdays_done),
        ),
        Step.TIME.value: [
            on_press(callbacks.TimeChoice, on_time),
            MessageHandler(_TEXT, typed_time),
            _hint(Step.TIME.value),
        ],
        Step.TIMEZONE.value: [
            on_press(callbacks.TimezoneChoice, on_timezone),
            MessageHandler(filters.LOCATION, shared_location),
            MessageHandler(_TEXT, typed_timezone),
            _hint(Step.TIMEZONE.value),
        ],
        Step.UNITS.value: _buttons(Step.UNITS.value, on_press(callbacks.UnitsChoice, on_units)),
        Step.BODYWEIGHT.value: [
            on_button(callbacks.SkipBodyweight, on_bodyweight_skip),
            MessageHandler(_TEXT, typed_bodyweight),
            _hint(Step.BODYWEIGHT.value),
        ],
    }
    with warnings.catch_warnings():
        # Tracking callback queries per chat rather than per message is what we want: each
        # question replaces the last one, so there is only ever one live keyboard.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                CommandHandler("start", start),
                CommandHandler("settings", settings),
                on_button(callbacks.AddBodyweight, add_bodyweight),
            ],
            states=states,
            fallbacks=[CommandHandler("cancel", cancel)],
            name=CONVERSATION_NAME,
            persistent=True,
            allow_reentry=True,
        )
