"""A log at a percentage of the one-rep max ("RDL 5x5 @ 80%", issue 15): stored at that share
of the person's estimate from their history, or, with no estimate, not stored and the weight
asked for."""

from __future__ import annotations

from bot.core.profile import Equipment, Experience, Goal, Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import onboard

App = CoachApplication


async def _person(emulator: BotApiEmulator, user_id: int) -> ChatUser:
    user = emulator.user(user_id)
    await onboard(
        user,
        goal=Goal.GLUTES,
        experience=Experience.BEGINNER,
        equipment=(Equipment.BARBELL,),
        days=3,
        weekdays=(Weekday.MON, Weekday.WED, Weekday.FRI),
        timezone="UTC",
    )
    return user


async def _reply(user: ChatUser, text: str) -> BotMessage:
    message_id = await user.send_text(text)
    return await user.wait_for(lambda message: message.reply_to_message_id == message_id)


async def _history(user: ChatUser) -> str:
    await user.send_text("/history")
    return (await user.wait_for(lambda m: m.text.startswith(("Recent", "No logs")))).text


async def test_a_percentage_is_stored_at_that_share_of_the_estimate_from_history(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1501)
    first = await _reply(user, "RDL 3x5 @ 100kg")  # 100 kg for 5: an estimated 112.5 kg 1RM
    assert first.text.startswith("✅ Romanian deadlift: 3 × 5 @ 100 kg"), first.text
    clock.advance(days=2)
    percent = await _reply(user, "RDL 5x5 @ 80%")  # 90 kg, a load the bar takes
    expected = "✅ Romanian deadlift: 5 × 5 @ 90 kg (80% of your 112.5 kg estimate)"
    assert percent.text.startswith(expected), percent.text
    assert "Romanian deadlift: 5 × 5 @ 90 kg" in await _history(user)


async def test_without_history_the_weight_is_asked_for_and_nothing_stored(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1502)
    asked = await _reply(user, "RDL 5x5 @ 80%")
    assert asked.text == tr("workouts.no_estimate", name="Romanian deadlift")
    assert (await _history(user)).startswith("No logs")
    weighed = await _reply(user, "RDL 5x5 @ 80kg")  # the same log, with the weight
    assert weighed.text.startswith("✅ Romanian deadlift: 5 × 5 @ 80 kg"), weighed.text
