"""What a person does in the chat, step by step, for the end-to-end tests."""

from __future__ import annotations

from typing import TypedDict, Unpack

from bot.core.profile import Equipment, Experience, Goal, Units, Weekday
from bot.emulator import BotApiEmulator, BotMessage, ChatUser
from bot.telegram import messages

GYM = (Equipment.BARBELL, Equipment.BENCH, Equipment.DUMBBELLS, Equipment.LEG_CURL_MACHINE)


def unchecked(item: Equipment) -> str:
    return f"{messages.UNCHECKED} {messages.EQUIPMENT_LABELS[item]}"


async def expect(user: ChatUser, text: str) -> BotMessage:
    """The next message (or edit) that contains `text`, skipping keyboard clean-ups."""
    return await user.wait_for(lambda message: text in message.text)


async def pick_weekdays(
    user: ChatUser, question: BotMessage, wanted: tuple[Weekday, ...] | None
) -> None:
    """Toggles the weekday buttons until exactly `wanted` is selected."""
    if wanted is None:
        return
    for day, label in messages.WEEKDAY_LABELS.items():
        selected = f"{messages.CHECKED} {label}" in question.button_texts
        if selected != (day in wanted):
            await user.press(f"{messages.CHECKED if selected else messages.UNCHECKED} {label}")
            question = await user.next_message()


async def start_onboarding(user: ChatUser) -> BotMessage:
    await user.send_text("/start")
    welcome = await user.next_message()
    assert "I'm Coach" in welcome.text
    question = await user.next_message()
    assert question.text == messages.ASK_GOAL
    return question


class TrainingAnswers(TypedDict, total=False):
    """Answers to the training questions; each one left out gets the first choice's
    default (glutes, beginner, no equipment, 3 suggested days)."""

    goal: Goal
    experience: Experience
    equipment: tuple[Equipment, ...]
    days: int
    weekdays: tuple[Weekday, ...] | None


async def reach_reminder_time(user: ChatUser, **answers: Unpack[TrainingAnswers]) -> None:
    """From /start through the training questions, up to the reminder-time question."""
    await start_onboarding(user)
    await user.press(messages.GOAL_LABELS[answers.get("goal", Goal.GLUTES)])
    await expect(user, messages.ASK_EXPERIENCE)
    await user.press(messages.EXPERIENCE_LABELS[answers.get("experience", Experience.BEGINNER)])
    await expect(user, messages.ASK_EQUIPMENT)
    for item in answers.get("equipment", ()):
        await user.press(unchecked(item))
        await user.next_message()
    await user.press(messages.BUTTON_DONE)
    await expect(user, messages.ASK_DAYS_COUNT)
    await user.press(messages.BUTTON_DAYS_COUNT.format(count=answers.get("days", 3)))
    await pick_weekdays(user, await user.next_message(), answers.get("weekdays"))
    await user.press(messages.BUTTON_USE_SUGGESTED)
    await expect(user, messages.ASK_REMINDER_TIME)


async def reach_bodyweight(
    user: ChatUser, *, reminder: str, timezone: str, units: Units = Units.KG
) -> None:
    """From the reminder-time question through time, zone and units, up to the bodyweight
    question."""
    await user.send_text(reminder)
    await expect(user, messages.ASK_TIMEZONE)
    await user.send_text(timezone)
    await expect(user, messages.ASK_UNITS)
    await user.press(messages.UNITS_LABELS[units])
    await expect(user, messages.ASK_BODYWEIGHT)


async def onboard(
    user: ChatUser,
    *,
    reminder: str = "18:30",
    timezone: str = "Europe/Berlin",
    units: Units = Units.KG,
    bodyweight: str | None = "70",
    **training: Unpack[TrainingAnswers],
) -> BotMessage:
    """Answers every question and returns the plan message."""
    await reach_reminder_time(user, **training)
    await reach_bodyweight(user, reminder=reminder, timezone=timezone, units=units)
    if bodyweight is None:
        await user.press(messages.BUTTON_SKIP)
    else:
        await user.send_text(bodyweight)
    await expect(user, messages.PLAN_READY)
    return await user.next_message()


async def gym_lifter(emulator: BotApiEmulator, user_id: int) -> ChatUser:
    """Someone onboarded for strength in a full gym, training Mondays and Thursdays (UTC)."""
    user = emulator.user(user_id)
    await onboard(
        user,
        goal=Goal.STRENGTH,
        experience=Experience.INTERMEDIATE,
        equipment=GYM,
        days=2,
        weekdays=(Weekday.MON, Weekday.THU),
        timezone="UTC",
    )
    return user
