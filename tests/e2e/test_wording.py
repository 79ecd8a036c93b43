"""Small things the bot said that were not true: soreness on the first day, reminders "back
on" that were never paused, "65 kilos" refused, three days a week quietly becoming four."""

from __future__ import annotations

from bot.core.profile import Experience, Goal, Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import (
    day_button,
    gym_lifter,
    reach_bodyweight,
    reach_reminder_time,
    start_onboarding,
)

App = CoachApplication


async def _today(user: ChatUser, replies: Replies) -> str:
    await replies(user)
    await user.send_text("/today")
    return "\n".join(m.text for m in await replies(user))


async def test_soreness_is_mentioned_only_after_a_workout_the_day_before(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """Both train Monday and Thursday; Tuesday is a mobility day. Only one trained Monday."""
    trained = await gym_lifter(emulator, 1501)
    new = await gym_lifter(emulator, 1502)
    await trained.send_text("hip thrust 3x10 @ 60")
    await replies(trained)
    clock.advance(days=1)

    first_day = await _today(new, replies)
    after_workout = await _today(trained, replies)

    assert "soreness" not in first_day.casefold(), first_day
    assert tr("plans.soreness_note") in after_workout, after_workout


async def test_resume_without_a_pause_says_there_was_none(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1503)
    await replies(user)
    await user.send_text("/resume")
    never_paused = (await user.next_message()).text
    await user.send_text("/pause 3")
    await user.next_message()
    await user.send_text("/resume")
    resumed = (await user.next_message()).text

    assert never_paused != tr("reminders.resumed")
    assert never_paused == tr("reminders.not_paused")
    assert resumed == tr("reminders.resumed")


async def test_a_bodyweight_in_kilos_is_taken(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(1504)
    await reach_reminder_time(user)
    await reach_bodyweight(user, reminder="18:30", timezone="UTC")
    await user.send_text("65 kilos")
    said = [m.text for m in await replies(user)]
    assert tr("onboarding.hint_bodyweight") not in said, said
    await user.send_text("/settings")
    summary = (await user.next_message()).text

    assert f"{messages.settings_fields()['bodyweight']}: 65 kg" in summary, summary


async def _three_days_asked(user: ChatUser) -> BotMessage:
    """From /start to the weekday question after "3 days"; returns the question."""
    question = await start_onboarding(user)
    await user.press(messages.goal_labels()[Goal.GLUTES], message=question)
    question = await user.next_message()
    await user.press(messages.experience_labels()[Experience.BEGINNER], message=question)
    question = await user.next_message()
    await user.press(tr("labels.button_done"), message=question)
    question = await user.next_message()
    await user.press(tr("labels.button_days_count", count=3), message=question)
    return await user.next_message()


async def test_ticking_a_fourth_day_is_asked_about_before_three_days_become_four(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(1505)
    question = await _three_days_asked(user)  # Monday, Wednesday and Friday suggested
    # Moving Wednesday to Tuesday starts by ticking Tuesday.
    await user.press(day_button(Weekday.TUE, selected=False), message=question)
    question = await user.next_message()
    await user.press(tr("labels.button_use_suggested"), message=question)
    await replies(user)
    alert = emulator.callback_answers[-1]

    assert alert.show_alert, alert
    assert alert.text == tr("onboarding.weekdays_count_changed", asked=3, picked=4)
    assert not any(tr("onboarding.ask_reminder_time") in m.text for m in user.messages)
    await user.press(day_button(Weekday.WED, selected=True), message=question)
    question = await user.next_message()
    await user.press(tr("labels.button_use_suggested"), message=question)
    moved_on = await user.next_message()
    assert moved_on.text.startswith(
        f"✅ {messages.format_weekdays((Weekday.MON, Weekday.TUE, Weekday.FRI))}"
    )


async def test_four_days_are_kept_when_the_person_confirms_them(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(1506)
    question = await _three_days_asked(user)
    await user.press(day_button(Weekday.TUE, selected=False), message=question)
    question = await user.next_message()
    await user.press(tr("labels.button_use_suggested"), message=question)
    await replies(user)
    await user.press(tr("labels.button_use_suggested"), message=question)
    moved_on = await user.next_message()

    four = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.FRI)
    assert moved_on.text.startswith(f"✅ {messages.format_weekdays(four)}"), moved_on.text
