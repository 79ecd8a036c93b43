"""The terminal chat, driven through scripted stdin against a small stand-in bot."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

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

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


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
    await query.answer()
    await query.edit_message_text(
        f"<b>Goal</b>: {query.data} &amp; more", parse_mode=ParseMode.HTML
    )


async def _photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_photo(PNG, caption="Form check", filename="form.png")


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    assert update.message.text is not None
    await update.message.reply_text(f"You said: {update.message.text}")


@asynccontextmanager
async def stand_in_bot(
    settings: Settings, *, token: str
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
            CallbackQueryHandler(_choose),
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


async def test_bot_replies_and_a_number_presses_a_button(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/start\n\n1\nhello\n")

    assert lines == [
        messages.CHAT_BANNER,
        "Coach: Pick a goal",
        "  [1] Grow glutes  [2] Stronger hamstrings",
        "  [3] Guide",
        "Coach (edited): Goal: glutes & more",
        "Coach: You said: hello",
    ]


async def test_numbers_without_a_matching_button_are_sent_as_text(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "7\n/start\n4\n3\n")

    assert lines[1] == "Coach: You said: 7"
    assert lines[-2:] == [
        "Coach: You said: 4",
        messages.CHAT_LINK_BUTTON.format(number=3, url="https://example.org/guide"),
    ]


async def test_photos_are_saved_and_their_path_printed(tmp_path: Path) -> None:
    lines = await _transcript(tmp_path, "/photo\n")

    assert lines[1] == "Coach: [photo] Form check"
    saved = Path(lines[2].removeprefix("  (saved to ").removesuffix(")"))
    assert saved.parent == tmp_path / chat.FILES_SUBDIR
    assert await asyncio.to_thread(saved.read_bytes) == PNG


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

    assert first[1:] == second[1:]
    assert any(messages.HELP.splitlines()[0] in line for line in second)
