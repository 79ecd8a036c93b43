"""`/today` and `/swap` for a person whose plan is set up."""

from __future__ import annotations

from datetime import time
from itertools import combinations

from bot.core.catalogue import lookup, require_exercise
from bot.core.profile import Equipment, Experience, Goal, TrainingProfile, Weekday
from bot.core.schedule import local_weekday
from bot.emulator import BotApiEmulator
from bot.services.coaching import plan_for
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.handled import all_handled
from tests.support.onboarding import onboard

App = CoachApplication
_RDLS = ("dumbbell_romanian_deadlift", "kettlebell_romanian_deadlift")


def _days_with_a_romanian_deadlift_today(
    goal: Goal, equipment: tuple[Equipment, ...]
) -> tuple[Weekday, ...]:
    """Training days, today among them, on which the plan puts a Romanian deadlift today:
    where the planner puts one depends on where today falls in the week."""
    today = local_weekday("UTC")
    for count in (2, 3):
        for others in combinations([day for day in Weekday if day != today], count - 1):
            days = tuple(sorted((today, *others)))
            profile = TrainingProfile(
                goal, Experience.BEGINNER, frozenset(equipment), days, time(18, 30), "UTC"
            )
            exercises = plan_for(profile).day(today).exercises
            if any(planned.exercise.id in _RDLS for planned in exercises):
                return days
    raise AssertionError(f"no plan puts a Romanian deadlift on {today.short}")


def _around_today(timezone: str) -> tuple[Weekday, Weekday]:
    today = local_weekday(timezone)
    return today, Weekday((today + 3) % 7)


async def test_today_shows_the_session_on_a_training_day(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(201)
    today, later = _around_today("Asia/Kolkata")
    await onboard(user, days=2, weekdays=tuple(sorted((today, later))), timezone="Asia/Kolkata")
    await user.send_text("/today")
    session = (await user.next_message()).text
    assert session.startswith(tr("plans.today_title", weekday=messages.weekday_labels()[today]))
    assert "1. " in session


async def test_today_gives_recovery_advice_on_a_rest_day(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(202)
    today = local_weekday("UTC")
    training = tuple(sorted(Weekday((today + offset) % 7) for offset in (1, 4)))
    await onboard(user, days=2, weekdays=training, timezone="UTC")
    await user.send_text("/today")
    advice = (await user.next_message()).text
    assert any(guidance in advice for guidance in messages.recovery_guidance().values())
    await user.send_text("/swap")
    assert (await user.next_message()).text == tr("plans.swap_recovery_day")


async def test_swap_replaces_an_exercise_with_one_of_the_same_pattern(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(203)
    today, later = _around_today("UTC")
    equipment = (Equipment.DUMBBELLS, Equipment.BENCH, Equipment.BANDS)
    await onboard(
        user, equipment=equipment, days=2, weekdays=tuple(sorted((today, later))), timezone="UTC"
    )
    await user.send_text("/swap")
    menu = await user.next_message()
    assert menu.text == tr("plans.swap_pick_exercise")
    old_name = menu.button_texts[0]
    await user.press(old_name)
    options = await user.next_message()
    assert options.text == tr("plans.swap_pick_substitute", name=old_name)
    new_name = options.button_texts[0]
    old, new = lookup(old_name), lookup(new_name)
    assert old is not None
    assert new is not None
    assert new.pattern == old.pattern
    assert new.equipment <= set(equipment)
    await user.press(new_name)
    assert (await user.next_message()).text == tr("plans.swap_done", old=old_name, new=new_name)
    await user.send_text("/today")
    session = (await user.next_message()).text
    assert new_name in session
    assert f". {old_name} —" not in session


async def test_swap_between_the_exercises_with_the_longest_ids(
    emulator: BotApiEmulator, coach: App
) -> None:
    """Their old callback data (`swapto:DAY:OLD:NEW`) was over Telegram's 64 bytes."""
    user = emulator.user(206)
    equipment = (Equipment.DUMBBELLS, Equipment.KETTLEBELL)
    weekdays = _days_with_a_romanian_deadlift_today(Goal.GLUTES, equipment)
    await onboard(
        user,
        goal=Goal.GLUTES,
        equipment=equipment,
        days=len(weekdays),
        weekdays=weekdays,
        timezone="UTC",
    )
    # Today has one of the two Romanian deadlifts; the other is among its substitutes.
    rdls = {require_exercise(exercise_id).name for exercise_id in _RDLS}
    await user.send_text("/swap")
    menu = await user.next_message()
    (old,) = rdls & set(menu.button_texts)
    (new,) = rdls - {old}
    await user.press(old)
    options = await user.next_message()
    assert options.text == tr("plans.swap_pick_substitute", name=old)
    await user.press(new)
    done = await user.next_message()
    assert done.text == tr("plans.swap_done", old=old, new=new)


async def test_commands_before_onboarding_ask_to_start(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(204)
    for command in ("/plan", "/today", "/swap"):
        await user.send_text(command)
        assert (await user.next_message()).text == tr("general.need_profile")


async def test_an_old_button_after_the_conversation_ended_says_it_expired(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(205)
    await user.send_text("/start")
    await user.next_message()
    question = await user.next_message()
    await user.send_text("/cancel")
    await user.wait_for(lambda message: message.text == tr("onboarding.cancelled_onboarding"))
    await user.press(messages.goal_labels()[Goal.GLUTES], message=question)
    await all_handled(emulator, coach)
    assert emulator.callback_answers[-1].text == tr("general.menu_expired")
