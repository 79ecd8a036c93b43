"""Numbers alone after a named log of another planned exercise (found by the fortnight
property test below)."""

from __future__ import annotations

from bot.emulator import BotApiEmulator
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.e2e.test_trusted_logs import DUMBBELLS_AND_BENCH, _person, _today


async def test_numbers_go_to_the_planned_exercise_last_named_and_the_chat_shows_where(
    emulator: BotApiEmulator, coach: CoachApplication, clock: FakeClock, replies: Replies
) -> None:
    """Found by the fortnight: after `hip abduction 2x19` (Friday's second exercise, named
    while the step-ups had a set to go) the chat ended on the abduction's confirmation, and
    `2x16 bw` was stored as bodyweight step-ups."""
    user = await _person(emulator, 1220, *DUMBBELLS_AND_BENCH)
    clock.advance(days=4)  # Friday: Step-up, Side-lying hip abduction (2 sets)
    assert (await _today(user)).text.startswith("1/2 Step-up")

    await user.send_text("hip abduction 1x15")
    named = (await replies(user))[-1]
    assert named.text.startswith("✅ Side-lying hip abduction: 1 × 15")
    assert messages.SETS_TO_GO.format(done=1, planned=2) in named.text
    assert messages.BUTTON_NEXT in named.button_texts
    await user.send_text("15")
    alone = await replies(user)
    assert alone[0].text.startswith("✅ Side-lying hip abduction: 1 × 15"), alone[0].text
    assert alone[-1].text.startswith("1/2 Step-up")

    # One more set of it, its planned sets done: the chat goes back to the step-ups.
    await user.send_text("hip abduction 1x12")
    extra = await replies(user)
    assert extra[0].text.startswith("✅ Side-lying hip abduction: 1 × 12")
    assert extra[-1].text.startswith("1/2 Step-up")
    await user.send_text("10 @ 20")
    assert (await replies(user))[0].text.startswith("✅ Step-up: 1 × 10 @ 20 kg")
