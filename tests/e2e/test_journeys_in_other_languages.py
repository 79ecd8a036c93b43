"""A week's first day in Russian and in Spanish, from /start to the export: every message the
person reads is in their language, and what they type in it is understood."""

from __future__ import annotations

import re

import pytest

from bot.core.profile import Equipment, Goal, Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import speaking_in, tr
from bot.telegram.messages import exercise_name
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies, due_reminders_sent
from tests.support.onboarding import onboard

App = CoachApplication

# Words that give English away in a reply; none is a word of Russian or Spanish, and none is
# gym slang those languages borrow (reps, sets, RPE).
ENGLISH_WORDS = frozenset(
    [
        "the",
        "your",
        "you",
        "with",
        "what",
        "today",
        "next",
        "when",
        "this",
        "that",
        "week",
        "day",
        "days",
        "time",
        "weight",
        "logged",
        "workout",
        "rest",
        "training",
        "session",
        "sleep",
    ]
)


def _english_in(text: str) -> set[str]:
    """English words in `text`, commands (/today) aside."""
    words = re.findall(r"[a-z']+", re.sub(r"/\w+", "", text.lower()))
    return {word for word in words if word in ENGLISH_WORDS}


def _assert_all_in_language(user: ChatUser, locale: str) -> None:
    said = [m for m in user.messages if m.text]
    assert said, "the bot said nothing"
    for message in said:
        assert _english_in(message.text) == set(), message.text
        for button in message.button_texts:
            assert _english_in(button) == set(), (button, message.text)
        if locale in ("ru", "uk"):
            assert re.search("[а-яА-ЯіїєґІЇЄҐ]", message.text), message.text


# (locale, a log in the person's words, the exercise it names)
JOURNEYS = [
    ("ru", "румынская тяга 3х8 по 60", "romanian_deadlift"),
    ("es", "peso muerto rumano 3x8 con 60kg", "romanian_deadlift"),
]


@pytest.mark.parametrize(("locale", "log", "exercise"), JOURNEYS)
async def test_a_first_training_day_in_the_persons_language(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    replies: Replies,
    locale: str,
    log: str,
    exercise: str,
) -> None:
    user = emulator.user(4600 + [j[0] for j in JOURNEYS].index(locale), language_code=locale)
    with speaking_in(locale):
        confirmation = await _first_day(user, coach, clock, replies, log)
        assert exercise_name(exercise) in confirmation
    _assert_all_in_language(user, locale)


async def _first_day(
    user: ChatUser, coach: App, clock: FakeClock, replies: Replies, log: str
) -> str:
    """Onboards, starts the session from the reminder, logs and undoes, shows the plan and
    exports; returns the log's confirmation."""
    plan = await onboard(
        user,
        goal=Goal.BALANCED,
        equipment=(Equipment.BARBELL, Equipment.BENCH, Equipment.LEG_CURL_MACHINE),
        days=2,
        weekdays=(Weekday.MON, Weekday.THU),
        reminder="10:01",
        timezone="UTC",
    )
    assert plan.text.startswith(tr("plans.week_plan_header").split("\n", 1)[0])
    await replies(user)
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    reminder = await user.wait_for(
        lambda m: m.text.startswith(tr("reminders.workout_reminder_title"))
    )
    await user.press(tr("reminders.button_start"), message=reminder)
    await replies(user)
    confirmation = await _log_and_undo(user, replies, log)
    await user.send_text("/plan")
    await replies(user)
    await user.send_text("/export")
    exported = await user.wait_for(lambda m: m.document is not None)
    assert exported.text == tr("data.export_caption", unit="kg")
    return confirmation


async def _log_and_undo(user: ChatUser, replies: Replies, log: str) -> str:
    """The log typed in the person's words is stored, confirmed in them, undone and logged
    again; its confirmation is returned."""
    await user.send_text(log)
    answers = await replies(user)
    confirmation = _with_button(answers, tr("workouts.button_undo"))
    assert "60" in confirmation.text, confirmation.text
    await user.press(tr("workouts.button_undo"), message=confirmation)
    await replies(user)
    await user.send_text(log)  # logged again, for the export
    await replies(user)
    return confirmation.text


def _with_button(messages: list[BotMessage], label: str) -> BotMessage:
    return next(m for m in messages if label in m.button_texts)
