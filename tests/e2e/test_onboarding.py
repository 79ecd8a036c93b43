"""A new person sets up their plan by pressing buttons, as they would in Telegram."""

from __future__ import annotations

import logging
from datetime import time

import pytest

from bot.core.catalogue import lookup
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Units, Weekday
from bot.emulator import BotApiEmulator, Fault
from bot.services.coaching import plan_for
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import tr, translator
from tests.e2e.conftest import BotRunner
from tests.support.onboarding import (
    expect,
    onboard,
    reach_bodyweight,
    reach_reminder_time,
    start_onboarding,
    unchecked,
)

App = CoachApplication

ENGLISH_HELP = help_text(translator("en"))


def _names_in(plan_text: str, profile: TrainingProfile) -> None:
    plan = plan_for(profile)
    for day in plan.days:
        for item in day.exercises:
            assert item.exercise.name in plan_text


async def test_new_person_gets_a_plan_that_matches_their_answers(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(101, "Maya")
    plan_message = await onboard(
        user,
        goal=Goal.HAMSTRINGS,
        experience=Experience.INTERMEDIATE,
        equipment=(Equipment.DUMBBELLS, Equipment.BENCH),
        days=3,
        reminder="6pm",
        timezone="Europe/Berlin",
        units=Units.KG,
        bodyweight="64.5",
    )
    expected = TrainingProfile(
        goal=Goal.HAMSTRINGS,
        experience=Experience.INTERMEDIATE,
        equipment=frozenset({Equipment.DUMBBELLS, Equipment.BENCH}),
        weekdays=(Weekday.MON, Weekday.WED, Weekday.FRI),
        reminder_time=time(18, 0),
        timezone="Europe/Berlin",
        units=Units.KG,
        bodyweight_kg=64.5,
    )
    _names_in(plan_message.text, expected)
    await user.send_text("/settings")
    summary = (await user.next_message()).text
    assert "Dumbbells, Bench" in summary
    assert "18:00" in summary
    assert "Europe/Berlin" in summary
    assert "64.5 kg" in summary


async def test_the_plan_uses_only_equipment_the_person_has(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(102)
    await onboard(user, equipment=(Equipment.BANDS,), days=2, bodyweight=None)
    await user.send_text("/plan")
    plan_text = (await user.next_message()).text
    listed = [line for line in plan_text.splitlines() if line[:1].isdigit()]
    assert listed, plan_text
    for exercise_line in listed:
        exercise = lookup(exercise_line.split(".", 1)[1].split("—")[0])
        assert exercise is not None, exercise_line
        assert exercise.equipment <= {Equipment.BANDS}, exercise_line


async def test_cancel_midway_saves_nothing(emulator: BotApiEmulator, coach: App) -> None:
    user = emulator.user(103)
    await start_onboarding(user)
    await user.press(messages.goal_labels()[Goal.BALANCED])
    await user.next_message()
    await user.send_text("/cancel")
    assert (await user.wait_for(lambda m: m.text == tr("onboarding.cancelled_onboarding"))).text
    await user.send_text("/plan")
    assert (await user.wait_for(lambda m: m.text == tr("general.need_profile"))).text


async def test_a_typed_answer_where_a_button_was_expected_gets_a_hint(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(104)
    question = await start_onboarding(user)
    await user.send_text("glutes please")
    assert (await user.next_message()).text == tr("onboarding.hint_press_button")
    await user.press(messages.goal_labels()[Goal.GLUTES], message=question)
    assert tr("onboarding.ask_experience") in (await user.next_message()).text


async def test_unreadable_time_and_unknown_timezone_get_hints(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(105)
    await start_onboarding(user)
    await user.press(messages.goal_labels()[Goal.STRENGTH])
    await user.next_message()
    await user.press(messages.experience_labels()[Experience.ADVANCED])
    await user.next_message()
    await user.press(tr("labels.button_full_gym"))
    await user.next_message()
    await user.press(tr("labels.button_days_count", count=4))
    await user.next_message()
    await user.press(tr("labels.button_use_suggested"))
    await user.next_message()
    await user.send_text("after work")
    assert (await user.next_message()).text == tr("onboarding.hint_time")
    await user.press("07:00")
    assert (await user.next_message()).text.endswith(tr("onboarding.ask_timezone"))
    await user.send_text("Mars/Olympus")
    assert "Mars/Olympus" in (await user.next_message()).text
    await user.send_location(latitude=-33.87, longitude=151.21)
    assert (
        tr("onboarding.ask_units")
        in (await user.wait_for(lambda m: tr("onboarding.ask_units") in m.text)).text
    )


async def test_settings_change_equipment_and_the_plan_changes(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(106)
    first_plan = (await onboard(user, goal=Goal.STRENGTH, equipment=())).text
    await user.send_text("/settings")
    await user.next_message()
    await user.press(messages.settings_fields()["equipment"])
    await user.next_message()
    await user.press(unchecked(Equipment.BARBELL))
    await user.next_message()
    await user.press(unchecked(Equipment.BENCH))
    await user.next_message()
    await user.press(tr("labels.button_done"))
    assert (await user.next_message()).text == tr("onboarding.settings_saved")
    new_plan = (await user.next_message()).text
    assert new_plan != first_plan
    assert "Barbell" in new_plan or "barbell" in new_plan


async def test_a_returning_person_is_welcomed_back(emulator: BotApiEmulator, coach: App) -> None:
    user = emulator.user(107, "Sam")
    await onboard(user)
    await user.send_text("/start")
    assert (await user.next_message()).text == tr("onboarding.welcome_back", name="Sam")


async def test_help_and_registered_commands(emulator: BotApiEmulator, coach: App) -> None:
    user = emulator.user(108)
    await user.send_text("/help")
    assert (await user.next_message()).text == ENGLISH_HELP
    registered = {command for command, _ in emulator.commands}
    assert registered == set(messages.COMMANDS)
    await user.send_text("/dance")
    assert (await user.next_message()).text == tr("general.unknown_command")


async def test_conversation_continues_after_a_restart(
    emulator: BotApiEmulator, start_bot: BotRunner
) -> None:
    user = emulator.user(109)
    async with start_bot():
        await start_onboarding(user)
        await user.press(messages.goal_labels()[Goal.GLUTES])
        await user.next_message()
        await user.press(messages.experience_labels()[Experience.BEGINNER])
        equipment_question = await user.next_message()
        await user.press(unchecked(Equipment.KETTLEBELL))
        await user.next_message()
    async with start_bot():
        await user.press(tr("labels.button_done"), message=equipment_question)
        assert tr("onboarding.ask_days_count") in (await user.next_message()).text
        await user.press(tr("labels.button_days_count", count=2))
        await user.next_message()
        await user.press(tr("labels.button_use_suggested"))
        await user.next_message()
        await user.press("07:00")
        await user.next_message()
        await user.press("UTC")
        await user.next_message()
        await user.press(messages.units_labels()[Units.LB])
        await user.next_message()
        await user.press(tr("labels.button_skip"))
        assert (await user.next_message()).text == tr("onboarding.plan_ready")
        await user.next_message()
        await user.send_text("/settings")
        summary = (await user.next_message()).text
    assert messages.equipment_labels()[Equipment.KETTLEBELL] in summary
    assert messages.goal_labels()[Goal.GLUTES] in summary


async def test_a_failure_to_send_the_plan_after_saving_ends_the_questions(
    emulator: BotApiEmulator, coach: App, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram refuses "All set" after the answers are saved: the person is told something
    went wrong, and what they send next is read for what it is, not as another bodyweight."""
    user = emulator.user(110)
    await reach_reminder_time(user)
    await reach_bodyweight(user, reminder="18:30", timezone="UTC")
    emulator.fault_policy = lambda call: (
        Fault.server_error() if call.params.get("text") == tr("onboarding.plan_ready") else None
    )

    await user.send_text("70")
    await expect(user, tr("general.internal_error"))
    emulator.fault_policy = None
    logged = await user.send_text("hip thrust 3x10 @ 60")
    reply = await user.wait_for(lambda m: m.reply_to_message_id == logged)
    # On a training day the log starts today's session, whose next exercise comes too.
    welcome_back = tr("onboarding.welcome_back").split("{", 1)[0]
    await user.send_text("/start")
    welcome = await user.wait_for(lambda message: message.text.startswith(welcome_back))

    assert reply.text.startswith("✅ "), reply.text
    assert "3 × 10 @ 60 kg" in reply.text, reply.text
    assert welcome.text.startswith(welcome_back), welcome.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    # The one failure Telegram caused, and nothing after it.
    assert [type(r.exc_info[1]).__name__ if r.exc_info else None for r in errors] == [
        "NetworkError"
    ]


async def test_a_restart_that_telegram_fails_leaves_the_answers_where_they_were(
    emulator: BotApiEmulator, coach: App, caplog: pytest.LogCaptureFixture
) -> None:
    """/start halfway through, and Telegram refuses the welcome: the person carries on where
    they were, and the answers given before still make it into the plan."""
    user = emulator.user(111)
    await reach_reminder_time(user, goal=Goal.HAMSTRINGS, experience=Experience.ADVANCED, days=2)
    emulator.fault_policy = lambda call: (
        Fault.server_error() if str(call.params.get("text", "")).startswith("Hi ") else None
    )
    await user.send_text("/start")
    await expect(user, tr("general.internal_error"))
    emulator.fault_policy = None

    # The time question's buttons are gone, but a time can still be typed.
    await reach_bodyweight(user, reminder="07:00", timezone="UTC")
    await user.press(tr("labels.button_skip"))
    await expect(user, tr("onboarding.plan_ready"))
    await user.send_text("/settings")
    summary = await expect(user, messages.goal_labels()[Goal.HAMSTRINGS])

    assert messages.experience_labels()[Experience.ADVANCED] in summary.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [type(r.exc_info[1]).__name__ if r.exc_info else None for r in errors] == [
        "NetworkError"
    ]
