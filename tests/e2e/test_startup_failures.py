"""`coach run` and `coach migrate` that cannot start: one line on stderr that says what to do,
exit status 1, and no secret (issue 11: a rejected token ended an 80-line traceback that
quoted it, in JSON mode too).

Each test runs the command as a process, as a person or systemd would, with text and JSON
logs; a line of its stderr is one log record (one JSON object in JSON mode).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator
from bot.logs.formatting import LogFormat
from tests.e2e.webhooks import SECRET, free_port

# Shaped like a token from @BotFather, built at run time so no token-like literal sits in
# the repository; the emulator refuses every token but its own, as Telegram does.
UNKNOWN_TOKEN = "7799123456:" + "AAH" + "x7Kq" * 8
DB_PASSWORD = "db-PASSWORD-4f9c1e"
# Nothing listens on port 1, so a connection there is refused at once.
UNREACHABLE_POSTGRES = f"postgresql+asyncpg://coach:{DB_PASSWORD}@127.0.0.1:1/coach"
TEXT_RECORD = re.compile(
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+: "
)
# The bot retries a call that fails in passing for about four seconds (coach_bot's
# RETRY_DELAYS) before it gives up; what follows is the same with no retries, and quick.
NO_RETRIES = "import bot.telegram.coach_bot as coach_bot; coach_bot.RETRY_DELAYS = ()"

pytestmark = pytest.mark.parametrize("log_format", ["text", "json"])


@dataclass(frozen=True)
class Exit:
    status: int | None
    stderr: str

    def records(self, log_format: LogFormat) -> list[tuple[str, str]]:
        """(level, the whole line) of each line, which must each be a log record."""
        records = []
        for line in self.stderr.splitlines():
            if log_format == "json":
                records.append((json.loads(line)["level"], line))
            else:
                match = TEXT_RECORD.match(line)
                assert match is not None, f"not a log record: {line!r}\n{self.stderr}"
                records.append((match["level"], line))
        return records

    def failure(self, log_format: LogFormat) -> str:
        """The one line at ERROR or above, which must be the last, as its message."""
        records = self.records(log_format)
        failures = [line for level, line in records if level in {"ERROR", "CRITICAL"}]
        assert failures == [records[-1][1]], self.stderr
        if log_format == "json":
            return str(json.loads(failures[0])["message"])
        return failures[0].split(": ", 1)[1]


async def _coach(
    command: str, env: dict[str, str], cwd: Path, *, prelude: str | None = None
) -> Exit:
    """Runs `coach <command>` (after the Python `prelude`, if any) until it exits."""
    inherited = ("TELEGRAM_", "WEBHOOK_", "DATABASE_", "LOG_", "DATA_DIR")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    environment.update(env)
    entry = ("-m", "bot") if prelude is None else ("-c", f"{prelude}\n{_MAIN}")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *entry,
        command,
        cwd=cwd,
        env=environment,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    return Exit(process.returncode, stderr.decode())


_MAIN = "from bot.cli.main import main; raise SystemExit(main())"


def _env(emulator: BotApiEmulator, tmp_path: Path, log_format: str) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "TELEGRAM_BASE_FILE_URL": emulator.base_file_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'coach.sqlite3'}",
        "LOG_FORMAT": log_format,
        "LOG_LEVEL": "INFO",
    }


def _assert_no_secret(exit: Exit, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in exit.stderr
    assert DB_PASSWORD not in exit.stderr


async def test_a_token_telegram_rejects(
    emulator: BotApiEmulator, tmp_path: Path, log_format: LogFormat
) -> None:
    env = _env(emulator, tmp_path, log_format) | {"TELEGRAM_BOT_TOKEN": UNKNOWN_TOKEN}

    exit = await _coach("run", env, tmp_path)

    assert exit.status == 1
    assert exit.failure(log_format) == (
        "Telegram rejected TELEGRAM_BOT_TOKEN: check the token from @BotFather"
    )
    _assert_no_secret(exit, UNKNOWN_TOKEN.split(":")[1])


async def test_a_bot_api_that_does_not_answer(
    emulator: BotApiEmulator, tmp_path: Path, log_format: LogFormat
) -> None:
    port = free_port()  # nothing listens there: every connection is refused
    env = _env(emulator, tmp_path, log_format) | {
        "TELEGRAM_BASE_URL": f"http://127.0.0.1:{port}/bot",
    }

    exit = await _coach("run", env, tmp_path, prelude=NO_RETRIES)

    assert exit.status == 1
    assert re.fullmatch(
        rf"Cannot reach the Telegram Bot API at 127\.0\.0\.1:{port} \(.+\): "
        r"check the network, or TELEGRAM_BASE_URL",
        exit.failure(log_format),
    )
    _assert_no_secret(exit, emulator.token.split(":")[1])


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port()))
        taken.listen()
        yield taken.getsockname()[1]


async def test_a_webhook_port_in_use(
    emulator: BotApiEmulator, tmp_path: Path, log_format: LogFormat, taken_port: int
) -> None:
    env = _env(emulator, tmp_path, log_format) | {
        "WEBHOOK_URL": "https://coach.example.com/telegram",
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(taken_port),
    }

    exit = await _coach("run", env, tmp_path)

    assert exit.status == 1
    assert exit.failure(log_format) == (
        f"Cannot listen for webhook requests on 127.0.0.1:{taken_port} (Address already in "
        "use): free the port, or set WEBHOOK_LISTEN and WEBHOOK_PORT"
    )
    _assert_no_secret(exit, emulator.token.split(":")[1], SECRET)


@pytest.mark.parametrize("command", ["run", "migrate"])
@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
async def test_a_database_that_cannot_be_opened(
    emulator: BotApiEmulator, tmp_path: Path, log_format: LogFormat, command: str, backend: str
) -> None:
    # SQLite cannot open a directory as its database file.
    url = UNREACHABLE_POSTGRES if backend == "postgresql" else f"sqlite+aiosqlite:///{tmp_path}"
    env = _env(emulator, tmp_path, log_format) | {"DATABASE_URL": url}

    exit = await _coach(command, env, tmp_path)

    assert exit.status == 1
    hint = exit.failure(log_format)
    if backend == "postgresql":
        assert hint == (
            "Cannot open the database postgresql+asyncpg://coach:***@127.0.0.1:1/coach "
            "(Connection refused): check DATABASE_URL and that the database server is running"
        )
    else:
        assert hint == (
            f"Cannot open the database {url} (unable to open database file): check "
            "DATABASE_URL or DATA_DIR, and that Coach may write there"
        )
    _assert_no_secret(exit, emulator.token.split(":")[1])


# A start-up step that fails in a way nobody foresaw, quoting the secrets it holds.
UNFORESEEN = """
import os
import bot.telegram.runner as runner
async def fail(application):
    secrets = (os.environ["TELEGRAM_BOT_TOKEN"], os.environ["WEBHOOK_SECRET"])
    raise RuntimeError("could not register with %s and %s" % secrets)
runner.register_commands = fail
"""


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
async def test_an_unforeseen_error(
    emulator: BotApiEmulator, tmp_path: Path, log_format: LogFormat, level: str
) -> None:
    env = _env(emulator, tmp_path, log_format) | {
        "LOG_LEVEL": level,
        "WEBHOOK_URL": "https://coach.example.com/telegram",
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_PORT": str(free_port()),
    }

    exit = await _coach("run", env, tmp_path, prelude=UNFORESEEN)

    assert exit.status == 1
    hint = "Coach stopped on an unexpected error (RuntimeError): LOG_LEVEL=DEBUG shows where"
    if level == "INFO" or log_format == "json":
        assert exit.failure(log_format) == hint
    else:  # the traceback follows the line
        assert f"ERROR bot.cli.main: {hint}\nTraceback" in exit.stderr
        assert "could not register with [secret] and [secret]" in exit.stderr
    if level == "DEBUG" and log_format == "json":
        # The aiosqlite thread may still log a DEBUG line after the failure's.
        records = [json.loads(line) for line in exit.stderr.splitlines()]
        exception = next(r["exception"] for r in reversed(records) if "exception" in r)
        assert exception.endswith("RuntimeError: could not register with [secret] and [secret]")
    _assert_no_secret(exit, emulator.token, SECRET)
