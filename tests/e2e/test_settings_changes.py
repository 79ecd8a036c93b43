"""A /settings change keeps what the person chose, and says only what changed."""

from __future__ import annotations

from bot.core.nutrition import protein_plan
from bot.core.profile import Equipment, Goal, Units, Weekday
from bot.core.schedule import local_weekday
from bot.emulator import BotApiEmulator, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.handled import Replies
from tests.support.onboarding import onboard, week_plan

App = CoachApplication


async def _swap_first_exercise(user: ChatUser) -> str:
    """Swaps the first exercise of today's session for its first substitute; returns the
    substitute's name."""
    await user.send_text("/swap")
    menu = await user.next_message()
    old_name = menu.button_texts[0]
    await user.press(old_name, message=menu)
    options = await user.next_message()
    new_name = options.button_texts[0]
    await user.press(new_name, message=options)
    assert (await user.next_message()).text == tr("plans.swap_done", old=old_name, new=new_name)
    return new_name


async def _change_setting(user: ChatUser, field: str, answer: str, *, typed: bool) -> None:
    await user.send_text("/settings")
    menu = await user.next_message()
    await user.press(messages.settings_fields()[field], message=menu)
    question = await user.next_message()
    if typed:
        await user.send_text(answer)
    else:
        await user.press(answer, message=question)


async def test_a_swap_lasts_through_settings_that_do_not_change_the_plan(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(1201)
    today = local_weekday("UTC")
    training = tuple(sorted((today, Weekday((today + 3) % 7))))
    equipment = (Equipment.DUMBBELLS, Equipment.BENCH, Equipment.BANDS)
    await onboard(user, equipment=equipment, days=2, weekdays=training, timezone="UTC")
    new_name = await _swap_first_exercise(user)

    await _change_setting(user, "units", messages.units_labels()[Units.LB], typed=False)
    after_units = await replies(user)
    await _change_setting(user, "time", "07:15", typed=True)
    after_time = await replies(user)
    await user.send_text("/today")
    session = (await user.next_message()).text

    assert new_name in session, session
    for said in (after_units, after_time):
        texts = [m.text for m in said]
        assert tr("onboarding.settings_saved_same_plan") in texts, texts
        assert not any(week_plan(m) for m in said), texts


async def test_adding_a_bodyweight_states_the_protein_target(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(1203)
    await onboard(user, goal=Goal.GLUTES, bodyweight=None)
    await _change_setting(user, "bodyweight", "65", typed=True)
    said = await replies(user)
    (saved,) = [
        m.text for m in said if m.text.startswith(tr("onboarding.settings_saved_same_plan"))
    ]

    target = protein_plan(65, Goal.GLUTES)
    assert f"about {target.daily_g} g" in saved, saved
    assert not any(week_plan(m) for m in said), [m.text for m in said]
