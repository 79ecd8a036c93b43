"""Callback data: every kind round-trips, fits in 64 bytes, keeps its old strings, and
decodes forged, stale or malformed data to None."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from itertools import chain
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import CallbackQuery, Update, User
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.config import load_settings
from bot.core.catalogue import CATALOGUE, Exercise, get_exercise
from bot.core.coaching_moments import MAX_DAYS
from bot.core.onboarding import SETTINGS_STEPS, Step
from bot.core.profile import (
    MAX_TRAINING_DAYS,
    MIN_TRAINING_DAYS,
    Equipment,
    Experience,
    Goal,
    Units,
    Weekday,
)
from bot.core.readiness import PainRegion
from bot.core.reminder_schedule import ReminderKind
from bot.storage.database import create_engine, session_factory
from bot.telegram import callbacks as cb
from bot.telegram.app import build_application
from bot.telegram.callbacks import MAX_BYTES, MAX_LOG_ID, Press
from bot.telegram.handlers.general import expired_button


def _exercise(exercise_id: str) -> Exercise:
    found = get_exercise(exercise_id)
    assert found is not None
    return found


CURL = _exercise("lying_leg_curl")
HIP_THRUST = _exercise("barbell_hip_thrust")
LONGEST_EXERCISES = sorted(CATALOGUE, key=lambda exercise: len(exercise.id))[-2:]
LONGEST_ZONE = max(available_timezones(), key=len)
LONGEST_KIND = max(ReminderKind, key=lambda kind: len(kind.value))
LONGEST_STEP = max(SETTINGS_STEPS, key=len)


def _longest(members: type[Goal | Experience | Equipment | Units]) -> str:
    return max((member.value for member in members), key=len)


# Every kind with the string it has always had: buttons already sent must keep working.
ENCODED: list[tuple[Press, str]] = [
    (cb.GoalChoice(Goal.GLUTES), "ob:goal:glutes"),
    (cb.ExperienceChoice(Experience.ADVANCED), "ob:exp:advanced"),
    (cb.EquipmentToggle(Equipment.LEG_CURL_MACHINE), "ob:eq:leg_curl_machine"),
    (cb.FullGym(), "ob:eq:gym"),
    (cb.EquipmentDone(), "ob:eq:done"),
    (cb.DaysChoice(3), "ob:days:3"),
    (cb.WeekdayToggle(Weekday.THU), "ob:wd:thu"),
    (cb.WeekdaysDone(), "ob:wd:done"),
    (cb.TimeChoice(time(7)), "ob:time:07:00"),
    (cb.TimezoneChoice("America/New_York"), "ob:tz:America/New_York"),
    (cb.UnitsChoice(Units.LB), "ob:units:lb"),
    (cb.SkipBodyweight(), "ob:bw:skip"),
    (cb.SettingsChoice(Step.TIMEZONE), "ob:menu:timezone"),
    (cb.KeepSettings(), "ob:menu:keep"),
    (cb.AddBodyweight(), "ob:open:bodyweight"),
    (cb.ReminderToggle(ReminderKind.WEEKLY_SUMMARY), "rem:toggle:weekly_summary"),
    (cb.ReminderTimeChoice(ReminderKind.WORKOUT), "rem:time:workout"),
    (cb.ReminderAt(time(18, 30)), "rem:at:18:30"),
    (cb.CloseReminders(), "rem:close"),
    (cb.StartSession(), "session:start"),
    (cb.MoveSession(), "session:move"),
    (cb.SkipExercise(), "session:skip"),
    (cb.FinishSession(), "session:finish"),
    (cb.UndoLog(42), "log:undo:42"),
    (cb.EditLog(7), "log:edit:7"),
    (cb.AnswerLog(12, "load"), "log:answer:12:load"),
    (cb.LogEarlierDay(date(2026, 12, 1)), "log:day:2026-12-01"),
    (cb.StartRest(42), "rest:start:42"),
    (cb.RestTimerOff(), "rest:off"),
    (cb.ReadySleep(date(2026, 12, 7), 1), "rd:s:2026-12-07:1"),
    (cb.ReadySore(date(2026, 12, 7), 1, 3), "rd:o:2026-12-07:1:3"),
    (cb.ReadyPain(date(2026, 12, 7), 2, 1, "no"), "rd:p:2026-12-07:2:1:no"),
    (cb.ReadyPain.of(date(2026, 12, 7), 2, 2, PainRegion.KNEE), "rd:p:2026-12-07:2:2:knee"),
    (cb.ReadySkip(), "rd:skip"),
    (cb.ReadinessOff(), "rd:off"),
    (cb.TravelToggle(Equipment.BANDS), "tr:eq:bands"),
    (cb.TravelDays(7), "tr:days:7"),
    (cb.TravelBackHome(date(2026, 12, 13)), "tr:home:2026-12-13"),
    (cb.OpenCoaching(), "co:open"),
    (cb.CoachingSwitchTo("rest_timer", on=True), "co:sw:rest_timer:on"),
    (cb.CoachingSwitchTo("readiness_check", on=False), "co:sw:readiness_check:off"),
    (cb.AvoidRegion(PainRegion.KNEE), "co:avoid:knee"),
    (cb.RegionFine(PainRegion.LOWER_BACK), "co:fine:lower_back"),
    (cb.SwapPick(Weekday.MON, CURL), "swap:mon:lying_leg_curl"),
    # The one new form (see the module docstring); the old one is read below.
    (cb.SwapTo(Weekday.FRI, CURL, HIP_THRUST), "sw:fri:lying_leg_curl:barbell_hip_thrust"),
    (cb.EraseEverything(), "erase:confirm"),
    (cb.KeepData(), "erase:cancel"),
    (cb.OpenLanguages(), "lang:open"),
    (cb.LanguageChoice("pt_BR"), "lang:set:pt_BR"),
]

# Every kind with its longest possible values.
LONGEST: list[Press] = [
    cb.GoalChoice(Goal(_longest(Goal))),
    cb.ExperienceChoice(Experience(_longest(Experience))),
    cb.EquipmentToggle(Equipment(_longest(Equipment))),
    cb.DaysChoice(MAX_TRAINING_DAYS),
    cb.WeekdayToggle(Weekday.WED),
    cb.TimeChoice(time(23, 59)),
    cb.TimezoneChoice(LONGEST_ZONE),
    cb.UnitsChoice(Units(_longest(Units))),
    cb.SettingsChoice(SETTINGS_STEPS[LONGEST_STEP]),
    cb.ReminderToggle(LONGEST_KIND),
    cb.ReminderTimeChoice(LONGEST_KIND),
    cb.ReminderAt(time(23, 59)),
    cb.UndoLog(MAX_LOG_ID),
    cb.EditLog(MAX_LOG_ID),
    cb.AnswerLog(MAX_LOG_ID, max((e.id for e in CATALOGUE), key=len)),
    cb.LogEarlierDay(date.max),
    cb.StartRest(MAX_LOG_ID),
    cb.ReadySleep(date.max, 3),
    cb.ReadySore(date.max, 3, 3),
    cb.ReadyPain.of(date.max, 3, 3, max(PainRegion, key=lambda region: len(region.value))),
    cb.TravelToggle(Equipment(_longest(Equipment))),
    cb.TravelDays(MAX_DAYS),
    cb.TravelBackHome(date.max),
    cb.CoachingSwitchTo(max(cb.SWITCHES, key=len), on=False),
    cb.AvoidRegion(PainRegion.LOWER_BACK),
    cb.RegionFine(PainRegion.LOWER_BACK),
    cb.SwapPick(Weekday.WED, LONGEST_EXERCISES[-1]),
    cb.SwapTo(Weekday.WED, *LONGEST_EXERCISES),
    cb.LanguageChoice("pt_BR"),
    *(press for press, _ in ENCODED if not press.layout),
]

KINDS: list[type[Press]] = sorted(
    {type(press) for press, _ in ENCODED}, key=lambda kind: kind.__name__
)

FORGED: list[tuple[type[Press], str]] = [
    (cb.UndoLog, "log:undo:99999999999"),
    (cb.LanguageChoice, "lang:set:fr"),
    (cb.LanguageChoice, "lang:set:pt-BR"),
    (cb.LanguageChoice, "lang:set:"),
    (cb.UndoLog, f"log:undo:{MAX_LOG_ID + 1}"),
    (cb.UndoLog, "log:undo:0"),
    (cb.AnswerLog, "log:answer:12:kilos"),
    (cb.UndoLog, "log:undo:-1"),
    (cb.UndoLog, "log:undo:+1"),
    (cb.UndoLog, "log:undo:1_0"),
    (cb.UndoLog, "log:undo:٣"),
    (cb.UndoLog, "log:undo:²"),
    (cb.UndoLog, "log:undo:"),
    (cb.UndoLog, "log:undo"),
    (cb.UndoLog, "log:undo:1:2"),
    (cb.UndoLog, " log:undo:1"),
    (cb.UndoLog, "log:undo:1 "),
    (cb.UndoLog, "log:edit:1"),
    (cb.EditLog, "log:edit:" + "9" * 55),
    (cb.SwapTo, "swap:to:mon:x:y"),
    (cb.SwapTo, "sw:mon:x:y"),
    (cb.SwapTo, f"sw:xyz:{CURL.id}:{HIP_THRUST.id}"),
    (cb.SwapTo, f"sw:monday:{CURL.id}:{HIP_THRUST.id}"),
    (cb.SwapTo, f"sw:MON:{CURL.id}:{HIP_THRUST.id}"),
    (cb.SwapTo, f"sw:mon:{CURL.id}"),
    (cb.SwapTo, f"sw:mon:{CURL.id}:{HIP_THRUST.id}:x"),
    (cb.SwapTo, f"swapto:mon:{CURL.id}:zzz"),
    (cb.SwapTo, f"sw:mon:{CURL.id}:{CURL.id}"),
    (cb.SwapPick, f"swap:mon:{CURL.id}:{HIP_THRUST.id}"),
    (cb.SwapPick, "swap:mon:Lying leg curl"),
    (cb.SwapPick, f"swap:sun:{CURL.id.upper()}"),
    (cb.GoalChoice, "ob:goal:nope"),
    (cb.GoalChoice, "ob:goal:GLUTES"),
    (cb.ExperienceChoice, "ob:exp:"),
    (cb.EquipmentToggle, "ob:eq:gym"),
    (cb.EquipmentToggle, "ob:eq:done"),
    (cb.FullGym, "ob:eq:gym:x"),
    (cb.DaysChoice, f"ob:days:{MIN_TRAINING_DAYS - 1}"),
    (cb.DaysChoice, f"ob:days:{MAX_TRAINING_DAYS + 1}"),
    (cb.DaysChoice, "ob:days:٣"),
    (cb.WeekdayToggle, "ob:wd:done"),
    (cb.WeekdayToggle, "ob:wd:xyz"),
    (cb.TimeChoice, "ob:time:99:99"),
    (cb.TimeChoice, "ob:time:7:00"),
    (cb.TimeChoice, "ob:time:1٣:00"),
    (cb.TimeChoice, "ob:time:07:00:00"),
    (cb.TimezoneChoice, "ob:tz:Mars/Olympus"),
    (cb.TimezoneChoice, "ob:tz:"),
    (cb.UnitsChoice, "ob:units:stone"),
    (cb.SkipBodyweight, "ob:bw:nope"),
    (cb.SettingsChoice, "ob:menu:keep"),
    (cb.SettingsChoice, "ob:menu:weekdays"),
    (cb.ReminderToggle, "rem:toggle:zzz"),
    (cb.ReminderTimeChoice, "rem:time:"),
    (cb.ReminderAt, "rem:at:24:00"),
    (cb.CloseReminders, "rem:close:now"),
    (cb.StartSession, "session:start "),
    (cb.MoveSession, "session:move:today"),
    (cb.EraseEverything, "erase:confirm:1"),
    (cb.LogEarlierDay, "log:day:2026-02-30"),
    (cb.LogEarlierDay, "log:day:2026-1-01"),
    (cb.LogEarlierDay, "log:day:20261201"),
    (cb.LogEarlierDay, "log:day:２026-12-01"),
    (cb.LogEarlierDay, "log:day:"),
    (cb.StartRest, "rest:start:0"),
    (cb.StartRest, "rest:start"),
    (cb.RestTimerOff, "rest:off:1"),
    (cb.ReadySleep, "rd:s:2026-12-07:0"),
    (cb.ReadySleep, "rd:s:2026-12-07:4"),
    (cb.ReadySore, "rd:o:2026-12-07:1"),
    (cb.ReadyPain, "rd:p:2026-12-07:1:1:neck"),
    (cb.ReadyPain, "rd:p:2026-12-07:1:1:KNEE"),
    (cb.ReadySkip, "rd:skip:2026-12-07"),
    (cb.TravelToggle, "tr:eq:rocket"),
    (cb.TravelDays, "tr:days:0"),
    (cb.TravelDays, f"tr:days:{MAX_DAYS + 1}"),
    (cb.TravelBackHome, "tr:home:2026-02-30"),
    (cb.CoachingSwitchTo, "co:sw:avoid:on"),
    (cb.CoachingSwitchTo, "co:sw:rest_timer:yes"),
    (cb.CoachingSwitchTo, "co:sw:rest_timer"),
    (cb.AvoidRegion, "co:avoid:neck"),
    (cb.AvoidRegion, "co:avoid:other"),
    (cb.RegionFine, "co:fine:other"),
    (cb.RegionFine, "co:fine:"),
    (cb.OpenCoaching, "co:open:1"),
]


@pytest.mark.parametrize(("press", "data"), ENCODED, ids=lambda value: str(value)[:40])
def test_every_kind_keeps_its_string_and_round_trips(press: Press, data: str) -> None:
    assert press.encode() == data
    assert type(press).decode(data) == press
    assert type(press).matches(data)


def test_every_kind_is_listed() -> None:
    in_module = {
        value
        for value in vars(cb).values()
        if isinstance(value, type) and issubclass(value, Press) and value is not Press
    }
    assert in_module == set(KINDS)
    assert {type(press) for press in LONGEST} == set(KINDS)


def test_the_old_swap_form_is_still_read() -> None:
    old = f"swapto:fri:{CURL.id}:{HIP_THRUST.id}"
    assert cb.SwapTo.decode(old) == cb.SwapTo(Weekday.FRI, CURL, HIP_THRUST)


@pytest.mark.parametrize("press", LONGEST, ids=lambda press: type(press).__name__)
def test_the_longest_values_fit_in_64_bytes(press: Press) -> None:
    data = press.encode()
    assert len(data.encode()) <= MAX_BYTES
    assert type(press).decode(data) == press


def test_a_swap_of_the_two_longest_ids_did_not_fit_in_the_old_form() -> None:
    """Why SwapTo changed its prefix."""
    old = f"swapto:wed:{LONGEST_EXERCISES[0].id}:{LONGEST_EXERCISES[1].id}"
    assert len(old.encode()) > MAX_BYTES


def test_data_longer_than_64_bytes_is_refused_when_encoding() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        cb.TimezoneChoice("x" * 60).encode()


@pytest.mark.parametrize(("kind", "data"), FORGED, ids=lambda value: str(value)[:40])
def test_forged_or_malformed_data_decodes_to_none(kind: type[Press], data: str) -> None:
    assert kind.decode(data) is None
    assert not kind.matches(data)


@pytest.mark.parametrize("data", [None, 42, b"log:undo:1", ("log:undo", 1), "", "x" * 65])
def test_anything_but_short_text_decodes_to_none(data: object) -> None:
    assert all(kind.decode(data) is None for kind in KINDS)


def _handlers_within(handler: BaseHandler[Any, Any, Any]) -> Iterator[BaseHandler[Any, Any, Any]]:
    """`handler`, or the handlers of every state of a conversation."""
    if not isinstance(handler, ConversationHandler):
        yield handler
        return
    for inner in (*handler.entry_points, *chain(*handler.states.values()), *handler.fallbacks):
        yield from _handlers_within(inner)


@pytest.mark.parametrize("data", ["", None])
async def test_a_press_without_data_reaches_only_the_last_resort(
    data: str | None, tmp_path: Path
) -> None:
    """python-telegram-bot lets such a press through any CallbackQueryHandler's pattern: it
    used to start the bodyweight question, or skip it half-way through onboarding."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'coach.sqlite3'}")
    try:
        settings = load_settings(_env_file=None, data_dir=tmp_path)
        application = build_application(settings, token="1:x", sessions=session_factory(engine))
    finally:
        await engine.dispose()
    press = Update(
        1, callback_query=CallbackQuery("1", User(1, "Ann", is_bot=False), "1", data=data)
    )
    handlers = [
        handler
        for group in application.handlers.values()
        for registered in group
        for handler in _handlers_within(registered)
    ]
    taking = [h for h in handlers if isinstance(h, CallbackQueryHandler) and h.check_update(press)]
    assert [handler.callback for handler in taking] == [expired_button]


@pytest.mark.parametrize(("press", "data"), ENCODED, ids=lambda value: str(value)[:40])
def test_each_string_is_read_by_its_own_kind_only(press: Press, data: str) -> None:
    assert [kind for kind in KINDS if kind.matches(data)] == [type(press)]


_PREFIXED = st.builds(
    lambda kind, tail: f"{kind.prefix}:{tail}",
    st.sampled_from(KINDS),
    st.text(st.sampled_from("0123456789:_abcdefghijklmnopqrstuvwxyz/٣²"), max_size=40),
)


@given(st.one_of(st.text(max_size=70), _PREFIXED))
def test_decoding_any_text_never_fails_and_reencodes_to_the_same_press(data: str) -> None:
    for kind in KINDS:
        press = kind.decode(data)
        if press is not None:
            assert kind.decode(press.encode()) == press
