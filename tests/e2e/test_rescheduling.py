"""Rescheduling and travel through the chat, with the clock moved: a session the person
cannot train today moves to the day Coach names, and /travel trains with what is at hand
for some days, then the normal plan comes back where the programme was."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime

import pytest

from bot.config import Settings
from bot.core.catalogue import CATALOGUE
from bot.core.coaching_switches import CoachingSwitches
from bot.core.profile import Equipment, Experience, Goal, Weekday
from bot.emulator import BotApiEmulator, ChatUser
from bot.storage import database
from bot.telegram import messages
from bot.telegram.app import build_application
from bot.telegram.context import CoachApplication, install_services, services
from bot.telegram.i18n import tr
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies, due_reminders_sent
from tests.support.onboarding import GYM_LIFTER, Answers, gym_lifter, onboard

App = CoachApplication
LISTED = re.compile(r"^\d+\. (.+?) — \d+ ×", re.M)
WEEK = re.compile(r"^Week (\d+) of", re.M)
MOVED_TO = re.compile(tr("away.session_moved").split("{", 1)[0] + r"(\w{3} \d\d \w{3})")


async def _today(user: ChatUser, replies: Replies) -> str:
    """/today's day message without the readiness check below it the first time (a
    workout's prompts after it are read too)."""
    await user.send_text("/today")
    day = (await replies(user))[0].text
    return day.split(f"\n\n{tr('readiness.readiness_intro')}", 1)[0]


async def _lifter_today(
    emulator: BotApiEmulator, replies: Replies, user_id: int
) -> tuple[ChatUser, str]:
    """A gym lifter onboarded on Monday, and what /today shows them then."""
    user = await gym_lifter(emulator, user_id)
    await replies(user)
    return user, await _today(user, replies)


async def _planned_names(coach: App, user: ChatUser, weekday: Weekday) -> list[str]:
    setup = await services(coach.bot_data).coach.setup(user.user_id)
    assert setup is not None
    return [p.exercise.name for p in setup[1].day(weekday).exercises]


def _moved_to(text: str, now: datetime) -> date:
    found = MOVED_TO.match(text)
    assert found is not None, text
    day = datetime.strptime(f"{found.group(1)} {now.year}", "%a %d %b %Y").date()
    assert now.date() < day, "a later day"
    return day


async def _move_to(clock: FakeClock, day: date) -> None:
    clock.advance(days=(day - clock.now.date()).days)


async def test_skip_on_the_reminder_moves_todays_session_to_the_day_it_names_and_its_reminder(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = emulator.user(701)
    answers: Answers = {**GYM_LIFTER, "reminder": "10:01"}
    await onboard(user, **answers)
    await replies(user)
    mondays = await _planned_names(coach, user, Weekday.MON)
    assert mondays
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    reminder = await user.wait_for(
        lambda m: m.text.startswith(tr("reminders.workout_reminder_title"))
    )
    await user.press(tr("away.button_cant_train"), message=reminder)
    (answer,) = await replies(user)
    day = _moved_to(answer.text, clock.now)

    assert LISTED.findall(await _today(user, replies)) == [], "today is a rest day now"
    await _move_to(clock, day)
    await due_reminders_sent(coach)
    reminders = [m.text for m in await replies(user)]
    assert [text for text in reminders if text.startswith(tr("reminders.workout_reminder_title"))]
    assert all(name in reminders[-1] for name in mondays), "the day's reminder has the session"
    assert LISTED.findall(await _today(user, replies)) == mondays


async def test_cant_train_today_said_in_words_moves_the_session_and_the_week_goes_on(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user, shown = await _lifter_today(emulator, replies, 702)
    await user.send_text("sorry, I can't train today")
    (answer,) = await replies(user)
    day = _moved_to(answer.text, clock.now)
    await _move_to(clock, day)
    moved = await _today(user, replies)
    assert LISTED.findall(moved) == LISTED.findall(shown)
    assert WEEK.findall(moved) == WEEK.findall(shown) == ["1"]
    await user.send_text("3x5 @ 60kg")
    await replies(user)
    # Thursday's session stays, and the week after is the programme's second.
    await _move_to(clock, date(2026, 12, 3))
    assert LISTED.findall(await _today(user, replies))
    await user.send_text("3x5 @ 60kg")
    await replies(user)
    await _move_to(clock, date(2026, 12, 7))
    assert WEEK.findall(await _today(user, replies)) == ["2"]


def _equipment(names: list[str]) -> set[Equipment]:
    return {kind for e in CATALOGUE if e.name in names for kind in e.equipment}


async def test_travel_trains_with_bands_for_its_days_then_the_programme_goes_on(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 703)
    await replies(user)
    await user.send_text("/travel bands 7")
    (answer,) = await replies(user)
    assert answer.text.startswith(tr("away.travel_started").split("{", 1)[0])
    for day in (date(2026, 11, 30), date(2026, 12, 3)):
        await _move_to(clock, day)
        away = await _today(user, replies)
        assert LISTED.findall(away)
        assert _equipment(LISTED.findall(away)) <= {Equipment.BANDS}
        assert WEEK.findall(away) == ["1"]
        await user.send_text("3x12")
        await replies(user)
    await _move_to(clock, date(2026, 12, 7))
    home = await _today(user, replies)
    assert not _equipment(LISTED.findall(home)) <= {Equipment.BANDS}, "the gym plan is back"
    assert WEEK.findall(home) == ["2"]


@pytest.mark.parametrize(
    ("typed", "reply"),
    [
        ("/travel bands 0", tr("away.travel_over")),
        ("/travel bands -3", tr("away.travel_over")),
        ("/travel bands 2026-11-01", tr("away.travel_over")),
        ("/travel bands", tr("away.travel_no_days")),
        ("/travel rocket 5", tr("away.travel_no_equipment")),
        ("/travel off", tr("away.travel_not_on")),
    ],
)
async def test_a_travel_period_typed_wrong_is_refused_and_nothing_changes(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies, typed: str, reply: str
) -> None:
    user, before = await _lifter_today(emulator, replies, 704)
    await user.send_text(typed)
    assert [m.text for m in await replies(user)] == [reply]
    assert await _today(user, replies) == before


async def test_only_bands_said_in_words_starts_travel_and_travel_off_ends_it(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user, before = await _lifter_today(emulator, replies, 705)
    await user.send_text("I only have bands this week")
    (answer,) = await replies(user)
    assert answer.text.startswith(tr("away.travel_started").split("{", 1)[0])
    assert _equipment(LISTED.findall(await _today(user, replies))) <= {Equipment.BANDS}
    await user.send_text("/travel off")
    assert [m.text for m in await replies(user)] == [tr("away.travel_ended")]
    assert await _today(user, replies) == before


async def test_the_exported_plan_is_the_persons_own_while_travelling(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = await gym_lifter(emulator, 706)
    await user.send_text("/export json")
    home = await user.wait_for(lambda m: m.document is not None)
    await user.send_text("/travel bands 7")
    await replies(user)
    await user.send_text("/export json")
    away = await user.wait_for(lambda m: m.document is not None)
    assert home.document is not None
    assert away.document is not None
    assert json.loads(away.document.data)["plan"] == json.loads(home.document.data)["plan"]


async def test_travelling_said_in_words_asks_what_equipment_and_changes_nothing_yet(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user, before = await _lifter_today(emulator, replies, 707)
    await user.send_text("I'm travelling for 10 days")
    assert [m.text for m in await replies(user)] == [tr("away.travel_ask_equipment", days=10)]
    assert await _today(user, replies) == before


@asynccontextmanager
async def _other_instance(
    settings: Settings, emulator: BotApiEmulator, clock: FakeClock
) -> AsyncIterator[App]:
    """A second instance on the same database, with its own engine and memory, that sends
    reminders when told to (`due_reminders_sent`) and handles no updates."""
    engine = database.create_engine(settings.resolved_database_url)
    try:
        other = build_application(
            settings, token=emulator.token, sessions=database.session_factory(engine)
        )
        install_services(other.bot_data, services(other.bot_data).with_clock(clock))
        async with other.bot:
            yield other
    finally:
        await engine.dispose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_session_moved_on_one_instance_is_in_the_reminder_another_one_sends(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    replies: Replies,
    bot_settings: Settings,
) -> None:
    # This instance sends no reminders: every one comes from the other.
    services(coach.bot_data).dispatcher.stop()
    user = emulator.user(708)
    await onboard(user, **{**GYM_LIFTER, "reminder": "10:01"})
    await replies(user)
    mondays = await _planned_names(coach, user, Weekday.MON)
    await user.send_text("I can't train today")
    (answer,) = await replies(user)
    day = _moved_to(answer.text, clock.now)

    async with _other_instance(bot_settings, emulator, clock) as other:
        await _move_to(clock, day)
        clock.advance(minutes=2)
        await due_reminders_sent(other)
    reminder = await user.wait_for(
        lambda m: m.text.startswith(tr("reminders.workout_reminder_title"))
    )
    assert all(name in reminder.text for name in mondays), "the moved session is that day's"


async def test_with_the_skip_button_switched_off_the_workout_reminder_only_offers_to_start(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = emulator.user(709)
    await onboard(user, **{**GYM_LIFTER, "reminder": "10:01"})
    await replies(user)
    await services(coach.bot_data).switches.save(user.user_id, CoachingSwitches(skip_button=False))
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    reminder = await user.wait_for(
        lambda m: m.text.startswith(tr("reminders.workout_reminder_title"))
    )
    assert reminder.button_texts == [tr("reminders.button_start")]


async def test_with_no_spaced_day_the_session_moves_without_its_nordics(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    """Wednesday's session has Nordics and Friday a stiff-leg deadlift: Thursday takes the
    rest of Wednesday's session, and the Nordics wait for next week."""
    user = emulator.user(3120)
    await onboard(
        user,
        goal=Goal.BALANCED,
        experience=Experience.INTERMEDIATE,
        equipment=tuple(Equipment),
        days=3,
        weekdays=(Weekday.MON, Weekday.WED, Weekday.FRI),
        timezone="UTC",
    )
    wednesday = await _planned_names(coach, user, Weekday.WED)
    nordics = [name for name in wednesday if "Nordic" in name]
    assert nordics, wednesday
    await replies(user)
    clock.advance(days=2)

    await user.send_text("can't train today")
    (answer,) = await replies(user)
    said = answer.text

    assert said.startswith(tr("away.session_moved_lighter").split("{", 1)[0])
    assert messages.format_left_out(nordics) in said
    clock.advance(days=1)
    thursday = LISTED.findall(await _today(user, replies))
    assert thursday == [name for name in wednesday if name not in nordics]
