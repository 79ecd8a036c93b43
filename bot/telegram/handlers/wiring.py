"""What handlers are given before they run: the person's profile and plan (or, before
onboarding, a nudge to /start instead of the handler)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from telegram import Update

from bot.core.planner import WeekPlan
from bot.core.profile import TrainingProfile
from bot.telegram import messages
from bot.telegram.context import Context, identity

P = ParamSpec("P")
R = TypeVar("R")


class Setup(NamedTuple):
    """The person's profile and current plan (a pair, as CoachService.setup gives them)."""

    profile: TrainingProfile
    plan: WeekPlan


def with_setup(
    handler: Callable[Concatenate[Update, Context, Setup, P], Awaitable[R]],
) -> Callable[Concatenate[Update, Context, P], Coroutine[Any, Any, R | None]]:
    """Runs `handler` with the person's profile and plan; before onboarding, asks them to
    /start instead (and answers the button they pressed) and returns None."""

    @functools.wraps(handler)
    async def guarded(
        update: Update, context: Context, /, *args: P.args, **kwargs: P.kwargs
    ) -> R | None:
        found = await context.services.coach.setup(identity(update).user_id)
        if found is None:
            await _ask_to_onboard(update)
            return None
        return await handler(update, context, Setup(*found), *args, **kwargs)

    return guarded


async def acknowledge(update: Update) -> None:
    """Answer the button press this update is, if it is one."""
    if update.callback_query is not None:
        await update.callback_query.answer()


async def _ask_to_onboard(update: Update) -> None:
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(messages.NEED_PROFILE)
    await acknowledge(update)
