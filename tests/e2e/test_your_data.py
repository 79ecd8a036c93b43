"""Owning your data: deleting everything (export and import come beside it)."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, or_, select
from telegram.ext import Application

from bot import messages
from bot.emulator import BotApiEmulator
from bot.storage.database import create_engine
from bot.storage.models import Base
from tests.e2e.conftest import FakeClock
from tests.e2e.people import onboard

App = Application  # type: ignore[type-arg]


async def _rows_mentioning(database_url: str, user_id: int) -> dict[str, int]:
    """For every table, how many rows hold the person's id in an id column or key."""
    engine = create_engine(database_url)
    found: dict[str, int] = {}
    try:
        async with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                conditions = [
                    column == user_id
                    for column in table.columns
                    if column.name in {"id", "user_id", "chat_id"}
                ]
                if table.name == "ptb_conversations":
                    conditions.append(table.c.key.contains(str(user_id)))
                query = select(func.count()).select_from(table).where(or_(*conditions))
                found[table.name] = int(await connection.scalar(query) or 0)
    finally:
        await engine.dispose()
    return found


async def test_delete_me_leaves_nothing_and_stops_reminders(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, database_url: str
) -> None:
    user = emulator.user(701)
    await onboard(user, reminder="10:01", timezone="UTC")
    await user.send_text("/today")
    await user.drain()
    await user.send_text("hip thrust 3x10 @ 60")
    await user.wait_for(lambda m: m.text.startswith("✅"))
    await user.send_text("/settings")  # leaves a conversation open mid-way
    await user.next_message()
    assert any((await _rows_mentioning(database_url, 701)).values())

    await user.send_text("/delete_me")
    question = await user.wait_for(lambda m: m.text == messages.DELETE_CONFIRM)
    await user.press(messages.BUTTON_DELETE_EVERYTHING, message=question)
    assert (await user.next_message()).text == messages.DELETED
    await asyncio.sleep(1.2)  # the framework's persistence writes every second
    await emulator.wait_idle(0.3)
    remaining = await _rows_mentioning(database_url, 701)
    assert remaining == dict.fromkeys(remaining, 0)
    clock.advance(minutes=2)
    await emulator.wait_idle(0.5)
    assert not [m for m in user.messages if m.text.startswith(messages.WORKOUT_REMINDER_TITLE)]
    await user.send_text("/plan")
    assert (await user.next_message()).text == messages.NEED_PROFILE


async def test_keeping_the_data_deletes_nothing(
    emulator: BotApiEmulator, coach: App, database_url: str
) -> None:
    user = emulator.user(702)
    await onboard(user)
    await user.send_text("/delete_me")
    await user.next_message()
    await user.press(messages.BUTTON_KEEP_MY_DATA)
    assert (await user.next_message()).text == messages.NOT_DELETED
    await user.send_text("/plan")
    assert (await user.next_message()).text.startswith("Your training week")
