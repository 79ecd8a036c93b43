"""The readiness check in the chat: asked below a training day's session, once a day, and
what the answers, or the same said in plain words, change in today's session."""

from __future__ import annotations

import re

import pytest

from bot.core.catalogue import Exercise, lookup
from bot.core.profile import Equipment, Experience, Goal, Weekday
from bot.core.readiness import Note, PainRegion, loads
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies
from tests.support.onboarding import GYM, GYM_LIFTER, Answers, gym_lifter, onboard

App = CoachApplication
# A day's exercise as /today lists it: its name and sets.
LISTED = re.compile(r"^\d+\. (?P<name>.+?) — (?P<sets>\d+) × ", re.M)
PROMPT = re.compile(r"^\d+/\d+ (?P<name>.+?) — ")
HOME = Answers(
    equipment=(Equipment.DUMBBELLS, Equipment.BENCH, Equipment.BANDS),
    days=2,
    weekdays=(Weekday.MON, Weekday.THU),
    timezone="UTC",
)
SAFETY = messages.readiness_notes()[Note.SAFETY]


async def _today(user: ChatUser) -> tuple[BotMessage, BotMessage]:
    """/today on a training day: the day's message and the session's prompt."""
    await user.send_text("/today")
    return await user.next_message(), await user.next_message()


async def _sent_again(user: ChatUser, check: BotMessage) -> tuple[BotMessage, BotMessage]:
    """After the check's last answer: the day's session sent again, and its prompt."""
    day = await user.wait_for(
        lambda m: m.message_id != check.message_id and LISTED.search(m.text) is not None
    )
    return day, await user.wait_for(lambda m: PROMPT.match(m.text) is not None)


async def _said(user: ChatUser, text: str) -> BotMessage:
    """`text` sent, and the bot's reply to it."""
    sent = await user.send_text(text)
    return await user.wait_for(lambda m: m.reply_to_message_id == sent)


def _listed(day: BotMessage) -> list[tuple[Exercise, int]]:
    found = [(lookup(m["name"]), int(m["sets"])) for m in LISTED.finditer(day.text)]
    assert found, day.text
    assert all(exercise is not None for exercise, _ in found), day.text
    return [(exercise, sets) for exercise, sets in found if exercise is not None]


def _prompted(prompt: BotMessage) -> Exercise:
    match = PROMPT.match(prompt.text)
    assert match is not None, prompt.text
    exercise = lookup(match["name"])
    assert exercise is not None, prompt.text
    return exercise


def _asks(day: BotMessage) -> bool:
    return tr("readiness.ask_sleep") in day.text and bool(day.keyboard_buttons)


async def test_a_training_days_session_comes_with_the_check_and_skip_leaves_it(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4101)
    day, prompt = await _today(user)
    assert _asks(day)
    assert day.text.startswith(tr("plans.today_title").split("{", 1)[0])
    _listed(day)  # the session is there at once, above the check
    _prompted(prompt)

    await user.press(tr("readiness.button_readiness_skip"), message=day)
    await replies(user)
    skipped = user.message(day.message_id)
    assert skipped is not None
    assert tr("readiness.ask_sleep") not in skipped.text
    assert not skipped.keyboard_buttons
    assert [e for e, _ in _listed(skipped)] == [e for e, _ in _listed(day)]

    again, _ = await _today(user)
    assert not _asks(again), "asked twice the same day"


@pytest.mark.parametrize("answers", [GYM_LIFTER, HOME], ids=["gym", "home"])
async def test_knee_pain_takes_knee_work_out_of_todays_session(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies, answers: Answers
) -> None:
    user = emulator.user(4102)
    await onboard(user, **answers)
    day, _ = await _today(user)
    before = [exercise for exercise, _ in _listed(day)]
    assert any(loads(exercise, PainRegion.KNEE) for exercise in before), "nothing to spare"
    await user.press(messages.sleep_labels()[2], message=day)
    await replies(user)
    await user.press(messages.soreness_labels()[1], message=user.message(day.message_id))
    await replies(user)
    await user.press(messages.pain_labels()[PainRegion.KNEE], message=user.message(day.message_id))
    adjusted, prompt = await _sent_again(user, day)
    check = user.message(day.message_id)
    assert check is not None
    assert not check.keyboard_buttons

    after = [exercise for exercise, _ in _listed(adjusted)]
    assert not any(loads(exercise, PainRegion.KNEE) for exercise in after), adjusted.text
    assert not loads(_prompted(prompt), PainRegion.KNEE)
    assert SAFETY in adjusted.text
    assert check.text == tr("readiness.readiness_adjusted")
    assert messages.readiness_notes()[Note.SPARE_KNEE] in adjusted.text

    # Kept for the day: /today shows the same, and does not ask again.
    again, _ = await _today(user)
    assert not _asks(again)
    assert [exercise for exercise, _ in _listed(again)] == after


async def test_poor_sleep_and_a_lot_of_soreness_mean_fewer_sets(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4103)
    day, _ = await _today(user)
    before = _listed(day)
    await user.press(messages.sleep_labels()[1], message=day)
    await replies(user)
    await user.press(messages.soreness_labels()[3], message=user.message(day.message_id))
    await replies(user)
    await user.press(tr("readiness.no_pain"), message=user.message(day.message_id))
    adjusted, _ = await _sent_again(user, day)

    after = _listed(adjusted)
    assert [e for e, _ in after] == [e for e, _ in before]
    assert all(late <= early for (_, early), (_, late) in zip(before, after, strict=True))
    assert sum(s for _, s in after) < sum(s for _, s in before)
    assert messages.readiness_notes()[Note.TIRED] in adjusted.text


async def test_after_a_day_with_fewer_sets_next_time_has_the_sets_planned(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4112)
    day, _ = await _today(user)
    (first, planned), *_ = _listed(day)
    await user.press(messages.sleep_labels()[1], message=day)
    await replies(user)
    await user.press(messages.soreness_labels()[3], message=user.message(day.message_id))
    await replies(user)
    await user.press(tr("readiness.no_pain"), message=user.message(day.message_id))
    adjusted, prompt = await _sent_again(user, day)
    (_, today), *_ = _listed(adjusted)
    assert _prompted(prompt) == first
    assert today < planned

    logged = await _said(user, f"{today}x{first.rep_range[0]} @ 60")

    # Fewer sets were for today only: the next session is a full one.
    target = next(line for line in logged.text.splitlines() if line.startswith("🎯"))
    assert f" {planned} × " in target, target


async def test_dont_ask_again_turns_the_check_off_until_turned_on(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4104)
    day, _ = await _today(user)
    await user.press(tr("readiness.button_readiness_off"), message=day)
    await replies(user)
    off = user.message(day.message_id)
    assert off is not None
    assert tr("readiness.readiness_off") in off.text
    assert not off.keyboard_buttons

    clock.advance(days=3)  # Thursday, the next training day
    thursday, _ = await _today(user)
    assert not _asks(thursday)

    await user.send_text("/readiness on")
    assert (await user.next_message()).text == tr("readiness.readiness_on")
    clock.advance(days=4)  # Monday
    monday, _ = await _today(user)
    assert _asks(monday)


async def test_no_check_on_a_rest_day(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4105)
    clock.advance(days=1)  # Tuesday
    await user.send_text("/today")
    (advice,) = await replies(user)
    assert tr("readiness.ask_sleep") not in advice.text
    assert not advice.keyboard_buttons


async def test_saying_my_knee_hurts_does_what_the_button_does(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4106)
    reply = await _said(user, "my knee hurts")
    assert tr("readiness.told_pain") in reply.text
    assert SAFETY in reply.text
    assert tr("readiness.told_see_today") in reply.text

    day, prompt = await _today(user)
    assert not _asks(day), "asked what was already said"
    assert not any(loads(exercise, PainRegion.KNEE) for exercise, _ in _listed(day))
    assert not loads(_prompted(prompt), PainRegion.KNEE)

    # Said later the same day: the pain is kept, poor sleep added.
    reply = await _said(user, "slept badly last night")
    assert tr("readiness.told_slept_badly") in reply.text
    assert SAFETY in reply.text


async def test_pain_that_changes_nothing_today_is_not_told_as_a_change(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4110)
    # "somewhere else": no exercise is known to load it, so today's session stays.
    reply = await _said(user, "my shoulder hurts")
    assert tr("readiness.told_pain") not in reply.text
    assert tr("readiness.told_pain_nothing_loads_it") in reply.text
    assert SAFETY in reply.text

    clock.advance(days=1)  # Tuesday: a rest day
    reply = await _said(user, "my knee hurts")
    assert tr("readiness.told_pain") not in reply.text
    assert tr("readiness.told_rest_day") in reply.text


async def test_pain_in_one_place_three_sessions_running_is_for_a_professional_once(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = await gym_lifter(emulator, 4109)
    lasting = tr("readiness.pain_lasting", where=messages.pain_where()[PainRegion.KNEE])
    said = []
    for days_on in (0, 3, 4):  # Monday, Thursday, the next Monday: its training days
        clock.advance(days=days_on)
        said.append(lasting in (await _said(user, "my knee hurts")).text)
    assert said == [False, False, True]
    assert lasting not in (await _said(user, "my knee still hurts")).text, "said once"

    clock.advance(days=3)
    await _said(user, "slept badly")  # no pain this time: the run is over
    for days_on in (4, 3, 4):
        clock.advance(days=days_on)
        said.append(lasting in (await _said(user, "my knee hurts")).text)
    assert said[3:] == [False, False, True], "a new run of pain is told again"


async def test_text_that_is_neither_a_log_nor_a_moment_still_gets_the_usual_answer(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4107)
    reply = await _said(user, "what a lovely morning")
    assert any(reason in reply.text for reason in messages.log_rejected().values()), reply.text


async def test_a_check_of_another_day_or_a_forged_answer_is_told_so(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4108)
    day, _ = await _today(user)
    clock.advance(days=3)
    query = await user.press_data(day.keyboard_buttons[0].callback_data or "", day)
    await replies(user)
    answer = next(a for a in emulator.callback_answers if a.callback_query_id == query)
    assert answer.text == tr("readiness.readiness_stale")
    assert answer.show_alert
    still = user.message(day.message_id)
    assert still is not None
    assert still.text == day.text, "a stale press changed the message"

    forged = await user.press_data("rd:p:2026-12-03:1:1:neck", day)
    await replies(user)
    answer = next(a for a in emulator.callback_answers if a.callback_query_id == forged)
    assert answer.text == tr("general.menu_expired")


async def test_a_double_tap_on_the_check_is_harmless(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 4110)
    day, _ = await _today(user)
    poor = day.keyboard_buttons[0].callback_data or ""
    await user.press_data(poor, day)
    await user.press_data(poor, day)
    await replies(user)
    assert tr("general.internal_error") not in [m.text for m in user.messages]
    now = user.message(day.message_id)
    assert now is not None
    assert tr("readiness.ask_soreness") in now.text


# Hamstring-focused, four days (Coach suggests Monday, Tuesday, Thursday, Friday): Monday's
# Nordic is its only heavy hamstring work and Tuesday has none, so it can move.
HAMSTRINGS_FOUR_DAYS = Answers(
    goal=Goal.HAMSTRINGS,
    experience=Experience.INTERMEDIATE,
    equipment=GYM,
    days=4,
    weekdays=None,
    timezone="UTC",
)


async def test_a_lot_of_soreness_moves_the_heavy_hamstring_work_to_the_next_training_day(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = emulator.user(4111)
    await onboard(user, **HAMSTRINGS_FOUR_DAYS)
    day, _ = await _today(user)
    before = _listed(day)
    heavy = [(exercise, sets) for exercise, sets in before if exercise.is_heavy_hamstring]
    assert heavy, day.text

    await user.press(messages.sleep_labels()[2], message=day)
    await replies(user)
    await user.press(messages.soreness_labels()[3], message=user.message(day.message_id))
    await replies(user)
    await user.press(tr("readiness.no_pain"), message=user.message(day.message_id))
    adjusted, prompt = await _sent_again(user, day)

    # Gone from today, which says where it went; the rest of the day as it was.
    after = _listed(adjusted)
    assert after == [listed for listed in before if listed not in heavy], adjusted.text
    assert not _prompted(prompt).is_heavy_hamstring
    moved_line = _line_naming(adjusted, "Tuesday")
    assert all(exercise.name in moved_line for exercise, _ in heavy), moved_line
    again, _ = await _today(user)
    assert _listed(again) == after

    # Tomorrow it is there, with its sets as planned, and says why.
    tuesday, _ = await _tomorrow(user, clock)
    assert [listed for listed in _listed(tuesday) if listed[0].is_heavy_hamstring] == heavy
    arrived_line = _line_naming(tuesday, "Monday")
    assert all(exercise.name in arrived_line for exercise, _ in heavy), arrived_line


async def _tomorrow(user: ChatUser, clock: FakeClock) -> tuple[BotMessage, BotMessage]:
    clock.advance(days=1)
    return await _today(user)


def _line_naming(day: BotMessage, weekday: str) -> str:
    lines = [line for line in day.text.splitlines() if weekday in line]
    assert len(lines) == 1, day.text
    return lines[0]
