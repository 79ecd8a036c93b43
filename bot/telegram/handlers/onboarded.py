"""What most commands need first: the person's profile (and plan), or a nudge to onboard."""

from __future__ import annotations

from telegram import Update

from bot.core.planner import WeekPlan
from bot.core.profile import TrainingProfile
from bot.telegram import messages
from bot.telegram.context import Context, identity


async def profile_or_ask(update: Update, context: Context) -> TrainingProfile | None:
    """The person's training profile, or None after asking them to onboard first."""
    profile = await context.services.coach.profile(identity(update).user_id)
    if profile is None:
        await _ask_to_onboard(update)
    return profile


async def setup_or_ask(update: Update, context: Context) -> tuple[TrainingProfile, WeekPlan] | None:
    """The person's profile and plan, or None after asking them to onboard first."""
    setup = await context.services.coach.setup(identity(update).user_id)
    if setup is None:
        await _ask_to_onboard(update)
    return setup


async def _ask_to_onboard(update: Update) -> None:
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(messages.NEED_PROFILE)
