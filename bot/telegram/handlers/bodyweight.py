"""`/weight [value]`: note today's bodyweight, or see the latest weigh-ins. Said in plain
words ("I weigh 72.5 kg"), a weigh-in comes here too (`moments`)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.core.answers import parse_bodyweight
from bot.core.nutrition import protein_plan
from bot.telegram import messages
from bot.telegram.context import Context, identity
from bot.telegram.handlers.wiring import Setup, with_setup
from bot.telegram.i18n import tr


@with_setup
async def weigh_in(update: Update, context: Context, setup: Setup) -> None:
    message = update.effective_message
    assert message is not None
    text = " ".join(context.args or [])
    if not text:
        weigh_ins = await context.services.coach.weigh_ins(identity(update).user_id)
        await message.reply_text(messages.format_weigh_ins(weigh_ins, setup.profile.units))
        return
    await record(update, context, setup, parse_bodyweight(text, setup.profile.units))


async def record(update: Update, context: Context, setup: Setup, kilograms: float | None) -> None:
    """Today's bodyweight noted and told with the protein target it gives; None (what was
    typed is no plausible bodyweight) is refused with nothing stored."""
    message = update.effective_message
    assert message is not None
    if kilograms is None:
        await message.reply_text(tr("bodyweight.weight_not_understood"))
        return
    profile = await context.services.coach.record_bodyweight(identity(update).user_id, kilograms)
    protein = protein_plan(kilograms, profile.goal)
    await message.reply_text(messages.format_weight_saved(kilograms, setup.profile.units, protein))


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [CommandHandler("weight", weigh_in)]
