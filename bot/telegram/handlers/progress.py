"""`/progress [exercise]` sends charts; `/stats` the numbers."""

from __future__ import annotations

from functools import partial

from telegram import InputMediaPhoto, Update
from telegram.ext import BaseHandler, CommandHandler

from bot.core.balance import find_imbalances, planned_volume, weekly_volume
from bot.core.profile import Units
from bot.services.charts import ChartWords
from bot.telegram import messages
from bot.telegram.context import Context, identity
from bot.telegram.handlers.wiring import Setup, with_setup
from bot.telegram.i18n import speaking, speaking_in, tr


@with_setup
async def show_progress(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    user_id, profile = identity(update).user_id, setup.profile
    name = " ".join(context.args or ()).strip()
    if name:
        words = chart_words()
        image = await context.services.progress.exercise_chart(user_id, profile, name, words)
        if image is None:
            await message.reply_text(tr("progress.progress_exercise_empty", name=name[:60]))
            return
        caption = tr("progress.progress_exercise_caption", name=name[:60])
        await message.reply_photo(image, caption=caption)
        return
    images = await context.services.progress.overview_charts(user_id, profile, chart_words())
    if not images:
        await message.reply_text(tr("progress.progress_empty"))
        return
    if len(images) == 1:
        await message.reply_photo(images[0], caption=tr("progress.progress_caption"))
    else:
        album = [InputMediaPhoto(images[0], caption=tr("progress.progress_caption"))]
        album += [InputMediaPhoto(image) for image in images[1:]]
        await message.reply_media_group(album)
    await _balance_note(update, context, setup)


async def _balance_note(update: Update, context: Context, setup: Setup) -> None:
    """Say so when one group or pattern lagged the person's plan the last two complete weeks."""
    user_id, profile = identity(update).user_id, setup.profile
    history = await context.services.progress.history(user_id)
    weeks = weekly_volume(history, 3, context.services.progress.today(profile))[:2]
    lines = messages.format_imbalances(
        find_imbalances(weeks, planned_volume(setup.plan), profile.equipment, profile.experience)
    )
    if lines:
        chat = update.effective_chat
        assert chat is not None
        await chat.send_message("\n".join(lines))


@with_setup
async def show_stats(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    profile = setup.profile
    stats = await context.services.progress.stats(identity(update).user_id, profile)
    await message.reply_text(messages.format_stats(stats, profile.units))


def chart_words() -> ChartWords:
    """The words of the /progress charts, in the language of the person being answered. The
    charts are drawn on a worker thread, so the dates are written by this language's
    translator, taken here, not by whatever language the thread would find."""
    speaks = speaking()
    return ChartWords(
        estimated_1rm=tr("charts.estimated_1rm"),
        top_load=tr("charts.top_load"),
        total_reps=tr("charts.total_reps"),
        weekly_sets=tr("charts.weekly_sets"),
        sets=tr("charts.sets"),
        week_starting=tr("charts.week_starting"),
        glutes=tr("charts.glutes"),
        hamstrings=tr("charts.hamstrings"),
        bodyweight=tr("charts.bodyweight"),
        kilograms=messages.unit_word(Units.KG),
        pounds=messages.unit_word(Units.LB),
        name_of=partial(_name_in, speaks.locale),
        day=partial(speaks.date, form=tr("charts.day")),
        month=partial(speaks.date, form=tr("charts.month")),
        month_year=partial(speaks.date, form=tr("charts.month_year")),
    )


def _name_in(locale: str, exercise_id: str) -> str:
    with speaking_in(locale):
        return messages.exercise_name(exercise_id)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [CommandHandler("progress", show_progress), CommandHandler("stats", show_stats)]
