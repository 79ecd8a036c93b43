"""The `coach` command: run the bot, chat locally, print a plan, migrate the database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from sqlalchemy.engine import make_url

from bot.config import ConfigError, Settings, StartupError, load_settings
from bot.logs.formatting import exception_kind
from bot.logs.setup import configure_logging, quiet_for_terminal_chat

logger = logging.getLogger(__name__)

_OFFLINE_TOOLS = {
    "plan": "bot.cli.plan",
    "parse": "bot.cli.parse",
    "prescribe": "bot.cli.prescribe",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default); local chat without a token")
    commands.add_parser("chat", help="talk to the bot in this terminal, no Telegram needed")
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("plan", help="print a weekly plan (coach plan --help)", add_help=False)
    commands.add_parser(
        "parse", help="read a workout log message (coach parse --help)", add_help=False
    )
    commands.add_parser(
        "prescribe", help="a day of the programme (coach prescribe --help)", add_help=False
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] and args[0] in _OFFLINE_TOOLS:
        # These have their own parsers, so `coach plan --help` shows the planner's options.
        tool: Callable[[list[str]], int] = import_module(_OFFLINE_TOOLS[args[0]]).main
        return tool(args[1:])
    command = _parser().parse_args(args).command or "run"
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format, secrets=_secrets(settings))
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_COMMANDS[command](settings))
    except Exception as exc:
        _log_failure(exc)
        return 1
    return 0


def _secrets(settings: Settings) -> list[str]:
    """What the log must never show, whatever logs it."""
    configured = (settings.telegram_bot_token, settings.webhook_secret)
    secrets = [secret.get_secret_value() for secret in configured if secret is not None]
    password = make_url(settings.resolved_database_url).password
    return secrets if password is None else [*secrets, str(password)]


def _log_failure(exc: Exception) -> None:
    """One line that says what to do, on stderr through the log handler, so that LOG_FORMAT
    holds (one JSON object) and secrets are redacted; the traceback only at DEBUG.

    The traceback ran to 80 lines, was no JSON, and quoted the token in PTB's InvalidToken.
    """
    # Here, not at the top: slow to import for the offline tools, and loaded by now.
    from bot.storage.migrate import DatabaseUnavailable

    if isinstance(exc, StartupError | DatabaseUnavailable):
        message = str(exc)
    else:
        message = (
            f"Coach stopped on an unexpected error ({exception_kind(exc)}): "
            "LOG_LEVEL=DEBUG shows where"
        )
    logger.error(message, exc_info=exc if logger.isEnabledFor(logging.DEBUG) else None)


async def _run(settings: Settings) -> None:
    if settings.telegram_bot_token is None:
        logger.info("TELEGRAM_BOT_TOKEN is not set: starting the local terminal chat instead")
        await _chat(settings)
        return
    from bot.telegram.runner import serve_until_stopped

    await serve_until_stopped(settings, token=settings.telegram_bot_token.get_secret_value())


async def _chat(settings: Settings) -> None:
    from bot.cli.chat import run_chat

    quiet_for_terminal_chat(settings.log_level)
    await run_chat(settings)


async def _migrate(settings: Settings) -> None:
    from bot.storage.migrate import open_database

    engine = await open_database(
        settings.resolved_database_url, pool_size=settings.database_pool_size
    )
    await engine.dispose()
    logger.info("Database is up to date")


_COMMANDS = {"run": _run, "chat": _chat, "migrate": _migrate}
