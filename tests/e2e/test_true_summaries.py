"""/done, /stats and /export say true things in every state: a rest day, exercises the plan
does not have, records set on the first day, no history at all."""

from __future__ import annotations

from bot.core.catalogue import require_exercise
from bot.core.profile import Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.context import CoachApplication, services
from bot.telegram.i18n import tr, tr_count
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import gym_lifter

App = CoachApplication


async def _logged(user: ChatUser, replies: Replies, text: str) -> BotMessage:
    message_id = await user.send_text(text)
    said = await replies(user)
    (confirmation,) = [m for m in said if m.reply_to_message_id == message_id]
    assert confirmation.text.startswith("✅ "), confirmation.text
    return confirmation


async def _done(user: ChatUser) -> str:
    await user.send_text("/done")
    return (await user.wait_for(lambda m: m.text.startswith("Session done"))).text


async def test_done_on_a_rest_day_is_an_extra_workout(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1401)  # trains Monday and Thursday
    clock.advance(days=1)  # Tuesday
    await replies(user)
    await _logged(user, replies, "hip thrust 3x10 @ 60")
    await _logged(user, replies, "leg curl 2x12 @ 30")

    summary = await _done(user)

    assert "planned" not in summary, summary
    assert tr("workouts.summary_extra_workout", exercises=2, sets=5) in summary, summary


async def test_done_counts_planned_exercises_and_extra_ones_apart(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1402)
    plan = await services(coach.bot_data).coach.current_plan(user.user_id)
    assert plan is not None
    monday = [planned.exercise.id for planned in plan.day(Weekday.MON).exercises]
    first = require_exercise(monday[0])
    await replies(user)
    await _logged(user, replies, f"{first.name} 3x8 @ 60")
    await _logged(user, replies, f"{first.name} 1x8 @ 65")
    extra = next(
        require_exercise(exercise_id)
        for exercise_id in ("glute_bridge", "bodyweight_squat")
        if exercise_id not in monday
    )
    await _logged(user, replies, f"{extra.name} 2x15")

    summary = await _done(user)

    assert f"1 of {len(monday)} planned exercises" in summary, summary
    totals = tr_count("workouts.summary_totals", 6, done=1, planned=len(monday))
    assert totals in summary, summary
    assert tr("workouts.summary_extra", extra=1, names=extra.name) in summary, summary


async def test_stats_show_the_records_the_confirmations_announced(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1403)
    await replies(user)
    await _logged(user, replies, "hip thrust 3x8 @ 60")
    heavier = await _logged(user, replies, "hip thrust 1x8 @ 70")
    assert "🏆" in heavier.text, heavier.text

    await user.send_text("/stats")
    stats = (await user.next_message()).text

    assert tr("progress.stats_records_title") in stats, stats
    assert "Barbell hip thrust" in stats.split(tr("progress.stats_records_title"), 1)[1], stats


async def test_export_with_no_history_says_there_is_nothing_to_export(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1404)
    await replies(user)
    await user.send_text("/export")
    said = await replies(user)

    assert [m.text for m in said] == [tr("data.export_empty")]
    assert all(m.document is None for m in said)


async def test_sets_logged_one_by_one_are_one_line_of_the_summary(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 1405)
    await replies(user)
    for text in ("hip thrust 12 @ 60kg", "hip thrust 12 @ 60kg", "hip thrust 10 @ 60kg rpe 9"):
        await _logged(user, replies, text)
    await _logged(user, replies, "glute bridge 2x15")
    await _logged(user, replies, "glute bridge 1x12 @ 20kg")

    summary = (await _done(user)).splitlines()

    assert "• Barbell hip thrust: 12, 12, 10 @ 60 kg, RPE 9" in summary
    # Bodyweight sets and loaded ones stay apart, as they were logged.
    assert [line for line in summary if line.startswith("• Glute bridge")] == [
        "• Glute bridge: 2 × 15",
        "• Glute bridge: 1 × 12 @ 20 kg",
    ]
