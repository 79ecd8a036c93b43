"""The log as `coach` writes it: `configure_logging`'s handler and levels, into a string."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr

from bot.logs.formatting import LogFormat
from bot.logs.setup import configure_logging


@contextmanager
def configured_logging(level: str, fmt: LogFormat = "text") -> Iterator[io.StringIO]:
    """Configure logging as `coach` does at `level`, writing to the string it yields.

    Afterwards every logger's level and the root's handlers are as they were, so that pytest's
    own capture, which configure_logging's basicConfig removes, works again for later tests.
    """
    root = logging.getLogger()
    handlers, levels = list(root.handlers), _levels()
    stream = io.StringIO()
    try:
        with redirect_stderr(stream):  # the handler writes to the stderr of its creation
            configure_logging(level, fmt)
        yield stream
    finally:
        root.handlers[:] = handlers
        for name, saved in levels.items():
            logging.getLogger(name).setLevel(saved)
        for name in _levels().keys() - levels.keys():
            logging.getLogger(name).setLevel(logging.NOTSET)


def _levels() -> dict[str, int]:
    loggers = logging.Logger.manager.loggerDict.items()
    levels = {name: logger.level for name, logger in loggers if isinstance(logger, logging.Logger)}
    return {**levels, "": logging.getLogger().level}
