"""/weight: weigh-ins by day, the protein target that follows them, their chart, export and
erasure."""

from __future__ import annotations

import json
from typing import Any, Unpack

from sqlalchemy import func, select

from bot.core.nutrition import protein_plan
from bot.core.profile import Goal, Units
from bot.emulator import BotApiEmulator, ChatUser
from bot.storage.database import create_engine
from bot.storage.models import BodyweightEntry
from bot.telegram.context import CoachApplication
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies, all_handled
from tests.support.onboarding import Answers, onboard

App = CoachApplication


async def _weigh(user: ChatUser, replies: Replies, text: str) -> str:
    await replies(user)
    await user.send_text(text)
    return "\n".join(m.text for m in await replies(user))


async def _exported(user: ChatUser, replies: Replies) -> dict[str, Any]:
    await replies(user)
    await user.send_text("/export json")
    sent = await user.wait_for(lambda m: m.document is not None)
    assert sent.document is not None
    account: dict[str, Any] = json.loads(sent.document.data)
    return account


async def _person(emulator: BotApiEmulator, user_id: int, **answers: Unpack[Answers]) -> ChatUser:
    """Onboarded in UTC unless `answers` say otherwise; the clock stands at Monday 10:00."""
    user = emulator.user(user_id)
    await onboard(user, **(Answers(timezone="UTC") | answers))
    return user


def _target_line(kilograms: float, goal: Goal) -> str:
    protein = protein_plan(kilograms, goal)
    return f"about {protein.daily_g} g"


async def test_the_latest_weigh_in_sets_the_protein_target_and_one_a_day_is_kept(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1401, goal=Goal.GLUTES, bodyweight="70")

    first = await _weigh(user, replies, "/weight 72.5")
    again = await _weigh(user, replies, "/weight 74,5 kg")
    assert "72.5 kg" in first, first
    assert _target_line(72.5, Goal.GLUTES) in first, first
    assert "74.5 kg" in again, again
    assert _target_line(74.5, Goal.GLUTES) in again, again

    clock.advance(hours=2, minutes=1)  # Monday 12:01: the nutrition reminder
    nutrition = await user.wait_for(lambda m: m.text.startswith("🥚"))
    assert _target_line(74.5, Goal.GLUTES) in nutrition.text, nutrition.text

    clock.advance(days=1)
    in_pounds = await _weigh(user, replies, "/weight 160 lb")
    assert "72.6 kg" in in_pounds, in_pounds
    assert _target_line(72.6, Goal.GLUTES) in in_pounds, in_pounds

    listed = await _weigh(user, replies, "/weight")
    # Newest first; Monday's three weigh-ins (onboarding's 70, 72.5, 74.5) left the last.
    assert listed.index("72.6 kg") < listed.index("74.5 kg"), listed
    assert "70 kg" not in listed, listed
    assert "72.5 kg" not in listed, listed
    bodyweights = (await _exported(user, replies))["bodyweights"]
    assert bodyweights == [
        {"date": "2026-11-30", "kg": 74.5},
        {"date": "2026-12-01", "kg": 72.6},
    ]


async def test_a_person_in_pounds_weighs_in_in_pounds(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1402, goal=Goal.STRENGTH, units=Units.LB, bodyweight=None)
    saved = await _weigh(user, replies, "/weight 180")
    kilograms = round(180 * 0.45359237, 1)
    assert "180 lb" in saved, saved
    assert _target_line(kilograms, Goal.STRENGTH) in saved, saved


async def test_a_weigh_in_belongs_to_the_persons_own_day(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """Monday 10:00 UTC is already Tuesday on Kiritimati (UTC+14)."""
    user = await _person(emulator, 1407, timezone="Pacific/Kiritimati", bodyweight=None)
    await _weigh(user, replies, "/weight 68")
    assert (await _exported(user, replies))["bodyweights"] == [{"date": "2026-12-01", "kg": 68}]


async def test_what_is_not_a_bodyweight_is_refused_and_nothing_changes(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1403, bodyweight="70")
    for text in ("/weight abc", "/weight 0", "/weight 900", "/weight 72.5.5", "/weight -70"):
        assert await _weigh(user, replies, text) == tr("bodyweight.weight_not_understood"), text

    assert (await _exported(user, replies))["bodyweights"] == [{"date": "2026-11-30", "kg": 70}]
    clock.advance(hours=2, minutes=1)
    nutrition = await user.wait_for(lambda m: m.text.startswith("🥚"))
    assert _target_line(70, Goal.GLUTES) in nutrition.text, nutrition.text


async def test_weight_before_onboarding_asks_to_start(
    emulator: BotApiEmulator, coach: App, replies: Replies
) -> None:
    user = emulator.user(1404)
    assert await _weigh(user, replies, "/weight 70") == tr("general.need_profile")


async def test_progress_charts_bodyweight_from_the_second_weigh_in(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1405, bodyweight=None)
    await _weigh(user, replies, "/weight 70")
    await user.send_text("/progress")
    assert (await user.next_message()).text == tr("progress.progress_empty")

    clock.advance(days=7)
    await _weigh(user, replies, "/weight 71")
    await user.send_text("/progress")
    chart = await user.wait_for(lambda m: m.photo is not None)
    assert chart.photo is not None
    assert chart.photo.data.startswith(b"\x89PNG")
    assert chart.text == tr("progress.progress_caption")


async def test_delete_me_forgets_the_weigh_ins(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies, database_url: str
) -> None:
    user = await _person(emulator, 1406, bodyweight="70")
    await _weigh(user, replies, "/weight 71")
    # The onboarding answer was today's weigh-in; the second one replaced it.
    assert await _weigh_ins_stored(database_url, 1406) == 1
    await user.send_text("/delete_me")
    question = await user.wait_for(lambda m: m.text == tr("data.delete_confirm"))
    await user.press(tr("data.button_delete_everything"), message=question)
    assert (await user.next_message()).text == tr("data.deleted")
    # The person's state is written when the update's handling ends, after the reply.
    await all_handled(emulator, coach)

    assert await _weigh_ins_stored(database_url, 1406) == 0
    await user.send_text("/weight")
    assert (await user.next_message()).text == tr("general.need_profile")


async def _weigh_ins_stored(database_url: str, user_id: int) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            query = select(func.count()).where(BodyweightEntry.user_id == user_id)
            return int(await connection.scalar(query) or 0)
    finally:
        await engine.dispose()


async def test_a_weigh_in_said_in_words_does_what_weight_does(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1408, goal=Goal.GLUTES, bodyweight="70")
    said = await _weigh(user, replies, "I weigh 72.5 kg")
    assert said == await _weigh(user, replies, "/weight 72.5")
    assert "72.5 kg" in said, said
    assert _target_line(72.5, Goal.GLUTES) in said, said

    clock.advance(days=1)
    in_pounds = await _weigh(user, replies, "weighed in at 160 lb")
    assert in_pounds == await _weigh(user, replies, "/weight 160 lb")
    # A bare number is in the person's unit, and replaces the day's weigh-in as /weight does.
    no_unit = await _weigh(user, replies, "bodyweight 73,5")
    assert "73.5 kg" in no_unit, no_unit
    assert (await _exported(user, replies))["bodyweights"] == [
        {"date": "2026-11-30", "kg": 72.5},
        {"date": "2026-12-01", "kg": 73.5},
    ]
    clock.advance(hours=2, minutes=1)
    nutrition = await user.wait_for(lambda m: m.text.startswith("🥚"))
    assert _target_line(73.5, Goal.GLUTES) in nutrition.text, nutrition.text


async def test_a_person_in_pounds_says_a_weigh_in_in_pounds(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1409, goal=Goal.STRENGTH, units=Units.LB, bodyweight=None)
    for text in ("my weight is 180 today", "I'm 180 pounds"):
        saved = await _weigh(user, replies, text)
        assert saved == await _weigh(user, replies, "/weight 180"), text
        assert "180 lb" in saved, saved
        assert _target_line(round(180 * 0.45359237, 1), Goal.STRENGTH) in saved, saved


async def test_an_implausible_weigh_in_said_in_words_is_refused_like_weight(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1410, bodyweight="70")
    for text in ("I weigh 5 kg", "I'm 900 kilos", "bodyweight 0", "weighed in at 20 lb"):
        assert await _weigh(user, replies, text) == tr("bodyweight.weight_not_understood"), text
    assert (await _exported(user, replies))["bodyweights"] == [{"date": "2026-11-30", "kg": 70}]


async def test_logs_with_bodyweight_words_stay_logs(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await _person(emulator, 1411, bodyweight="70")
    await _weigh(user, replies, "/today")
    weighed = tr("bodyweight.weight_saved").split("{", 1)[0]
    for text in ("bodyweight squat 3x10", "bw 3x12", "weighted hip thrust 80kg 3x8"):
        read = await _weigh(user, replies, text)
        assert weighed not in read, (text, read)
        assert tr("bodyweight.weight_not_understood") not in read, (text, read)
        # Logged, or (a name the catalogue knows only nearly) asked about as a log.
        assert read.startswith("✅") or tr("workouts.choose_exercise").split("}", 1)[1] in read, (
            read
        )
    assert (await _exported(user, replies))["bodyweights"] == [{"date": "2026-11-30", "kg": 70}]
