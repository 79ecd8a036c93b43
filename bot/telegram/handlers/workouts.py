"""Today's session and logging it by plain-text replies: log, confirm, undo, edit, finish."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.core.assessment import (
    Logged,
    MoveOn,
    NeedExercise,
    Prompt,
    SessionComplete,
    SetsToGo,
)
from bot.core.logparse.backdating import MAX_DAYS_AGO
from bot.core.logparse.in_context import CUSTOM_ANSWER
from bot.core.logparse.reading import Rejection
from bot.core.profile import TrainingProfile, Units
from bot.core.workout_log import StoredLog
from bot.services.logbook import (
    AlreadyApplied,
    ChooseExercise,
    ChooseReading,
    LogResult,
    SentPrompt,
)
from bot.telegram import messages
from bot.telegram.callbacks import (
    AnswerLog,
    EditLog,
    FinishSession,
    LogEarlierDay,
    ReadyPain,
    SkipExercise,
    StartRest,
    StartSession,
    UndoLog,
)
from bot.telegram.context import Context, identity, webapp_site
from bot.telegram.handlers import readiness, rest_timer
from bot.telegram.handlers.keyboards import button, start_workout
from bot.telegram.handlers.moments import answer_text
from bot.telegram.handlers.wiring import Setup, acknowledge, on_button, on_press, with_setup
from bot.telegram.i18n import tr

_CORRECTING_KEY = "correcting_log"
# Messages waiting for the person's answer before they are stored: message id → text, reply.
_PENDING_KEY = "pending_logs"
_PENDING_KEPT = 5
# The earlier day the person is logging (the recovery reminder's button), and the day they
# pressed it on: ISO dates. It holds until /done or /today, and that day's end at the latest.
_EARLIER_DAY_KEY = "logging_earlier_day"


def _session_buttons() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(tr("workouts.button_skip_exercise"), SkipExercise()),
                button(tr("workouts.button_finish"), FinishSession()),
            ]
        ]
    )


def log_buttons(
    log_id: int, following: MoveOn = None, *, offer_timer: bool = False
) -> InlineKeyboardMarkup:
    """Undo and Edit; with sets to go, Next, and the rest timer's button if `offer_timer`
    (while it is off)."""
    row = [
        button(tr("workouts.button_undo"), UndoLog(log_id)),
        button(tr("workouts.button_edit"), EditLog(log_id)),
    ]
    if not isinstance(following, SetsToGo):
        return InlineKeyboardMarkup([row])
    row.append(button(tr("workouts.button_next"), SkipExercise()))
    timer = [[button(tr("workouts.button_rest_timer"), StartRest(log_id))]] if offer_timer else []
    return InlineKeyboardMarkup([row, *timer])


def _answer_buttons(
    message_id: int, result: ChooseReading | ChooseExercise
) -> InlineKeyboardMarkup:
    if isinstance(result, ChooseReading):
        labels = [(messages.format_reading(reading), kind) for kind, reading in result.options]
    else:
        labels = [
            (messages.exercise_name(exercise.id), exercise.id) for exercise in result.candidates
        ]
        labels.append((tr("workouts.button_keep_name", typed=result.typed), CUSTOM_ANSWER))
    return InlineKeyboardMarkup(
        [[button(label, AnswerLog(message_id, answer))] for label, answer in labels]
    )


async def _send_prompt(update: Update, prompt: Prompt, units: Units) -> SentPrompt:
    chat = update.effective_chat
    assert chat is not None
    sent = await chat.send_message(
        messages.format_prompt(prompt, units), reply_markup=_session_buttons()
    )
    exercise = prompt.planned.exercise
    return SentPrompt(sent.message_id, exercise.id, exercise.name)


async def _send_following(update: Update, following: MoveOn, units: Units) -> list[SentPrompt]:
    """The next exercise's prompt, or the end of the plan: what a log of the current one
    leads to."""
    if isinstance(following, Prompt):
        return [await _send_prompt(update, following, units)]
    if isinstance(following, SessionComplete):
        chat = update.effective_chat
        assert chat is not None
        await chat.send_message(tr("workouts.session_complete"), reply_markup=_session_buttons())
    return []


@with_setup
async def show_today(update: Update, context: Context, setup: Setup) -> None:
    """/today, or the workout reminder's Start button: the day's session, on a training day
    with the readiness check below it when due."""
    await acknowledge(update)
    assert context.user_data is not None
    context.user_data.pop(_EARLIER_DAY_KEY, None)
    await _send_today(update, context, setup, check=True)


async def on_readiness_answered(update: Update, context: Context, press: ReadyPain) -> None:
    """The readiness check's last answer: today's session again, as the answers changed it."""
    if await readiness.on_pain(update, context, press):
        found = await context.services.coach.setup(identity(update).user_id)
        assert found is not None, "on_pain answered for a person with a plan"
        await _send_today(update, context, Setup(*found))


async def _send_today(
    update: Update, context: Context, setup: Setup, *, check: bool = False
) -> None:
    """The day's session, with the readiness check below it when `check` and it is due."""
    profile, plan = setup
    today = await context.services.logbook.open_today(identity(update).user_id, profile, plan)
    title = tr("plans.today_title", weekday=messages.weekday_labels()[today.day.weekday])
    if today.day.is_workout:
        title = f"{title}\n{messages.format_week(today.prescription.week)}"
    sore = not today.day.is_workout and await _trained_yesterday(update, context, profile)
    text = messages.format_day(today.day, title=title, trained_yesterday=sore)
    if adjusted := messages.format_adjustments(today.prescription):
        text = "\n\n".join([text, "\n".join(adjusted)])
    asked = (
        await readiness.check(update, context, profile) if check and today.day.is_workout else None
    )
    chat = update.effective_chat
    assert chat is not None
    app = _open_app(context, today.day.is_workout)
    if asked is None:
        await chat.send_message(text, reply_markup=app)
    else:
        question, buttons = asked
        # Below the check's answers: the app may be opened without answering.
        if app is not None:
            buttons = InlineKeyboardMarkup([*buttons.inline_keyboard, *app.inline_keyboard])
        await chat.send_message(readiness.below(text, question), reply_markup=buttons)
    if today.day.is_workout:
        user_id = identity(update).user_id
        # Opening the session lands on the current exercise, or past the last one.
        sent = await _send_following(update, today.prompt or SessionComplete(), profile.units)
        if sent:
            await context.services.logbook.remember_prompts(user_id, sent)
        await context.services.logbook.read_ahead(user_id, profile, plan)


def _open_app(context: Context, is_workout: bool) -> InlineKeyboardMarkup | None:
    """The Mini App's button for a training day, when Telegram can open it."""
    site = webapp_site(context.bot_data)
    if not is_workout or site is None or site.url is None:
        return None
    return InlineKeyboardMarkup([[start_workout(site.url)]])


async def _trained_yesterday(update: Update, context: Context, profile: TrainingProfile) -> bool:
    yesterday = context.services.progress.today(profile) - timedelta(days=1)
    logged = await context.services.logbook.logged_dates(identity(update).user_id, since=yesterday)
    return yesterday in logged


async def _answer(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Reply quoting the person's message: the answer is about exactly that message."""
    return await message.reply_text(text, reply_markup=markup, do_quote=True)


async def _reply_rejected(message: Message, rejection: Rejection) -> None:
    await _answer(message, messages.format_rejection(rejection))


async def _confirm(update: Update, context: Context, logged: Logged, setup: Setup) -> None:
    """The confirmation, then what the log leads to; replies to either log their exercise."""
    message = update.effective_message
    assert message is not None
    log = logged.log
    profile = setup.profile
    units = profile.units
    sent: list[SentPrompt] = []
    try:
        today = context.services.progress.today(profile)
        text = messages.format_logged(logged, units, today)
        timer_on = await rest_timer.is_on(context, identity(update).user_id)
        markup = log_buttons(log.id, logged.following, offer_timer=not timer_on)
        reply = await _answer(message, text, markup)
        sent.append(SentPrompt(reply.message_id, log.exercise_id, log.exercise_name))
        sent += await _send_following(update, logged.following, units)
    finally:
        # What did arrive is remembered even when a later message failed.
        if sent:
            await context.services.logbook.remember_prompts(identity(update).user_id, sent)
    await _time_rest(update, context, setup, logged)


async def _time_rest(update: Update, context: Context, setup: Setup, logged: Logged) -> None:
    """A fresh log ends the rest before it; with the timer on, one with sets to go starts
    its own, and one that finishes its exercise the rest before the next exercise shown."""
    if logged.duplicate:
        return
    user_id = identity(update).user_id
    rest_timer.cancel(context, user_id)
    following = logged.following
    if not isinstance(following, SetsToGo | Prompt) or not await rest_timer.is_on(context, user_id):
        return
    toward = following.prescription.planned.exercise.id if isinstance(following, Prompt) else None
    await rest_timer.start(update, context, setup.profile, setup.plan, logged.log.id, toward)


@with_setup
async def on_text(update: Update, context: Context, setup: Setup) -> None:
    """Any plain text outside a conversation: a workout log, or a friendly explanation."""
    message = update.effective_message
    assert message is not None and message.text is not None
    profile, plan = setup
    user_id = identity(update).user_id
    assert context.user_data is not None
    correcting = context.user_data.pop(_CORRECTING_KEY, None)
    if isinstance(correcting, int):
        result = await context.services.logbook.correct(
            user_id, profile, plan, log_id=correcting, text=message.text
        )
        await _after_correction(update, result)
        return
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    earlier = _earlier_day(context, profile)
    result = await context.services.logbook.log(
        user_id,
        profile,
        plan,
        message_id=message.message_id,
        text=message.text,
        reply_to=reply_to,
        earlier_day=earlier,
        first_delivery=context.services.intake.is_fresh(update.update_id),
    )
    if isinstance(result, Rejection):
        if not await answer_text(update, context, setup, message.text):
            await _reply_rejected(message, result)
    elif isinstance(result, NeedExercise):
        await _answer(message, tr("workouts.need_exercise"))
    elif isinstance(result, ChooseReading | ChooseExercise):
        _keep_pending(context.user_data, message.message_id, message.text, reply_to, earlier)
        await _answer(message, _question(result), _answer_buttons(message.message_id, result))
    else:
        await _confirm(update, context, result, setup)


def _question(result: ChooseReading | ChooseExercise) -> str:
    if isinstance(result, ChooseReading):
        return tr("workouts.choose_reading", name=messages.named_by_core(result.exercise_name))
    return tr("workouts.choose_exercise", typed=result.typed)


def _keep_pending(
    user_data: dict[str, Any],
    message_id: int,
    text: str,
    reply_to: int | None,
    earlier: date | None,
) -> None:
    pending = user_data.setdefault(_PENDING_KEY, {})
    pending[str(message_id)] = [text, reply_to, earlier.isoformat() if earlier else None]
    for old in list(pending)[:-_PENDING_KEPT]:
        del pending[old]


@with_setup
async def on_log_answer(update: Update, context: Context, setup: Setup, answer: AnswerLog) -> None:
    """The person picked a reading or an exercise: the waiting message is stored as picked,
    and the question becomes its confirmation."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    pending = context.user_data.get(_PENDING_KEY, {}).pop(str(answer.message_id), None)
    if pending is None:
        await query.answer(tr("workouts.answer_expired"), show_alert=True)
        return
    await query.answer()
    # Questions asked before the earlier day was kept with them have none.
    text, reply_to, *day = pending
    earlier = date.fromisoformat(day[0]) if day and day[0] else None
    profile, plan = setup
    user_id = identity(update).user_id
    result = await context.services.logbook.log(
        user_id,
        profile,
        plan,
        message_id=answer.message_id,
        text=text,
        reply_to=reply_to,
        answer=answer.answer,
        earlier_day=earlier,
    )
    if isinstance(result, ChooseReading | ChooseExercise):  # the exercise, then its reading
        _keep_pending(context.user_data, answer.message_id, text, reply_to, earlier)
        markup = _answer_buttons(answer.message_id, result)
        await query.edit_message_text(_question(result), reply_markup=markup)
        return
    if not isinstance(result, Logged):
        await query.edit_message_text(tr("workouts.answer_expired"))
        return
    log = result.log
    await query.edit_message_text(
        messages.format_logged(result, profile.units, context.services.progress.today(profile)),
        reply_markup=log_buttons(
            log.id, result.following, offer_timer=not await rest_timer.is_on(context, user_id)
        ),
    )
    assert query.message is not None
    sent = [SentPrompt(query.message.message_id, log.exercise_id, log.exercise_name)]
    sent += await _send_following(update, result.following, profile.units)
    await context.services.logbook.remember_prompts(user_id, sent)
    await _time_rest(update, context, setup, result)


async def _after_correction(update: Update, result: LogResult | None) -> None:
    message = update.effective_message
    assert message is not None
    if isinstance(result, Rejection):
        await _reply_rejected(message, result)
    elif isinstance(result, Logged):
        log = result.log
        await _answer(
            message,
            tr("workouts.updated", line=messages.format_log_line(log)),
            log_buttons(log.id),
        )
    else:
        await _answer(message, tr("workouts.already_undone"))


@with_setup
async def on_edited(update: Update, context: Context, setup: Setup) -> None:
    """An edited message re-reads its log; an edited non-log may now be one."""
    message = update.edited_message
    assert message is not None and message.text is not None
    profile, plan = setup
    result = await context.services.logbook.correct_message(
        identity(update).user_id, profile, plan, message_id=message.message_id, text=message.text
    )
    if result is None:
        await on_text(update, context)
        return
    if isinstance(result, Logged) and result.duplicate:
        return  # the same edit delivered again: it was confirmed the first time
    await _after_correction(update, result)


@with_setup
async def on_undo_button(update: Update, context: Context, setup: Setup, undo: UndoLog) -> None:
    query = update.callback_query
    assert query is not None
    removed = await context.services.logbook.undo(identity(update).user_id, setup.plan, undo.log_id)
    if not isinstance(removed, StoredLog):
        await query.answer(tr("workouts.already_undone"), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(tr("workouts.undone", line=messages.format_log_line(removed)))


async def on_edit_button(update: Update, context: Context, edit: EditLog) -> None:
    query = update.callback_query
    assert query is not None
    stored = await context.services.logbook.get_log(identity(update).user_id, edit.log_id)
    if stored is None:
        await query.answer(tr("workouts.already_undone"), show_alert=True)
        return
    await query.answer()
    assert context.user_data is not None
    context.user_data[_CORRECTING_KEY] = stored.id
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(tr("workouts.edit_ask", name=messages.logged_name(stored)))


@with_setup
async def undo_last(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    removed = await context.services.logbook.undo(
        identity(update).user_id, setup.plan, update_id=update.update_id
    )
    if removed is None:
        await message.reply_text(tr("workouts.nothing_to_undo"))
        return
    if isinstance(removed, AlreadyApplied):
        await message.reply_text(tr("workouts.already_undone"))
        return
    await message.reply_text(tr("workouts.undone", line=messages.format_log_line(removed)))


@with_setup
async def on_skip(update: Update, context: Context, setup: Setup) -> None:
    await acknowledge(update)
    profile, plan = setup
    user_id = identity(update).user_id
    rest_timer.cancel(context, user_id)
    prompt = await context.services.logbook.skip(user_id, profile, plan, update_id=update.update_id)
    if prompt is None:
        chat = update.effective_chat
        assert chat is not None
        await chat.send_message(tr("workouts.no_more_exercises"), reply_markup=_session_buttons())
        return
    await context.services.logbook.remember_prompts(
        user_id, [await _send_prompt(update, prompt, profile.units)]
    )


def _earlier_day(context: Context, profile: TrainingProfile) -> date | None:
    """The earlier day the person is logging, if they still are: it ends with the day they
    started it on."""
    assert context.user_data is not None
    kept = context.user_data.get(_EARLIER_DAY_KEY)
    if not kept:
        return None
    day, started = (date.fromisoformat(text) for text in kept)
    if started != context.services.progress.today(profile):
        del context.user_data[_EARLIER_DAY_KEY]
        return None
    return day


@with_setup
async def log_earlier_day(
    update: Update, context: Context, setup: Setup, press: LogEarlierDay
) -> None:
    """The recovery reminder's button: the next logs are of an earlier day."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    today = context.services.progress.today(setup.profile)
    if not 0 < (today - press.day).days <= MAX_DAYS_AGO:
        await query.answer(tr("workouts.earlier_day_too_old"), show_alert=True)
        return
    await query.answer()
    context.user_data[_EARLIER_DAY_KEY] = [press.day.isoformat(), today.isoformat()]
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(
        tr("workouts.logging_earlier_day", date=messages.format_short_date(press.day))
    )


@with_setup
async def finish(update: Update, context: Context, setup: Setup) -> None:
    """/done, or the Finish button; logging an earlier day, the end of that."""
    await acknowledge(update)
    profile, plan = setup
    rest_timer.cancel(context, identity(update).user_id)
    chat = update.effective_chat
    assert chat is not None
    if (earlier := _earlier_day(context, profile)) is not None:
        assert context.user_data is not None
        del context.user_data[_EARLIER_DAY_KEY]
        await chat.send_message(
            tr("workouts.earlier_day_done", date=messages.format_short_date(earlier))
        )
        return
    summary = await context.services.logbook.finish(identity(update).user_id, profile, plan)
    text = messages.format_summary(summary) if summary else tr("workouts.nothing_to_finish")
    await chat.send_message(text)


async def history(update: Update, context: Context) -> None:
    message = update.effective_message
    assert message is not None
    name = " ".join(context.args or ()).strip() or None
    sessions = await context.services.logbook.history(identity(update).user_id, name)
    await message.reply_text(messages.format_history(sessions, name))


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        CommandHandler("today", show_today),
        on_button(StartSession, show_today),
        CommandHandler("done", finish),
        CommandHandler("undo", undo_last),
        CommandHandler("history", history),
        on_press(UndoLog, on_undo_button),
        on_press(EditLog, on_edit_button),
        on_press(AnswerLog, on_log_answer),
        on_press(LogEarlierDay, log_earlier_day),
        on_press(ReadyPain, on_readiness_answered),
        on_button(SkipExercise, on_skip),
        on_button(FinishSession, finish),
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND, on_edited
        ),
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, on_text),
    ]
