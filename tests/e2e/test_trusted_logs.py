"""What a person logs is what Coach stores (issue 12): names go to the person's exercise,
numbers alone to the exercise being done, and a message read two ways is asked about."""

from __future__ import annotations

import csv
import io
import re

from bot.core.profile import Equipment, Experience, Goal, Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import onboard

App = CoachApplication
DUMBBELLS_AND_BENCH = (Equipment.DUMBBELLS, Equipment.BENCH)
# Monday: Dumbbell hip thrust, Dumbbell Romanian deadlift; Wednesday: Goblet squat, Nordic
# negative; Friday: Step-up, Side-lying hip abduction.
MON_WED_FRI = (Weekday.MON, Weekday.WED, Weekday.FRI)


async def _person(emulator: BotApiEmulator, user_id: int, *equipment: Equipment) -> ChatUser:
    user = emulator.user(user_id)
    await onboard(
        user,
        goal=Goal.GLUTES,
        experience=Experience.BEGINNER,
        equipment=equipment,
        days=3,
        weekdays=MON_WED_FRI,
        timezone="UTC",
    )
    return user


async def _reply(user: ChatUser, text: str, reply_to: int | None = None) -> BotMessage:
    message_id = await user.send_text(text, reply_to=reply_to)
    return await user.wait_for(lambda message: message.reply_to_message_id == message_id)


async def _picked(user: ChatUser, question: BotMessage, label: str) -> BotMessage:
    """Presses an answer to the bot's question; the question becomes the confirmation."""
    await user.press(label, question)
    return await user.wait_for(lambda m: m.message_id == question.message_id and "✅" in m.text)


async def _today(user: ChatUser) -> BotMessage:
    """/today: the first exercise's prompt."""
    await user.send_text("/today")
    return await user.wait_for(lambda m: m.text.startswith("1/"))


async def _history(user: ChatUser) -> str:
    await user.send_text("/history")
    return (await user.wait_for(lambda m: m.text.startswith(("Recent", "No logs")))).text


async def test_names_go_to_the_exercise_of_a_person_with_dumbbells_and_a_bench(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """Were Barbell hip thrust, the barbell RDL and the machine Lying leg curl."""
    user = await _person(emulator, 1201, *DUMBBELLS_AND_BENCH)
    thrust = await _reply(user, "hip thrust 3x10 @ 20")
    assert thrust.text.startswith("✅ Dumbbell hip thrust: 3 × 10 @ 20 kg"), thrust.text
    rdl = await _reply(user, "RDL 20kg 3x8")
    assert rdl.text.startswith("✅ Dumbbell Romanian deadlift: 3 × 8 @ 20 kg"), rdl.text
    nordic = await _reply(user, "nordic negatives 3x4")
    assert nordic.text.startswith("✅ Nordic negative: 3 × 4"), nordic.text


async def test_a_bodyweight_squat_session_logs_squats_as_bodyweight_squats(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """Was Barbell back squat, with "Next time: 3 × 6 (add weight 💪)"."""
    user = await _person(emulator, 1202)
    clock.advance(days=2)  # Wednesday: Single-leg Romanian deadlift, Bodyweight squat
    await _today(user)
    squat = await _reply(user, "squat 3x15")
    assert squat.text.startswith("✅ Bodyweight squat: 3 × 15"), squat.text
    assert "add weight" not in squat.text


async def test_an_unknown_name_is_asked_about_and_can_stay_the_persons_own(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1203, *DUMBBELLS_AND_BENCH)
    question = await _reply(user, "zercher march 3x10 @ 20")
    assert question.text == tr("workouts.choose_exercise", typed="zercher march")
    assert len(question.button_texts) == 4
    assert await _history(user) == tr("workouts.history_empty")
    kept = await _picked(user, question, tr("workouts.button_keep_name", typed="zercher march"))
    assert kept.text.startswith("✅ zercher march: 3 × 10 @ 20 kg")
    # Known now: the next log of it is stored straight away.
    again = await _reply(user, "zercher march 3x12 @ 20")
    assert again.text.startswith("✅ zercher march: 3 × 12 @ 20 kg")


async def test_a_name_with_a_typo_is_asked_about_once(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1210, *DUMBBELLS_AND_BENCH)
    question = await _reply(user, "hip thurst 3x10 @ 20")
    assert question.text == tr("workouts.choose_exercise", typed="hip thurst")
    assert question.button_texts[0] == "Dumbbell hip thrust"
    stored = await _picked(user, question, "Dumbbell hip thrust")
    assert stored.text.startswith("✅ Dumbbell hip thrust: 3 × 10 @ 20 kg")
    again = await _reply(user, "hip thurst 3x8 @ 22")
    assert again.text.startswith("✅ Dumbbell hip thrust: 3 × 8 @ 22 kg")


async def test_numbers_alone_go_to_the_exercise_being_done_until_its_sets_are_done(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """`15`, `20,18,15 bw` were "not a workout log"; `15 reps` ended the session."""
    user = await _person(emulator, 1204, *DUMBBELLS_AND_BENCH)
    first = await _today(user)
    assert first.text.startswith("1/2 Dumbbell hip thrust — 3 ×")
    one = await _reply(user, "15")
    assert one.text.startswith("✅ Dumbbell hip thrust: 1 × 15")
    assert tr("workouts.sets_to_go", done=1, planned=3) in one.text
    assert tr("workouts.button_next") in one.button_texts
    two = await _reply(user, "15 reps")
    assert two.text.startswith("✅ Dumbbell hip thrust: 1 × 15")
    assert tr("workouts.sets_to_go", done=2, planned=3) in two.text
    await replies(user)
    # Judged on the exercise once its sets are done, not on the first of them.
    next_time = tr("workouts.next_time").split("{", 1)[0]
    assert next_time not in one.text
    assert next_time not in two.text
    await user.send_text("2x15")
    sent = await replies(user)
    assert sent[0].text.startswith("✅ Dumbbell hip thrust: 2 × 15")
    assert next_time in sent[0].text
    assert sent[-1].text.startswith("2/2 Dumbbell Romanian deadlift")

    listed = await _reply(user, "12,10,8,8 @ 20")
    assert listed.text.startswith("✅ Dumbbell Romanian deadlift: 12, 10, 8, 8 @ 20 kg")

    # Back to the first exercise by replying to its prompt; numbers then stay with it.
    back = await _reply(user, "12", reply_to=first.message_id)
    assert back.text.startswith("✅ Dumbbell hip thrust: 1 × 12")
    after = await _reply(user, "11")
    assert after.text.startswith("✅ Dumbbell hip thrust: 1 × 11")


async def test_two_rep_counts_alone_are_two_sets_of_the_exercise_being_done(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """`10,9` read as the decimal 10.9, and `10, 9` as nothing: "not a workout log"."""
    user = await _person(emulator, 1209, *DUMBBELLS_AND_BENCH)
    await _today(user)
    decimal_comma = await _reply(user, "10,9")
    assert decimal_comma.text.startswith("✅ Dumbbell hip thrust: 10, 9"), decimal_comma.text
    spaced = await _reply(user, "8, 8 bw")
    assert spaced.text.startswith("✅ Dumbbell hip thrust: 2 × 8 bodyweight"), spaced.text


async def test_one_set_with_a_bare_load_or_the_load_first_goes_to_the_exercise_being_done(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """`12 @ 20 rpe 9` and `24kg 8` were "not a workout log"; `22 for 10` was 22 reps at 10."""
    user = await _person(emulator, 1211, *DUMBBELLS_AND_BENCH)
    await _today(user)
    effort = await _reply(user, "12 @ 20 rpe 9")
    assert effort.text.startswith("✅ Dumbbell hip thrust: 1 × 12 @ 20 kg"), effort.text
    load_first = await _reply(user, "22 for 10")
    assert load_first.text.startswith("✅ Dumbbell hip thrust: 1 × 10 @ 22 kg"), load_first.text
    side_by_side = await _reply(user, "24kg 8")
    assert side_by_side.text.startswith("✅ Dumbbell hip thrust: 1 × 8 @ 24 kg"), side_by_side.text


async def test_next_moves_on_before_the_planned_sets_are_done(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1205, *DUMBBELLS_AND_BENCH)
    await _today(user)
    one = await _reply(user, "12 @ 20")
    await replies(user)
    await user.press(tr("workouts.button_next"), one)
    following = await user.wait_for(lambda m: m.text.startswith("2/2"))
    assert following.text.startswith("2/2 Dumbbell Romanian deadlift")
    rdl = await _reply(user, "10 @ 20")
    assert rdl.text.startswith("✅ Dumbbell Romanian deadlift: 1 × 10 @ 20 kg")


async def test_numbers_on_a_rest_day_go_to_the_exercise_logged_lately(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1206, *DUMBBELLS_AND_BENCH)
    clock.advance(days=1)  # Tuesday, no session planned
    await _reply(user, "goblet squat 3x12 @ 16")
    clock.advance(minutes=30)
    more = await _reply(user, "15 @ 16")
    assert more.text.startswith("✅ Goblet squat: 1 × 15 @ 16 kg")
    clock.advance(hours=3)
    later = await _reply(user, "15 @ 16")
    assert later.text == tr("workouts.need_exercise")


async def test_two_readings_are_asked_about_once_and_stored_as_chosen(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """`step up 3x12 @ 10` with 10 kg dumbbells was stored with no weight and RPE 10, and
    exported with weight 0."""
    user = await _person(emulator, 1207, *DUMBBELLS_AND_BENCH)
    clock.advance(days=4)  # Friday: Step-up
    question = await _reply(user, "step up 3x12 @ 10")
    assert question.text == tr("workouts.choose_reading", name="Step-up")
    assert question.button_texts == ["3 × 12, RPE 10", "3 × 12 @ 10 kg"]
    assert await _history(user) == tr("workouts.history_empty")

    stored = await _picked(user, question, "3 × 12 @ 10 kg")
    assert stored.text.startswith("✅ Step-up: 3 × 12 @ 10 kg\n")

    # Remembered for the step-up: the next one is not asked about.
    again = await _reply(user, "step up 3x10 @ 8")
    assert again.text.startswith("✅ Step-up: 3 × 10 @ 8 kg")

    await user.send_text("/export")
    exported = await user.wait_for(lambda m: m.document is not None)
    assert exported.document is not None
    rows = list(csv.reader(io.StringIO(exported.document.data.decode())))
    weights = [row[5] for row in rows[1:] if row[3] == "Step-up"]
    assert weights == ["10", "10", "10", "8", "8", "8"]


async def test_many_reps_or_a_load_is_asked_and_the_confirmation_shows_effort_and_note(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1208, *DUMBBELLS_AND_BENCH)
    await _today(user)
    question = await _reply(user, "3x100")
    assert question.button_texts == ["3 × 100", "1 × 3 @ 100 kg"]
    stored = await _picked(user, question, "3 × 100")
    assert stored.text.startswith("✅ Dumbbell hip thrust: 3 × 100")

    noted = await _reply(user, "hip thrust 3x10 @ 20 rpe 8 felt easy")
    lines = noted.text.splitlines()
    assert lines[0] == "✅ Dumbbell hip thrust: 3 × 10 @ 20 kg, RPE 8"
    assert re.fullmatch(r"📝 felt easy", lines[1]), lines


async def test_a_pair_of_dumbbells_or_two_more_sets_is_asked_about_once(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """`db rdl 3x12 2x24` was refused as two readings: now both are offered, the pair first."""
    user = await _person(emulator, 1209, *DUMBBELLS_AND_BENCH)
    question = await _reply(user, "db rdl 3x12 2x24")
    assert question.text == tr("workouts.choose_reading", name="Dumbbell Romanian deadlift")
    pair = tr("parser.pair_reading", details="3 × 12 @ 24 kg")
    assert question.button_texts == [pair, "12, 12, 12, 24, 24"]
    stored = await _picked(user, question, pair)
    assert stored.text.startswith("✅ Dumbbell Romanian deadlift: 3 × 12 @ 24 kg\n")

    # Remembered for the exercise: the next one is not asked about.
    again = await _reply(user, "db rdl 3x10 2x26")
    assert again.text.startswith("✅ Dumbbell Romanian deadlift: 3 × 10 @ 26 kg")


async def test_a_log_of_an_earlier_day_is_stored_on_that_day(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """`yesterday: RDL 3x8 60` was stored today; `2 days ago ...` was not a log."""
    user = await _person(emulator, 1209, *DUMBBELLS_AND_BENCH)
    clock.advance(days=2)  # Wednesday 2 December
    yesterday = await _reply(user, "yesterday: RDL 3x8 20")
    assert yesterday.text.startswith("✅ Dumbbell Romanian deadlift: 3 × 8 @ 20 kg")
    monday = await _reply(user, "2 days ago: goblet squat 3x12 @ 16")
    assert monday.text.startswith("✅ Goblet squat: 3 × 12 @ 16 kg")
    sunday = await _reply(user, "sun: hip thrust 3x10 @ 20")
    assert sunday.text.startswith("✅ Dumbbell hip thrust: 3 × 10 @ 20 kg")
    history = await _history(user)
    days = [line for line in history.splitlines() if re.match(r"^[A-Z][a-z]{2} \d\d", line)]
    assert days == ["Tue 01 Dec 2026", "Mon 30 Nov 2026", "Sun 29 Nov 2026"], history
