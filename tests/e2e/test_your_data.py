"""Owning your data: deleting everything (export and import come beside it)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from sqlalchemy import func, or_, select

from bot.core.catalogue import lookup
from bot.core.profile import Weekday
from bot.core.transfer.export_csv import STRONG_COLUMNS
from bot.emulator import BotApiEmulator, ChatUser
from bot.storage.database import create_engine
from bot.storage.models import Base
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from tests.e2e.conftest import FakeClock
from tests.e2e.handled import Replies, all_handled, due_reminders_sent
from tests.support.onboarding import onboard

App = CoachApplication


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
    emulator: BotApiEmulator, coach: App, clock: FakeClock, database_url: str, replies: Replies
) -> None:
    user = emulator.user(701)
    await onboard(user, reminder="10:01", timezone="UTC")
    await user.send_text("/today")
    await replies(user)
    await user.send_text("hip thrust 3x10 @ 60")
    await user.wait_for(lambda m: m.text.startswith("✅"))
    await user.send_text("/settings")  # leaves a conversation open mid-way
    await user.next_message()
    assert any((await _rows_mentioning(database_url, 701)).values())

    await user.send_text("/delete_me")
    question = await user.wait_for(lambda m: m.text == messages.DELETE_CONFIRM)
    await user.press(messages.BUTTON_DELETE_EVERYTHING, message=question)
    assert (await user.next_message()).text == messages.DELETED
    # The person's state is written when the update's handling ends, after the reply.
    await all_handled(emulator, coach)
    remaining = await _rows_mentioning(database_url, 701)
    assert remaining == dict.fromkeys(remaining, 0)
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
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


FIXTURES = Path(__file__).parent.parent / "core" / "fixtures"


async def _history_text(user: ChatUser, exercise: str = "") -> str:
    await user.send_text(f"/history {exercise}".strip())
    return (await user.wait_for(lambda m: m.text.startswith(("Recent", "No logs")))).text


async def test_import_a_strong_file_once_then_export_it(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(703)
    await onboard(user, timezone="UTC")
    data = (FIXTURES / "strong.csv").read_bytes()
    await user.send_document("strong.csv", data, "text/csv")
    done = await user.wait_for(lambda m: m.text.startswith(("✅", "I couldn't")))
    assert done.text.startswith("✅ Imported"), done.text
    thrust = lookup("hip thrust")
    assert thrust is not None
    assert "100 kg" in await _history_text(user, "hip thrust")

    await user.send_document("strong.csv", data, "text/csv")
    again = await user.wait_for(lambda m: m.text == messages.IMPORT_NOTHING_NEW)
    assert again.text == messages.IMPORT_NOTHING_NEW

    await user.send_text("/export")
    exported = await user.wait_for(lambda m: m.document is not None)
    assert exported.document is not None
    assert exported.document.filename.endswith("-kg.csv")
    rows = list(csv.reader(io.StringIO(exported.document.data.decode())))
    assert rows[0] == list(STRONG_COLUMNS)
    assert any(row[3] == thrust.name and row[5:7] == ["100", "8"] for row in rows[1:])


async def test_a_bad_file_names_the_line_and_imports_nothing(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(704)
    await onboard(user, timezone="UTC")
    bad = (FIXTURES / "strong_bad_number.csv").read_bytes()
    await user.send_document("bad.csv", bad, "text/csv")
    reply = await user.wait_for(lambda m: m.text.startswith("I couldn't"))
    assert re.search(r"\(line \d+", reply.text), reply.text
    assert "Nothing was imported" in reply.text
    assert await _history_text(user) == messages.HISTORY_EMPTY
    await user.send_document("photo.png", b"\x89PNG", "image/png")
    assert (await user.next_message()).text == messages.IMPORT_NOT_CSV


async def test_export_json_holds_the_whole_account(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = emulator.user(705)
    await onboard(user, timezone="UTC", bodyweight="70")
    await user.send_text("/today")
    await replies(user)
    await user.send_text("hip thrust 3x10 @ 60")
    await user.wait_for(lambda m: m.text.startswith("✅"))
    await replies(user)
    await user.send_text("/export json")
    sent = await user.wait_for(lambda m: m.document is not None)
    assert sent.document is not None
    account = json.loads(sent.document.data)
    assert account["profile"]["bodyweight_kg"] == 70
    assert account["profile"]["timezone"] == "UTC"
    assert len(account["plan"]["days"]) == 7
    assert [log["sets"][0] for log in account["logs"]] == [
        {"reps": 10, "weight": 60.0, "unit": "kg"}
    ]
    assert {reminder["kind"] for reminder in account["reminders"]} >= {"workout", "nutrition"}


async def test_progress_and_stats_without_data_say_how_to_get_some(
    emulator: BotApiEmulator, coach: App
) -> None:
    user = emulator.user(706)
    await onboard(user, timezone="UTC")
    await user.send_text("/progress")
    assert (await user.next_message()).text == messages.PROGRESS_EMPTY
    await user.send_text("/stats")
    assert (await user.next_message()).text == messages.STATS_EMPTY


async def test_progress_sends_charts_and_stats_count_sessions(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, replies: Replies
) -> None:
    user = emulator.user(707)
    await onboard(user, timezone="UTC", weekdays=(Weekday.MON, Weekday.THU), days=2)
    for load in (60, 65):
        await user.send_text(f"hip thrust 3x10 @ {load}")
        await user.wait_for(lambda m: m.text.startswith("✅"))
        await replies(user)
        clock.advance(days=3)
    await user.send_text("/progress")
    album = await user.wait_for(lambda m: m.photo is not None)
    assert album.photo is not None
    assert album.photo.data.startswith(b"\x89PNG")
    await replies(user)
    await user.send_text("/progress hip thrust")
    single = await user.wait_for(lambda m: m.photo is not None)
    assert single.text.startswith("hip thrust")
    await user.send_text("/stats")
    stats = await user.wait_for(lambda m: m.text.startswith("📊"))
    assert "Total: 6 sets, 3,750 kg lifted" in stats.text
