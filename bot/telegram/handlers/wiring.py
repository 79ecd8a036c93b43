"""What handlers are given before they run: the button pressed, decoded, and the person's
profile and plan (or, before onboarding, a nudge to /start instead of the handler)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, NamedTuple, ParamSpec, Protocol, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.core.planner import WeekPlan
from bot.core.profile import TrainingProfile
from bot.services.plan_changes import plan_on
from bot.telegram.context import Context, Services, identity
from bot.telegram.i18n import tr

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Kind(Protocol[T_co]):
    """A kind of button from bot.telegram.callbacks (the class itself)."""

    def decode(self, data: object) -> T_co | None: ...

    def matches(self, data: object) -> bool: ...


class _PressHandler(CallbackQueryHandler[Context, R]):
    """A CallbackQueryHandler that takes only presses its pattern accepts.

    python-telegram-bot's own lets a press with empty or no data through whatever its
    pattern says; no button of ours sends one, so it goes on to the last-resort answer.
    """

    def check_update(self, update: object) -> bool | object | None:
        if isinstance(update, Update) and update.callback_query and not update.callback_query.data:
            return False
        return super().check_update(update)


def on_press(
    kind: Kind[T], callback: Callable[[Update, Context, T], Awaitable[R]]
) -> CallbackQueryHandler[Context, R]:
    """A handler for presses of `kind`'s buttons; `callback` gets the decoded press."""

    async def decoded(update: Update, context: Context) -> R:
        query = update.callback_query
        assert query is not None
        pressed = kind.decode(query.data)
        assert pressed is not None, "the handler's pattern takes only what decodes"
        return await callback(update, context, pressed)

    return _PressHandler(decoded, pattern=kind.matches)


def on_button(
    kind: Kind[object], callback: Callable[[Update, Context], Coroutine[Any, Any, R]]
) -> CallbackQueryHandler[Context, R]:
    """A handler for presses of `kind`'s buttons, for a `callback` that needs no more than
    which button it was (a kind without fields)."""
    return _PressHandler(callback, pattern=kind.matches)


class Setup(NamedTuple):
    """The person's profile and current plan (a pair, as CoachService.setup gives them)."""

    profile: TrainingProfile
    plan: WeekPlan


async def as_today(
    services: Services, user_id: int, profile: TrainingProfile, plan: WeekPlan
) -> Setup:
    """The plan as it stands today: sessions moved this week, equipment while travelling."""
    changes = await services.plan_changes.get(user_id)
    today = services.progress.today(profile)
    return Setup(profile, plan_on(profile, plan, changes, today))


def with_setup(
    handler: Callable[Concatenate[Update, Context, Setup, P], Awaitable[R]],
) -> Callable[Concatenate[Update, Context, P], Coroutine[Any, Any, R | None]]:
    """Runs `handler` with the person's profile and plan; before onboarding, asks them to
    /start instead (and answers the button they pressed) and returns None."""

    @functools.wraps(handler)
    async def guarded(
        update: Update, context: Context, /, *args: P.args, **kwargs: P.kwargs
    ) -> R | None:
        user_id = identity(update).user_id
        found = await context.services.coach.setup(user_id)
        if found is None:
            await _ask_to_onboard(update)
            return None
        setup = await as_today(context.services, user_id, *found)
        return await handler(update, context, setup, *args, **kwargs)

    return guarded


async def edit_in_place(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the pressed button's message to `text`, with `markup` as its buttons."""
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        # A double tap re-renders the same message; Telegram refuses the no-op edit.
        if "not modified" not in exc.message.lower():
            raise


async def acknowledge(update: Update) -> None:
    """Answer the button press this update is, if it is one."""
    if update.callback_query is not None:
        await update.callback_query.answer()


async def _ask_to_onboard(update: Update) -> None:
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(tr("general.need_profile"))
    await acknowledge(update)
