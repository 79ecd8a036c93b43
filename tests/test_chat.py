"""The terminal chat, driven through scripted stdin against a small stand-in bot."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import aiohttp
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.cli import chat
from bot.config import Settings, load_settings
from bot.telegram import messages, runner
from bot.telegram.callbacks import AnswerLog
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import tr, translator
from tests.e2e.waiting import until
from tests.e2e.webhooks import free_port

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16

ENGLISH_HELP = help_text(translator("en"))


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Grow glutes", callback_data="glutes"),
                InlineKeyboardButton("Stronger hamstrings", callback_data="hamstrings"),
            ],
            [InlineKeyboardButton("Guide", url="https://example.org/guide")],
        ]
    )
    await update.message.reply_text("Pick a goal", reply_markup=markup)


async def _choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    if query.data == "hamstrings":
        await query.answer("That menu has expired", show_alert=True)
        return
    await query.answer("Goal saved")
    await query.edit_message_text(
        f"<b>Goal</b>: {query.data} &amp; more", parse_mode=ParseMode.HTML
    )


async def _photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_photo(PNG, caption="Form check", filename="form.png")


async def _jpeg(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A JPEG under a .png name: the saved file must say what the bytes are."""
    assert update.message is not None
    await update.message.reply_photo(JPEG, filename="chart.png")


async def _export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_document(b"date,reps\n", filename="history.csv")


async def _document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    document = update.message.document
    assert document is not None
    data = await (await document.get_file()).download_as_bytearray()
    await update.message.reply_text(f"Got {document.file_name} ({document.mime_type}): {data!r}")


async def _location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    where = update.message.location
    assert where is not None
    await update.message.reply_text(f"You are at {where.latitude}, {where.longitude}")


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    said = "You edited it to" if update.edited_message else "You said"
    replied = message.reply_to_message
    about = f" (to: {replied.text})" if replied is not None else ""
    await message.reply_text(f"{said}: {message.text}{about}")


@asynccontextmanager
async def stand_in_bot(
    settings: Settings, *, token: str, local_webapp: bool = False
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Plays bot.telegram.runner.running_bot: a small PTB bot polling the URLs in `settings`."""
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .build()
    )
    application.add_handlers(
        [
            CommandHandler("start", _start),
            CommandHandler("photo", _photo),
            CommandHandler("jpeg", _jpeg),
            CommandHandler("export", _export),
            CallbackQueryHandler(_choose),
            MessageHandler(filters.Document.ALL, _document),
            MessageHandler(filters.LOCATION, _location),
            MessageHandler(filters.TEXT & ~filters.COMMAND, _echo),
        ]
    )
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


@pytest.fixture(autouse=True)
def _fast_stand_in_bot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat, "running_bot", stand_in_bot)
    # The stand-in answers in milliseconds; the real bot's settle time is not needed.
    monkeypatch.setattr(chat, "SETTLE_SECONDS", 0.1)


async def _transcript(tmp_path: Path, script: str) -> list[str]:
    stdout = io.StringIO()
    settings = load_settings(_env_file=None, data_dir=tmp_path)
    await chat.run_chat(settings, stdin=io.StringIO(script), stdout=stdout)
    return stdout.getvalue().splitlines()


def _saved(line: str) -> Path:
    return Path(line.strip().removeprefix("(saved to ").removesuffix(")"))


async def test_bot_replies_and_a_number_presses_a_button(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/start\n\n1\nhello\n")

    assert lines == [
        messages.CHAT_BANNER,
        "You #1: /start",
        "Coach #2: Pick a goal",
        "  [1] Grow glutes  [2] Stronger hamstrings",
        "  [3] Guide",
        "You pressed [1] Grow glutes on #2",
        messages.CHAT_NOTICE.format(text="Goal saved"),
        "Coach #2 (edited): Goal: glutes & more",
        "You #3: hello",
        "Coach #4: You said: hello",
    ]


async def test_numbers_without_a_matching_button_are_sent_as_text(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "7\n/start\n4\n3\n72.5\n")

    assert lines[1:3] == ["You #1: 7", "Coach #2: You said: 7"]
    assert lines[-5:] == [
        "You #5: 4",
        "Coach #6: You said: 4",
        messages.CHAT_LINK_BUTTON.format(number=3, url="https://example.org/guide"),
        "You #7: 72.5",
        "Coach #8: You said: 72.5",
    ]


async def test_buttons_of_an_older_message_are_pressed_by_its_number(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/start\n/start\n#2.1\n#4.9\n#40.1\n#3.1\n")

    assert lines[-6:] == [
        "You pressed [1] Grow glutes on #2",
        messages.CHAT_NOTICE.format(text="Goal saved"),
        "Coach #2 (edited): Goal: glutes & more",
        messages.CHAT_NO_BUTTON.format(message=4, number=9),
        messages.CHAT_NO_MESSAGE.format(number=40),
        # #3 is the person's own /start: nothing to press there.
        messages.CHAT_NO_BUTTON.format(message=3, number=1),
    ]


async def test_callback_alerts_are_shown(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/start\n2\n1\n")

    assert lines[-5:] == [
        "You pressed [2] Stronger hamstrings on #2",
        messages.CHAT_ALERT.format(text="That menu has expired"),
        "You pressed [1] Grow glutes on #2",
        messages.CHAT_NOTICE.format(text="Goal saved"),
        "Coach #2 (edited): Goal: glutes & more",
    ]


async def test_replying_to_a_bot_message_quotes_it(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "hello\n/reply 2 thanks\n/reply 9 lost\n/reply two\n")

    assert lines[3:] == [
        "You #3 (reply to #2): thanks",
        "Coach #4: You said: thanks (to: You said: hello)",
        messages.CHAT_NO_MESSAGE.format(number=9),
        messages.CHAT_USAGE.format(usage="/reply N TEXT"),
    ]


async def test_editing_an_earlier_message_sends_the_edit(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "squat 3x10\nok\n/edit 1 squat 3x12\n/edit 2 no\n")

    assert lines[5:] == [
        "You #1 (edited): squat 3x12",
        "Coach #5: You edited it to: squat 3x12",
        messages.CHAT_NOT_YOUR_TEXT.format(number=2),
    ]


async def test_a_file_is_sent_as_a_document(tmp_path: Path) -> None:
    csv = tmp_path / "strong export.csv"
    csv.write_bytes(b"Date,Exercise Name\n")
    missing = tmp_path / "nowhere.csv"

    script = f"/send {csv}\n/send '{csv}'\n/send {missing}\n/send\n"
    lines = await _transcript(tmp_path, script)

    got = "Got strong export.csv (text/csv): bytearray(b'Date,Exercise Name\\n')"
    assert lines[1:] == [
        "You #1: [document strong export.csv]",
        f"Coach #2: {got}",
        # As a path dragged into a terminal arrives.
        "You #3: [document strong export.csv]",
        f"Coach #4: {got}",
        messages.CHAT_CANNOT_SEND.format(path=missing, reason="No such file or directory"),
        messages.CHAT_USAGE.format(usage="/send PATH"),
    ]


async def test_a_location_is_shared(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/location 40.42 -3.7\n/location 91 0\n")

    assert lines[1:] == [
        "You #1: [location 40.42, -3.7]",
        "Coach #2: You are at 40.42, -3.7",
        messages.CHAT_USAGE.format(usage="/location LAT LON"),
    ]


async def test_received_files_keep_their_type_and_never_overwrite(tmp_path: Path) -> None:
    script = "/photo\n/jpeg\n/export\n/export\n"
    first = await _transcript(tmp_path, script)
    second = await _transcript(tmp_path, "/photo\n")

    saved = [_saved(line) for line in first + second if "(saved to" in line]
    files = tmp_path / chat.FILES_SUBDIR
    assert saved == [
        files / "photo.png",
        files / "photo.jpg",
        files / "history.csv",
        files / "history-2.csv",
        files / "photo-2.png",
    ]
    contents = [await asyncio.to_thread(path.read_bytes) for path in saved]
    assert contents == [PNG, JPEG, b"date,reps\n", b"date,reps\n", PNG]


async def test_chat_help_lists_the_chat_commands(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/chathelp\n?\n")

    shown = messages.CHAT_HELP.format(files_dir=tmp_path / chat.FILES_SUBDIR)
    assert "\n".join(lines[1:]) == f"{shown}\n{shown}"
    for command in ("/send", "/location", "/reply", "/edit", "#N.K"):
        assert command in shown


async def test_end_of_input_right_away_exits_cleanly(tmp_path: Path) -> None:
    assert await _transcript(tmp_path, "") == [messages.CHAT_BANNER]


async def test_a_second_chat_on_the_same_database_is_answered_like_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real bot keeps its database between chats, so it must not take the second chat's
    messages for ones it has handled (the emulator's ids would start again at 1)."""
    monkeypatch.setattr(chat, "running_bot", runner.running_bot)
    monkeypatch.setattr(chat, "SETTLE_SECONDS", 1.0)
    first = await _transcript(tmp_path, "/help\n")
    second = await _transcript(tmp_path, "/help\n")

    # The Mini App's link is signed anew at each start.
    link = messages.CHAT_WEBAPP.split("{", 1)[0]
    assert first[1].startswith(link)
    assert first[2:] == second[2:]
    assert any(ENGLISH_HELP.splitlines()[0] in line for line in second)


async def test_ids_go_on_from_the_last_chat_whatever_the_clock_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids are stored beside the database: a clock set back between two chats (or two chats
    within one second) must not make the bot take new messages for handled ones."""
    monkeypatch.setattr(chat, "running_bot", runner.running_bot)
    monkeypatch.setattr(chat, "SETTLE_SECONDS", 1.0)
    frozen = SimpleNamespace(time_ns=lambda: 1_700_000_000_000_000_000)
    monkeypatch.setattr(chat, "time", frozen)
    await _transcript(tmp_path, "/help\n")
    second = await _transcript(tmp_path, "/help\n")

    assert any(ENGLISH_HELP.splitlines()[0] in line for line in second)


def test_the_chats_ids_fit_in_the_buttons_that_carry_them(tmp_path: Path) -> None:
    """Buttons carry message ids within Telegram's 31 bits; ids past them made every answer
    to "which did you do?" a "menu expired" in the local chat."""
    first = chat.IdFile(tmp_path / "ids.json").first_id()
    press = AnswerLog(first + 10_000, "custom")

    assert AnswerLog.decode(press.encode()) == press


async def test_moving_the_clock_brings_the_reminders_due_by_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week in one sitting: onboarded for Mondays at 06:00 UTC, `/clock` to next Monday
    06:00 brings that morning's workout reminder at once."""
    monkeypatch.setattr(chat, "running_bot", runner.running_bot)
    monkeypatch.setattr(chat, "SETTLE_SECONDS", 1.0)
    today = datetime.now(UTC).date()
    monday = today + timedelta(days=7 - today.weekday())
    # Goal, level, bodyweight only, 2 days (Mon, Thu), 06:00, UTC, kg, no bodyweight.
    onboarding = "/start\n1\n1\n11\n1\n8\n1\n1\n1\n1\n"
    lines = await _transcript(tmp_path, f"{onboarding}/clock {monday.isoformat()} 06:00\n")

    moved = next(i for i, line in enumerate(lines) if line.startswith("(Coach's clock"))
    assert any(tr("reminders.workout_reminder_title") in line for line in lines[moved:])
    assert not any(tr("reminders.workout_reminder_title") in line for line in lines[:moved])


async def test_a_bot_without_services_says_its_clock_cannot_move(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/clock +1d\n")

    assert messages.CHAT_NO_CLOCK in lines


async def test_the_local_chat_links_to_the_mini_app_signed_for_its_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chat, "running_bot", runner.running_bot)
    read_end, write_end = os.pipe()
    stdout = io.StringIO()
    settings = load_settings(_env_file=None, data_dir=tmp_path, webhook_port=free_port())
    with os.fdopen(read_end) as stdin, os.fdopen(write_end, "w") as keyboard:
        chatting = asyncio.create_task(chat.run_chat(settings, stdin=stdin, stdout=stdout))
        prefix = messages.CHAT_WEBAPP.split("{", 1)[0]

        async def linked() -> bool:
            return any(line.startswith(prefix) for line in stdout.getvalue().splitlines())

        await until(linked, "the chat printed the Mini App's link")
        line = next(line for line in stdout.getvalue().splitlines() if line.startswith(prefix))
        page, fragment = line.removeprefix(prefix).split()[0].split("#", 1)
        init_data = unquote(fragment.removeprefix("tgWebAppData="))
        assert page == f"http://127.0.0.1:{settings.webhook_port}/webapp/"
        async with aiohttp.ClientSession() as http:
            async with http.get(page) as opened:
                assert opened.status == 200
            headers = {"Authorization": f"tma {init_data}"}
            # Signed for the chat's person, who has not onboarded yet.
            async with http.get(f"{page}api/today", headers=headers) as today:
                assert (today.status, await today.json()) == (409, {"error": "not_onboarded"})
            forged = {"Authorization": f"tma {init_data.replace('%22You%22', '%22Eve%22')}"}
            async with http.get(f"{page}api/today", headers=forged) as refused:
                assert refused.status == 401
        keyboard.close()  # Ctrl-D
        await chatting
