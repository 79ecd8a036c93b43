"""/settings → Coaching: each part of the coaching switched on or off, and a plan without a
region that keeps hurting ("Plan without knee work" under the advice to have it checked),
undone by a button here or by saying it is fine ("my knee is fine now")."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from telegram import CallbackQuery, Update
from telegram.ext import BaseHandler

from bot.core.coaching_switches import CoachingSwitches
from bot.core.readiness import PainRegion
from bot.telegram import messages
from bot.telegram.callbacks import AvoidRegion, CoachingSwitchTo, RegionFine
from bot.telegram.context import Context, identity, webapp_site
from bot.telegram.handlers import keyboards, rest_timer
from bot.telegram.handlers.wiring import edit_in_place, on_press
from bot.telegram.i18n import tr


async def show_menu(query: CallbackQuery, context: Context, user_id: int) -> None:
    """The pressed message becomes the coaching menu, as the switches are now."""
    switches = await context.services.switches.get(user_id)
    app = webapp_site(context.bot_data) is not None
    await edit_in_place(query, _menu_text(switches), keyboards.coaching_menu(switches, app=app))


async def on_switch(update: Update, context: Context, press: CoachingSwitchTo) -> None:
    query = update.callback_query
    assert query is not None
    user_id = identity(update).user_id
    await context.services.switches.change(
        user_id, lambda switches: _switched(switches, press.switch, on=press.on)
    )
    if press.switch == "rest_timer" and not press.on:
        rest_timer.cancel(context, user_id)  # no ping for a rest under way either
    await query.answer()
    await show_menu(query, context, user_id)


async def on_avoid(update: Update, context: Context, press: AvoidRegion) -> None:
    """Plan without the region's work, until the person says it is fine."""
    query = update.callback_query
    assert query is not None
    region = messages.avoidable()[press.region]
    user_id = identity(update).user_id
    if (await context.services.switches.get(user_id)).avoid is press.region:
        await query.answer(tr("coaching.avoiding_already", region=region), show_alert=True)
        return
    await context.services.switches.change(
        user_id, lambda switches: replace(switches, avoid=press.region)
    )
    await query.answer()
    await query.edit_message_reply_markup(None)
    await _say(update, tr("coaching.avoiding", region=region))


async def on_fine(update: Update, context: Context, press: RegionFine) -> None:
    """The coaching menu's "Knee is fine again"; the menu shows the switches after it."""
    query = update.callback_query
    assert query is not None
    user_id = identity(update).user_id
    answer = await fine_again(context, user_id, press.region)
    await query.answer()
    await show_menu(query, context, user_id)
    await _say(update, answer)


async def fine_again(context: Context, user_id: int, region: PainRegion) -> str:
    """The region is fine: its work back in the plan if it was left out. What to tell."""
    before = await context.services.switches.get(user_id)
    name = messages.avoidable()[region]
    if before.avoid is not region:
        return tr("coaching.fine_not_avoided", region=name)
    await context.services.switches.change(user_id, lambda switches: _without(switches, region))
    return tr("coaching.fine_again", region=name)


def _switched(switches: CoachingSwitches, name: str, *, on: bool) -> CoachingSwitches:
    # `name` is one of the boolean fields (callbacks.SWITCHES only decodes those).
    changes: dict[str, Any] = {name: on}
    return replace(switches, **changes)


def _without(switches: CoachingSwitches, region: PainRegion) -> CoachingSwitches:
    # Read again in the saving transaction: another region avoided since stays avoided.
    return replace(switches, avoid=None) if switches.avoid is region else switches


def avoid_offer(region: PainRegion | None, switches: CoachingSwitches) -> PainRegion | None:
    """The region to offer a plan without, under the advice on lasting pain: one a plan can
    leave out, and not left out already."""
    if region is None or region not in messages.avoidable() or switches.avoid is region:
        return None
    return region


async def _say(update: Update, text: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(text)


def _menu_text(switches: CoachingSwitches) -> str:
    if switches.avoid is None or switches.avoid not in messages.avoidable():
        return tr("coaching.coaching_menu")
    avoiding = tr("coaching.coaching_avoiding", region=messages.avoidable()[switches.avoid])
    return f"{tr('coaching.coaching_menu')}\n\n{avoiding}"


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [
        on_press(CoachingSwitchTo, on_switch),
        on_press(AvoidRegion, on_avoid),
        on_press(RegionFine, on_fine),
    ]
