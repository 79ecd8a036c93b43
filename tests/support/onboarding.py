"""The one way a person onboards through the chat: /start, then every question answered by
pressing its inline buttons or typing, as in Telegram.

The script says what to send at each step and which reply answers it; how to send and how
to wait is the caller's `Conversation`:

* `Patient` (most tests, the log-handling benchmark): send, then wait for the reply;
* bench/load_bench.py: times each step, and counts a missing or wrong reply as an error;
* tests/e2e/fault_day.py: when a SIGKILL may have cost a reply, asks something harmless to
  learn whether the step was lost, and if so starts again with /start.

Replies are recognised strictly enough for that last one, where a kill may lose the state
written after a reply the person saw: a question counts only with its buttons (taking the
buttons off an old question repeats its text) and, after a pressed answer, only with the
bot's note on that answer ("✅ 🍑 Grow glutes"), which shows that the bot kept it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Protocol, TypedDict, TypeVar, Unpack

from bot.core.answers import parse_time_of_day, resolve_timezone
from bot.core.profile import Equipment, Experience, Goal, Units, Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.emulator.client import DEFAULT_PATIENCE
from bot.telegram import messages
from bot.telegram.i18n import tr

Reply = Callable[[BotMessage], bool]
T = TypeVar("T")

# ChatUser's own default: long enough for a loaded machine.
PATIENCE_SECONDS = DEFAULT_PATIENCE
GYM = (Equipment.BARBELL, Equipment.BENCH, Equipment.DUMBBELLS, Equipment.LEG_CURL_MACHINE)


class Answers(TypedDict, total=False):
    """Answers to the questions; each one left out gets the default `_answer` gives it."""

    goal: Goal
    experience: Experience
    equipment: tuple[Equipment, ...]
    days: int
    weekdays: tuple[Weekday, ...] | None
    """Exactly these days, toggled from the bot's suggestion; None keeps the suggestion."""
    reminder: str
    timezone: str
    units: Units
    bodyweight: str | None
    """Typed; None presses "skip"."""


# Someone onboarded for strength in a full gym, training Mondays and Thursdays (UTC).
GYM_LIFTER = Answers(
    goal=Goal.STRENGTH,
    experience=Experience.INTERMEDIATE,
    equipment=GYM,
    days=2,
    weekdays=(Weekday.MON, Weekday.THU),
    timezone="UTC",
)


class Conversation(Protocol):
    """How a person sends each step and waits for its reply. `step` names the step, for a
    caller that reports failures by step."""

    async def say(self, step: str, text: str, reply: Reply) -> BotMessage: ...

    async def press(
        self, step: str, question: BotMessage, label: str, reply: Reply
    ) -> BotMessage: ...

    async def expect(self, step: str, reply: Reply) -> BotMessage:
        """A further reply to the last step."""
        ...


# --- Recognising replies ----------------------------------------------------------------------


def contains(text: str) -> Reply:
    return lambda message: text in message.text


def starts(*prefixes: str) -> Reply:
    return lambda message: message.text.startswith(prefixes)


def asks(question: str, *, after: str | None = None) -> Reply:
    """`question`, with buttons; with `after`, noted "✅ {after}" above it."""
    note = "" if after is None else f"✅ {after}\n\n"
    return lambda message: (
        question in message.text
        and message.text.startswith(note)
        and bool(message.keyboard_buttons)
    )


def selects(labels: Mapping[T, str], selected: Collection[T]) -> Reply:
    """Toggle buttons showing exactly `selected`: the whole keyboard is checked, since a
    kill may have lost an earlier toggle whose reply the person saw."""

    def mark(item: T) -> str:
        return tr("labels.checked") if item in selected else tr("labels.unchecked")

    wanted = [f"{mark(item)} {label}" for item, label in labels.items()]
    return lambda message: all(button in message.button_texts for button in wanted)


def either(first: Reply, second: Reply) -> Reply:
    return lambda message: first(message) or second(message)


# The replies below are read in the language of the test's `speaking_in` block, if any, so
# one script onboards a person in any language.


def first_question(message: BotMessage) -> bool:
    return asks(tr("onboarding.ask_goal"))(message)


def week_plan(message: BotMessage) -> bool:
    return starts(tr("plans.week_plan_header").split("\n", 1)[0])(message)


def _before_values(text: str) -> str:
    return text.split("{", 1)[0]


def unchecked(item: Equipment) -> str:
    return f"{tr('labels.unchecked')} {messages.equipment_labels()[item]}"


def day_button(day: Weekday, *, selected: bool) -> str:
    mark = tr("labels.checked") if selected else tr("labels.unchecked")
    return f"{mark} {messages.weekday_labels()[day]}"


# --- The script -------------------------------------------------------------------------------


async def onboard_through(chat: Conversation, answers: Answers) -> BotMessage:
    """/start and every question; returns the plan message."""
    question = await chat.say("/start", "/start", first_question)
    return await answer_all(chat, question, answers)


async def answer_all(chat: Conversation, question: BotMessage, answers: Answers) -> BotMessage:
    """From the first question (`question`) to the plan message, which is returned."""
    await answer_training(chat, question, answers)
    question = await answer_schedule(chat, answers)
    return await answer_bodyweight(chat, question, answers)


async def answer_training(chat: Conversation, question: BotMessage, answers: Answers) -> BotMessage:
    """From the goal question (`question`) up to the reminder-time question, returned."""
    goal = messages.goal_labels()[answers.get("goal", Goal.GLUTES)]
    question = await chat.press(
        "goal", question, goal, asks(tr("onboarding.ask_experience"), after=goal)
    )
    level = messages.experience_labels()[answers.get("experience", Experience.BEGINNER)]
    reply = asks(tr("onboarding.ask_equipment"), after=level)
    question = await chat.press("experience", question, level, reply)
    question = await _pick_equipment(chat, question, answers.get("equipment", ()))
    days = tr("labels.button_days_count", count=answers.get("days", 3))
    suggested = _before_values(tr("onboarding.ask_weekdays_suggested"))
    question = await chat.press("days", question, days, asks(suggested))
    question, chosen = await _pick_weekdays(chat, question, answers.get("weekdays"))
    reply = asks(tr("onboarding.ask_reminder_time"), after=messages.format_weekdays(chosen))
    return await chat.press("weekdays", question, tr("labels.button_use_suggested"), reply)


async def answer_schedule(chat: Conversation, answers: Answers) -> BotMessage:
    """Reminder time, zone and units (typed, typed, pressed); returns the bodyweight question."""
    # A typed answer comes back in the bot's words ("6pm" as 18:00, "berlin" as Europe/Berlin).
    reminder = answers.get("reminder", "18:30")
    reminder_time = parse_time_of_day(reminder)
    assert reminder_time is not None, f"{reminder!r} is no time the bot reads"
    reply = asks(tr("onboarding.ask_timezone"), after=messages.format_time(reminder_time))
    await chat.say("reminder time", reminder, reply)
    timezone = answers.get("timezone", "Europe/Berlin")
    reply = asks(tr("onboarding.ask_units"), after=resolve_timezone(timezone))
    question = await chat.say("timezone", timezone, reply)
    units = messages.units_labels()[answers.get("units", Units.KG)]
    return await chat.press(
        "units", question, units, asks(tr("onboarding.ask_bodyweight"), after=units)
    )


async def answer_bodyweight(
    chat: Conversation, question: BotMessage, answers: Answers
) -> BotMessage:
    """The last answer; returns the plan, which follows "all set" in the same update."""
    bodyweight = answers.get("bodyweight", "70")
    done = contains(tr("onboarding.plan_ready"))
    if bodyweight is None:
        await chat.press("bodyweight", question, tr("labels.button_skip"), done)
    else:
        await chat.say("bodyweight", bodyweight, done)
    return await chat.expect("plan", week_plan)


async def _pick_equipment(
    chat: Conversation, question: BotMessage, items: tuple[Equipment, ...]
) -> BotMessage:
    chosen: set[Equipment] = set()
    for item in items:
        chosen.add(item)
        reply = selects(messages.equipment_labels(), chosen)
        question = await chat.press("equipment", question, unchecked(item), reply)
    # The note lists what the bot kept, so a toggle lost after its reply shows here.
    note = messages.format_equipment(frozenset(chosen))
    reply = asks(tr("onboarding.ask_days_count"), after=note)
    return await chat.press("equipment", question, tr("labels.button_done"), reply)


async def _pick_weekdays(
    chat: Conversation, question: BotMessage, wanted: tuple[Weekday, ...] | None
) -> tuple[BotMessage, tuple[Weekday, ...]]:
    """Toggles the weekday buttons, Monday first, from the bot's suggestion to exactly
    `wanted`; returns the question and the days chosen."""
    chosen = {day for day in Weekday if day_button(day, selected=True) in question.button_texts}
    toggles = (
        [] if wanted is None else [day for day in Weekday if (day in chosen) != (day in wanted)]
    )
    for day in toggles:
        label = day_button(day, selected=day in chosen)
        chosen ^= {day}
        question = await chat.press(
            "weekdays", question, label, selects(messages.weekday_labels(), chosen)
        )
    return question, tuple(sorted(chosen))


# --- A patient person -------------------------------------------------------------------------


@dataclass(frozen=True)
class Patient:
    """Sends a step and waits for its reply, at most `patience` s; a reply that does not come
    fails with what the bot sent instead."""

    user: ChatUser
    patience: float = PATIENCE_SECONDS

    async def say(self, step: str, text: str, reply: Reply) -> BotMessage:
        await self.user.send_text(text)
        return await self.expect(step, reply)

    async def press(self, step: str, question: BotMessage, label: str, reply: Reply) -> BotMessage:
        await self.user.press(label, question)
        return await self.expect(step, reply)

    async def expect(self, step: str, reply: Reply) -> BotMessage:
        return await self.user.wait_for(reply, self.patience)


async def expect(user: ChatUser, text: str) -> BotMessage:
    """The next message (or edit) that contains `text`, skipping keyboard clean-ups."""
    return await user.wait_for(contains(text))


async def start_onboarding(user: ChatUser, patience: float = PATIENCE_SECONDS) -> BotMessage:
    """/start from someone new: the welcome, then the first question, which is returned."""
    await user.send_text("/start")
    welcome = await user.next_message(patience)
    assert welcome.text == tr("onboarding.welcome", name=user.profile.first_name), welcome.text
    question = await user.next_message(patience)
    assert question.text == tr("onboarding.ask_goal"), question.text
    return question


async def onboard(
    user: ChatUser, *, patience: float = PATIENCE_SECONDS, **answers: Unpack[Answers]
) -> BotMessage:
    """Answers every question; returns the plan message."""
    return await answer_all(
        Patient(user, patience), await start_onboarding(user, patience), answers
    )


async def reach_reminder_time(user: ChatUser, **answers: Unpack[Answers]) -> BotMessage:
    """From /start through the training questions; returns the reminder-time question."""
    return await answer_training(Patient(user), await start_onboarding(user), answers)


async def reach_bodyweight(user: ChatUser, **answers: Unpack[Answers]) -> BotMessage:
    """From the reminder-time question through time, zone and units; returns the bodyweight
    question."""
    return await answer_schedule(Patient(user), answers)


async def gym_lifter(emulator: BotApiEmulator, user_id: int) -> ChatUser:
    """A new person, onboarded as `GYM_LIFTER`."""
    user = emulator.user(user_id)
    await onboard(user, **GYM_LIFTER)
    return user
