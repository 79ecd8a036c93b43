"""`coach run` as a real process, pointed at the local Bot API emulator by its settings."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator
from bot.telegram.handlers.general import help_text
from bot.telegram.i18n import translator

ENGLISH_HELP = help_text(translator("en"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_coach_run_serves_a_local_bot_api_and_stops_cleanly_on_sigterm(
    emulator: BotApiEmulator, database_url: str, tmp_path: Path
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update(
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_BASE_URL=emulator.base_url,
        TELEGRAM_BASE_FILE_URL=emulator.base_file_url,
        DATABASE_URL=database_url,
        LOG_LEVEL="INFO",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        user = emulator.user(301)
        await user.send_text("/help")
        assert (await user.next_message(timeout=30)).text == ENGLISH_HELP
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Coach stopped" in log
    assert emulator.token.split(":")[1] not in log
