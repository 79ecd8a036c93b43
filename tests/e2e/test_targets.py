"""The "Next time" target after a log: in the person's unit, on loads that exist, with the
planned sets, and never more weight for bodyweight work."""

from __future__ import annotations

import re
from typing import Unpack

import pytest

from bot.core.prescription import Why
from bot.core.profile import Equipment, Goal, Units, Weekday
from bot.emulator import BotApiEmulator, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.test_logging import _logged, _today
from tests.support.onboarding import Answers, onboard

App = CoachApplication
DUMBBELLS_AND_BENCH = (Equipment.DUMBBELLS, Equipment.BENCH)


async def _person(emulator: BotApiEmulator, user_id: int, **answers: Unpack[Answers]) -> ChatUser:
    """Someone new, onboarded in UTC on the A_MONDAY clock: it is Monday."""
    user = emulator.user(user_id)
    await onboard(user, **(Answers(timezone="UTC") | answers))
    return user


def _next_time(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("🎯"))


@pytest.mark.parametrize(
    ("answers", "log", "confirmation", "target"),
    [
        # 35 lb is 15.9 kg: "16 kg (add weight)" was no increase.
        (
            Answers(equipment=DUMBBELLS_AND_BENCH),
            "goblet squat 3x12 @ 35lb",
            "✅ Goblet squat: 3 × 12 @ 35 lb",
            "🎯 Next time: 3 × 8 @ 18 kg — ",
        ),
        # 20 kg was kept as "44.09 lb" (today's plan has 4 × 8-12; with a set to go, the
        # target waits for it).
        (
            Answers(equipment=DUMBBELLS_AND_BENCH, units=Units.LB),
            "dumbbell rdl 4x8 @ 20kg",
            "✅ Dumbbell Romanian deadlift: 4 × 8 @ 20 kg",
            "🎯 Next time: 4 × 9 @ 45 lb — ",
        ),
        # Planned for Thursdays as 2 × 15-20, donkey kicks logged on Monday got 3 sets.
        (
            Answers(equipment=DUMBBELLS_AND_BENCH, days=4),
            "donkey kicks 2x15 bw",
            "✅ Donkey kick: 2 × 15",
            "🎯 Next time: 2 × 16 — ",
        ),
    ],
    ids=["pounds to kilograms", "kilograms to pounds", "sets planned another day"],
)
async def test_a_target_is_in_the_persons_unit_on_a_real_dumbbell_with_the_planned_sets(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    answers: Answers,
    log: str,
    confirmation: str,
    target: str,
) -> None:
    user = await _person(emulator, 501, **answers)

    reply = await _logged(user, log)

    assert reply.text.startswith(confirmation)
    assert _next_time(reply.text).startswith(target)


async def test_a_bodyweight_only_squat_session_is_never_told_to_add_weight(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = await _person(
        emulator,
        504,
        equipment=(),
        goal=Goal.STRENGTH,
        days=2,
        weekdays=(Weekday.MON, Weekday.THU),
    )
    first = await _today(user)
    assert first["name"] == "Bodyweight squat"

    reply = await _logged(user, "squat 3x15")

    assert "@" not in _next_time(reply.text)


async def test_a_first_target_asks_for_a_weight_only_on_a_loaded_exercise(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    """ "Pick a weight that leaves 2 reps in reserve" was said of bodyweight squats and band
    leg curls."""
    user = await _person(
        emulator,
        505,
        equipment=(Equipment.BANDS,),
        goal=Goal.HAMSTRINGS,
        days=2,
        weekdays=(Weekday.MON, Weekday.THU),
    )
    assert (await _today(user))["name"] == "Bodyweight squat"
    squat = user.last_message.text
    assert _aim(squat) == f"3 × 12 — {_why(Why.FIRST_REPS, squat)}"

    await user.press(tr("workouts.button_skip_exercise"))
    nordic = (await user.next_message()).text
    assert nordic.startswith("2/3 Nordic negative")
    assert _aim(nordic).endswith(_why(Why.FIRST_REPS, nordic))
    await user.press(tr("workouts.button_skip_exercise"))
    curl = (await user.next_message()).text
    assert curl.startswith("3/3 Band leg curl")
    assert _aim(curl).endswith(_why(Why.FIRST_BAND, curl))
    assert messages.why()[Why.FIND_LOAD].split("{")[0] not in squat + nordic + curl


def _aim(prompt: str) -> str:
    return next(line for line in prompt.splitlines() if line.startswith("Aim for: "))[9:]


def _why(why: Why, prompt: str) -> str:
    """The reason as the prompt's exercise would get it: its own rep range filled in."""
    low, high = re.search(r"— \d+ × (\d+)-(\d+)", prompt).groups()  # type: ignore[union-attr]
    return messages.why()[why].format(low=low, top=high)
