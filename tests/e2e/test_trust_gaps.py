"""The last gaps of issue 12: loads logged in the other unit are told back rounded in the
person's unit, an exercise of the person's own gets targets and numbers alone, and the
recovery reminder's button logs yesterday's workout on yesterday."""

from __future__ import annotations

from bot.core.progression import Reason
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies, due_reminders_sent
from tests.e2e.test_reminders import _person as _reminded_person
from tests.e2e.test_trusted_logs import (
    DUMBBELLS_AND_BENCH,
    _history,
    _person,
    _picked,
    _reply,
    _today,
)

App = CoachApplication


async def _kept_as_own(user: ChatUser, name: str, numbers: str) -> BotMessage:
    """Logs an exercise the bot does not know, kept as the person's own: its confirmation."""
    question = await _reply(user, f"{name} {numbers}")
    return await _picked(user, question, tr("workouts.button_keep_name", typed=name))


async def test_a_load_logged_in_pounds_is_told_back_in_rounded_kilograms(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """Was "Last time: 3 × 12 @ 15.88 kg", and "+0.12 kg top weight" for the same dumbbell."""
    user = await _person(emulator, 1221, *DUMBBELLS_AND_BENCH)
    await _reply(user, "goblet squat 3x12 @ 35lb")
    clock.advance(days=2)  # Wednesday: Goblet squat, then Nordic negative
    await user.send_text("/today")
    prompt = await user.wait_for(lambda m: m.text.startswith("1/2 Goblet squat"))
    assert "Last time: 3 × 12 @ 16 kg" in prompt.text.splitlines(), prompt.text

    # The same dumbbell: no change and no record.
    same = await _reply(user, "3x12 @ 16")
    lines = same.text.splitlines()
    assert tr("workouts.last_time", change=tr("workouts.same_as_last_time")) in lines, same.text
    assert not any(line.startswith("🏆") for line in lines), same.text
    heavier = await _reply(user, "goblet squat 1x10 @ 18")
    assert "Last time: +2 kg top weight" in heavier.text, heavier.text


async def test_an_exercise_of_ones_own_gets_a_next_target_like_a_catalogue_one(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """A kept name had no "Next time"."""
    user = await _person(emulator, 1222, *DUMBBELLS_AND_BENCH)
    clock.advance(days=1)  # Tuesday, no session planned
    kept = await _kept_as_own(user, "zercher march", "3x10 @ 20")
    add_rep = messages.target_reasons()[Reason.ADD_REPS]
    assert f"🎯 Next time: 3 × 11 @ 20 kg ({add_rep})" in kept.text, kept.text

    clock.advance(days=1)
    top = await _reply(user, "zercher march 3x12 @ 20")
    add_weight = messages.target_reasons()[Reason.ADD_LOAD]
    assert f"🎯 Next time: 3 × 6 @ 22 kg ({add_weight})" in top.text, top.text


async def test_numbers_alone_go_to_the_exercise_of_ones_own_just_logged(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """A lone `15` after a kept name asked "Which exercise was that?"."""
    user = await _person(emulator, 1223, *DUMBBELLS_AND_BENCH)
    clock.advance(days=1)  # Tuesday, no session planned
    await _kept_as_own(user, "zercher march", "3x10 @ 20")

    alone = await _reply(user, "15")
    assert alone.text.startswith("✅ zercher march: 1 × 15"), alone.text
    loaded = await _reply(user, "12 @ 20")
    assert loaded.text.startswith("✅ zercher march: 1 × 12 @ 20 kg"), loaded.text


async def test_a_reply_of_numbers_to_an_own_exercise_goes_to_it_on_a_training_day(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """It went to the first exercise of the day's plan."""
    user = await _person(emulator, 1227, *DUMBBELLS_AND_BENCH)
    await _today(user)  # Monday: Dumbbell hip thrust first
    kept = await _kept_as_own(user, "zercher march", "3x10 @ 20")

    again = await _reply(user, "12 @ 20", reply_to=kept.message_id)
    assert again.text.startswith("✅ zercher march: 1 × 12 @ 20 kg"), again.text


async def test_the_recovery_reminders_button_logs_yesterdays_workout_on_yesterday(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """The reminder asked about yesterday, and a reply to it was stored today."""
    user = await _reminded_person(emulator, replies, 1224)  # trains Monday and Thursday
    clock.advance(days=1, minutes=2)  # Tuesday 10:02, Monday's workout not logged
    reminder = await user.wait_for(lambda m: m.text.startswith("🌿"))
    await user.press(tr("reminders.button_log_yesterday"), message=reminder)
    await user.wait_for(lambda m: m.text == tr("workouts.logging_earlier_day", date="Mon 30 Nov"))

    thrust = await _reply(user, "dumbbell hip thrust 3x10 @ 20")
    assert thrust.text.startswith(
        "✅ Dumbbell hip thrust: 3 × 10 @ 20 kg\n📅 Logged for Mon 30 Nov"
    )
    more = await _reply(user, "8 @ 20")
    assert more.text.startswith("✅ Dumbbell hip thrust: 1 × 8 @ 20 kg"), more.text
    await user.send_text("/done")
    await user.wait_for(lambda m: m.text == tr("workouts.earlier_day_done", date="Mon 30 Nov"))
    today = await _reply(user, "goblet squat 3x12 @ 16")
    assert today.text.startswith("✅ Goblet squat"), today.text
    assert "📅" not in today.text

    history = (await _history(user)).split("\n\n")
    assert history[1].splitlines() == ["Tue 01 Dec 2026", "• Goblet squat: 3 × 12 @ 16 kg"]
    assert history[2].splitlines() == [
        "Mon 30 Nov 2026",
        "• Dumbbell hip thrust: 3 × 10 @ 20 kg",
        "• Dumbbell hip thrust: 1 × 8 @ 20 kg",
    ]


async def test_logging_yesterday_ends_with_today_or_with_the_day(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _reminded_person(emulator, replies, 1225)
    clock.advance(days=1, minutes=2)  # Tuesday
    reminder = await user.wait_for(lambda m: m.text.startswith("🌿"))
    await user.press(tr("reminders.button_log_yesterday"), message=reminder)
    await user.wait_for(lambda m: m.text.startswith("📅"))
    await user.send_text("/today")
    await replies(user)
    await _reply(user, "goblet squat 3x12 @ 16")

    await replies(user)
    await user.press(tr("reminders.button_log_yesterday"), message=reminder)
    assert [m.text[:1] for m in await replies(user)] == ["📅"]
    clock.advance(days=1)  # Wednesday: Tuesday's button no longer holds
    await _reply(user, "goblet squat 3x10 @ 16")

    days = [part.splitlines()[0] for part in (await _history(user)).split("\n\n")[1:]]
    assert days == ["Wed 02 Dec 2026", "Tue 01 Dec 2026"]


async def test_the_workout_reminder_after_a_missed_session_offers_to_log_it_on_its_day(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _reminded_person(emulator, replies, 1226)  # trains Monday and Thursday
    await _reply(user, "goblet squat 3x12 @ 16")  # Monday 30 Nov

    def reminders() -> list[BotMessage]:
        return [
            m for m in user.messages if m.text.startswith(tr("reminders.workout_reminder_title"))
        ]

    clock.advance(minutes=2)
    await due_reminders_sent(coach)  # Monday's reminder: the next is Thursday's
    clock.advance(days=3)  # Thursday 10:02: Monday was logged
    await due_reminders_sent(coach)
    buttons = [tr("reminders.button_start"), tr("away.button_cant_train")]
    assert [m.button_texts for m in reminders()] == [buttons] * 2

    clock.advance(days=4)  # Monday 7 Dec: Thursday's session was not logged
    await due_reminders_sent(coach)
    monday = reminders()[-1]
    missed = tr("reminders.button_log_missed", date="Thu 03 Dec")
    assert monday.button_texts == [*buttons, missed]
    assert tr("reminders.workout_reminder_missed", date="Thu 03 Dec") in monday.text
    await user.press(missed, message=monday)
    await user.wait_for(lambda m: m.text == tr("workouts.logging_earlier_day", date="Thu 03 Dec"))
    await _reply(user, "goblet squat 3x12 @ 18")

    days = [part.splitlines()[0] for part in (await _history(user)).split("\n\n")[1:]]
    assert days == ["Thu 03 Dec 2026", "Mon 30 Nov 2026"]
