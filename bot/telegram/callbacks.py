"""What the bot's inline buttons carry: one small frozen class per kind of button.

A button's callback data is its kind's `prefix` followed by one text per field, joined by
colons: `UndoLog(42).encode() == "log:undo:42"`. `Kind.decode(data)` reads it back as the
typed value, or gives None for anything one of our buttons could not have sent: another
prefix, the wrong number of fields, a non-numeric or out-of-range id, an unknown weekday,
enum value or exercise. A press whose data no handler's kind accepts falls through to the
"menu expired" answer, so forged or stale data never reaches a handler.

The strings are the ones the bot has always sent, so buttons in messages people already
have keep working after a deploy. The one change is `SwapTo`: its old form
`swapto:DAY:OLD:NEW` exceeds Telegram's 64 bytes for the longest exercise ids, so it is
written as `sw:DAY:OLD:NEW`, and the old form is still read.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Any, ClassVar, Generic, Self, TypeVar

from bot.core.answers import resolve_timezone
from bot.core.catalogue import Exercise, get_exercise
from bot.core.coaching_moments import MAX_DAYS
from bot.core.coaching_switches import CoachingSwitches
from bot.core.logparse.in_context import READING_ANSWERS
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
from bot.telegram.i18n import LOCALES

MAX_BYTES = 64  # Telegram's limit on a button's callback data
SEPARATOR = ":"

V = TypeVar("V")
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Field(Generic[V]):
    """How one typed value is written into callback data, and read back (None: not one)."""

    write: Callable[[V], str]
    read: Callable[[str], V | None]


# --- Fields ---------------------------------------------------------------------------------


def _enum(kind: type[E]) -> Field[E]:
    by_value = {member.value: member for member in kind}
    return Field(lambda member: member.value, by_value.get)


def _number(low: int, high: int) -> Callable[[str], int | None]:
    # Only ASCII digits: str.isdigit() also takes "²" and "٣", and int() reads "+1" and "1_0".
    def read(text: str) -> int | None:
        if not re.fullmatch(r"[0-9]{1,10}", text):
            return None
        number = int(text)
        return number if low <= number <= high else None

    return read


def _clock(text: str) -> time | None:
    if not re.fullmatch(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]", text):
        return None
    return time.fromisoformat(text)


def _day(text: str) -> date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None


_WEEKDAYS = {day.short: day for day in Weekday}
_SETTINGS_KEYS = {step: key for key, step in SETTINGS_STEPS.items()}

# Log ids are 32-bit in the database: a forged larger one must not reach a query.
MAX_LOG_ID = 2**31 - 1

LOG_ID: Field[int] = Field(str, _number(1, MAX_LOG_ID))
MESSAGE_ID: Field[int] = Field(str, _number(1, MAX_LOG_ID))
LOG_ANSWER: Field[str] = Field(
    str, lambda text: text if text in READING_ANSWERS or get_exercise(text) else None
)
DAY_COUNT: Field[int] = Field(str, _number(MIN_TRAINING_DAYS, MAX_TRAINING_DAYS))
CLOCK: Field[time] = Field(lambda value: value.strftime("%H:%M"), _clock)
DAY: Field[date] = Field(date.isoformat, _day)
WEEKDAY: Field[Weekday] = Field(lambda day: day.short, _WEEKDAYS.get)
EXERCISE: Field[Exercise] = Field(lambda exercise: exercise.id, get_exercise)
ZONE: Field[str] = Field(str, resolve_timezone)
SETTINGS_STEP: Field[Step] = Field(_SETTINGS_KEYS.__getitem__, SETTINGS_STEPS.get)


# --- The shape every kind shares ------------------------------------------------------------


class Press:
    """One kind of button: `prefix`, then its fields written by `layout`, in field order.

    Subclasses are frozen dataclasses whose fields match `layout` one for one; `aliases` are
    older prefixes still read, for buttons sent before a prefix changed.
    """

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    prefix: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    layout: ClassVar[tuple[Field[Any], ...]] = ()

    def encode(self) -> str:
        values = [getattr(self, field.name) for field in dataclasses.fields(self)]
        texts = [field.write(value) for field, value in zip(self.layout, values, strict=True)]
        data = SEPARATOR.join([self.prefix, *texts])
        if len(data.encode()) > MAX_BYTES:
            msg = f"{data!r} is longer than Telegram's {MAX_BYTES} bytes of callback data"
            raise ValueError(msg)
        return data

    @classmethod
    def decode(cls, data: object) -> Self | None:
        """The press `data` stands for, or None if no button of this kind sends it."""
        if not isinstance(data, str) or len(data.encode()) > MAX_BYTES:
            return None
        for prefix in (cls.prefix, *cls.aliases):
            texts = _fields(data, prefix, len(cls.layout))
            if texts is not None:
                return cls._read(texts)
        return None

    @classmethod
    def matches(cls, data: object) -> bool:
        """For python-telegram-bot's `CallbackQueryHandler(pattern=...)`."""
        return cls.decode(data) is not None

    @classmethod
    def _read(cls, texts: list[str]) -> Self | None:
        values = [field.read(text) for field, text in zip(cls.layout, texts, strict=True)]
        if any(value is None for value in values):
            return None
        make: Callable[..., Self] = cls
        press = make(*values)
        return press if press.plausible() else None

    def plausible(self) -> bool:
        """Whether a button of ours could carry these values (each one alone is valid)."""
        return True


def _fields(data: str, prefix: str, count: int) -> list[str] | None:
    """The `count` texts after `prefix`, or None if `data` has another prefix or count.

    The last text keeps any further separators (a time is `HH:MM`); every other field's
    reader refuses a separator, so an extra one still fails.
    """
    if count == 0:
        return [] if data == prefix else None
    head = prefix + SEPARATOR
    if not data.startswith(head):
        return None
    texts = data[len(head) :].split(SEPARATOR, count - 1)
    return texts if len(texts) == count else None


# --- Onboarding and /settings ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalChoice(Press):
    prefix = "ob:goal"
    layout = (_enum(Goal),)
    goal: Goal


@dataclass(frozen=True, slots=True)
class ExperienceChoice(Press):
    prefix = "ob:exp"
    layout = (_enum(Experience),)
    level: Experience


@dataclass(frozen=True, slots=True)
class EquipmentToggle(Press):
    prefix = "ob:eq"
    layout = (_enum(Equipment),)
    item: Equipment


@dataclass(frozen=True, slots=True)
class FullGym(Press):
    prefix = "ob:eq:gym"


@dataclass(frozen=True, slots=True)
class EquipmentDone(Press):
    prefix = "ob:eq:done"


@dataclass(frozen=True, slots=True)
class DaysChoice(Press):
    prefix = "ob:days"
    layout = (DAY_COUNT,)
    count: int


@dataclass(frozen=True, slots=True)
class WeekdayToggle(Press):
    prefix = "ob:wd"
    layout = (WEEKDAY,)
    day: Weekday


@dataclass(frozen=True, slots=True)
class WeekdaysDone(Press):
    prefix = "ob:wd:done"


@dataclass(frozen=True, slots=True)
class TimeChoice(Press):
    prefix = "ob:time"
    layout = (CLOCK,)
    at: time


@dataclass(frozen=True, slots=True)
class TimezoneChoice(Press):
    """An IANA zone name, as `resolve_timezone` gives it."""

    prefix = "ob:tz"
    layout = (ZONE,)
    zone: str


@dataclass(frozen=True, slots=True)
class UnitsChoice(Press):
    prefix = "ob:units"
    layout = (_enum(Units),)
    units: Units


@dataclass(frozen=True, slots=True)
class SkipBodyweight(Press):
    prefix = "ob:bw:skip"


@dataclass(frozen=True, slots=True)
class SettingsChoice(Press):
    """One answer to change from the /settings menu."""

    prefix = "ob:menu"
    layout = (SETTINGS_STEP,)
    step: Step


@dataclass(frozen=True, slots=True)
class KeepSettings(Press):
    prefix = "ob:menu:keep"


@dataclass(frozen=True, slots=True)
class AddBodyweight(Press):
    """The nutrition reminder's button: the bodyweight question alone."""

    prefix = "ob:open:bodyweight"


# --- /reminders -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReminderToggle(Press):
    prefix = "rem:toggle"
    layout = (_enum(ReminderKind),)
    kind: ReminderKind


@dataclass(frozen=True, slots=True)
class ReminderTimeChoice(Press):
    """Asks for a new time for one kind of reminder."""

    prefix = "rem:time"
    layout = (_enum(ReminderKind),)
    kind: ReminderKind


@dataclass(frozen=True, slots=True)
class ReminderAt(Press):
    prefix = "rem:at"
    layout = (CLOCK,)
    at: time


@dataclass(frozen=True, slots=True)
class CloseReminders(Press):
    prefix = "rem:close"


# --- Today's session ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StartSession(Press):
    """The workout reminder's button: today's session."""

    prefix = "session:start"


@dataclass(frozen=True, slots=True)
class MoveSession(Press):
    """The workout reminder's button: today's session moves to a later day."""

    prefix = "session:move"


@dataclass(frozen=True, slots=True)
class SkipExercise(Press):
    prefix = "session:skip"


@dataclass(frozen=True, slots=True)
class AnswerLog(Press):
    """The person's pick for a message read two ways, or naming an unknown exercise: a
    reading's kind, an exercise id, or "custom" to keep their own name."""

    prefix = "log:answer"
    layout = (MESSAGE_ID, LOG_ANSWER)
    message_id: int
    answer: str


@dataclass(frozen=True, slots=True)
class LogEarlierDay(Press):
    """The recovery reminder's button: the person's next logs are of `day`, a day before."""

    prefix = "log:day"
    layout = (DAY,)
    day: date


@dataclass(frozen=True, slots=True)
class FinishSession(Press):
    prefix = "session:finish"


@dataclass(frozen=True, slots=True)
class UndoLog(Press):
    prefix = "log:undo"
    layout = (LOG_ID,)
    log_id: int


@dataclass(frozen=True, slots=True)
class EditLog(Press):
    prefix = "log:edit"
    layout = (LOG_ID,)
    log_id: int


@dataclass(frozen=True, slots=True)
class StartRest(Press):
    """The log confirmation's timer button: the rest timer on, and the rest after the log
    started."""

    prefix = "rest:start"
    layout = (LOG_ID,)
    log_id: int


@dataclass(frozen=True, slots=True)
class RestTimerOff(Press):
    prefix = "rest:off"


# --- The readiness check -------------------------------------------------------------------
# Each step carries the answers so far and the day asked about: nothing is stored until the
# last answer, and a press on a check of another day is told so.

SCORE: Field[int] = Field(str, _number(1, 3))
NO_PAIN = "no"
_PAIN_ANSWERS = {NO_PAIN, *(region.value for region in PainRegion)}
PAIN: Field[str] = Field(str, lambda text: text if text in _PAIN_ANSWERS else None)


@dataclass(frozen=True, slots=True)
class ReadySleep(Press):
    prefix = "rd:s"
    layout = (DAY, SCORE)
    day: date
    sleep: int


@dataclass(frozen=True, slots=True)
class ReadySore(Press):
    prefix = "rd:o"
    layout = (DAY, SCORE, SCORE)
    day: date
    sleep: int
    soreness: int


@dataclass(frozen=True, slots=True)
class ReadyPain(Press):
    prefix = "rd:p"
    layout = (DAY, SCORE, SCORE, PAIN)
    day: date
    sleep: int
    soreness: int
    pain: str

    @classmethod
    def of(cls, day: date, sleep: int, soreness: int, region: PainRegion | None) -> ReadyPain:
        return cls(day, sleep, soreness, NO_PAIN if region is None else region.value)

    @property
    def region(self) -> PainRegion | None:
        return None if self.pain == NO_PAIN else PainRegion(self.pain)


@dataclass(frozen=True, slots=True)
class ReadySkip(Press):
    prefix = "rd:skip"


@dataclass(frozen=True, slots=True)
class ReadinessOff(Press):
    prefix = "rd:off"


# --- /travel -------------------------------------------------------------------------------
# The menu's choice so far is kept with the menu (user_data), so an old menu's press is told
# it is out of date; Back home carries the last day of the period it ends.

TRAVEL_DAYS: Field[int] = Field(str, _number(1, MAX_DAYS))


@dataclass(frozen=True, slots=True)
class TravelToggle(Press):
    prefix = "tr:eq"
    layout = (_enum(Equipment),)
    item: Equipment


@dataclass(frozen=True, slots=True)
class TravelDays(Press):
    """The menu's confirmation: travel for `days` days with the equipment ticked."""

    prefix = "tr:days"
    layout = (TRAVEL_DAYS,)
    days: int


@dataclass(frozen=True, slots=True)
class TravelBackHome(Press):
    """Ends the travel period that runs until `until`."""

    prefix = "tr:home"
    layout = (DAY,)
    until: date


# --- /settings → Coaching -----------------------------------------------------------------
# A switch's button carries the value it sets, not "flip": a double tap or an old menu's
# press sets what the button showed, never the opposite.

SWITCHES = tuple(
    field.name for field in dataclasses.fields(CoachingSwitches) if isinstance(field.default, bool)
)
SWITCH: Field[str] = Field(str, lambda text: text if text in SWITCHES else None)
ON_OFF: Field[bool] = Field(lambda on: "on" if on else "off", {"on": True, "off": False}.get)


@dataclass(frozen=True, slots=True)
class OpenCoaching(Press):
    """The settings menu's Coaching entry."""

    prefix = "co:open"


@dataclass(frozen=True, slots=True)
class CoachingSwitchTo(Press):
    prefix = "co:sw"
    layout = (SWITCH, ON_OFF)
    switch: str
    on: bool


@dataclass(frozen=True, slots=True)
class AvoidRegion(Press):
    """Under the advice to have lasting pain checked: plan without that region's work."""

    prefix = "co:avoid"
    layout = (_enum(PainRegion),)
    region: PainRegion

    def plausible(self) -> bool:
        return self.region is not PainRegion.OTHER  # names no exercises to leave out


@dataclass(frozen=True, slots=True)
class RegionFine(Press):
    """The region avoided is fine again: the normal plan back."""

    prefix = "co:fine"
    layout = (_enum(PainRegion),)
    region: PainRegion

    def plausible(self) -> bool:
        return self.region is not PainRegion.OTHER


# --- /swap ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SwapPick(Press):
    """An exercise of the day to replace: asks for its substitute."""

    prefix = "swap"
    layout = (WEEKDAY, EXERCISE)
    day: Weekday
    exercise: Exercise


@dataclass(frozen=True, slots=True)
class SwapTo(Press):
    prefix = "sw"
    aliases = ("swapto",)
    layout = (WEEKDAY, EXERCISE, EXERCISE)
    day: Weekday
    old: Exercise
    new: Exercise

    def plausible(self) -> bool:
        return self.old != self.new


# --- /delete_me -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EraseEverything(Press):
    prefix = "erase:confirm"


@dataclass(frozen=True, slots=True)
class KeepData(Press):
    prefix = "erase:cancel"


# --- /language ------------------------------------------------------------------------------

LOCALE: Field[str] = Field(str, lambda text: text if text in LOCALES else None)


@dataclass(frozen=True, slots=True)
class OpenLanguages(Press):
    """The settings menu's Language entry."""

    prefix = "lang:open"


@dataclass(frozen=True, slots=True)
class LanguageChoice(Press):
    """A language of /language's menu: an old menu's press sets the language it names."""

    prefix = "lang:set"
    layout = (LOCALE,)
    locale: str
