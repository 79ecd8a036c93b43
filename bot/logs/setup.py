"""Log configuration that keeps the bot token out of every log line."""

from __future__ import annotations

import logging
from collections.abc import Collection

from bot.logs.formatting import ERROR_COUNTER, LogFormat, log_handler


def configure_logging(level: str, fmt: LogFormat = "text", secrets: Collection[str] = ()) -> None:
    """Log at `level` to stderr as `fmt`, with `secrets` (and anything shaped like a bot
    token) redacted wherever they appear."""
    # What exceptions say can quote what people wrote: only at DEBUG (see bot.logs.formatting).
    handler = log_handler(fmt, exception_messages=level == "DEBUG", secrets=secrets)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # After basicConfig, which removes every root handler: the counter's own level is ERROR,
    # so it counts errors whatever LOG_LEVEL is.
    logging.getLogger().addHandler(ERROR_COUNTER)
    # httpx logs each request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # APScheduler writes two lines for every run of every job, and the reminder job polls
    # every few seconds: only at DEBUG are they worth it. The reminder dispatcher logs the
    # polls that found something due.
    threshold = logging.getLevelName(level)
    logging.getLogger("apscheduler.executors").setLevel(
        threshold if threshold == logging.DEBUG else max(logging.WARNING, threshold)
    )
    # At DEBUG the Bot object logs request URLs and parameters: the token, the webhook secret.
    for bot_logger in ("telegram.Bot", "telegram.ext.ExtBot"):
        logging.getLogger(bot_logger).setLevel(max(logging.INFO, threshold))


def quiet_for_terminal_chat(level: str) -> None:
    """The chat shares the terminal with the logs, so only problems are shown there."""
    if level != "DEBUG":
        logging.getLogger().setLevel(max(logging.WARNING, logging.getLevelName(level)))
