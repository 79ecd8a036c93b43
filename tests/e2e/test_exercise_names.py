"""Exercise names in the chat follow the person's language."""

from __future__ import annotations

from bot.core.catalogue import CATALOGUE
from bot.emulator import BotApiEmulator
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import LANGUAGE_NAMES, translator
from tests.e2e.handled import Replies
from tests.support.onboarding import gym_lifter

RU = translator("ru")


async def test_after_switching_to_russian_the_plan_names_its_exercises_in_russian(
    emulator: BotApiEmulator, coach: CoachApplication, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4601)
    await user.send_text("/language")
    (menu,) = await replies(user)
    await user.press(LANGUAGE_NAMES["ru"], message=menu)
    await replies(user)
    await user.send_text("/plan")
    (week,) = await replies(user)
    russian = [RU.text(f"exercises.{exercise.id}") for exercise in CATALOGUE]
    assert any(f" {name} — " in week.text for name in russian), week.text
    assert not [e.name for e in CATALOGUE if f" {e.name} — " in week.text]
