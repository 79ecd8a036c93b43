"""Log configuration that keeps the bot token out of every log line."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    # httpx logs each request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def quiet_for_terminal_chat(level: str) -> None:
    """The chat shares the terminal with the logs, so only problems are shown there."""
    if level != "DEBUG":
        logging.getLogger().setLevel(max(logging.WARNING, logging.getLevelName(level)))
