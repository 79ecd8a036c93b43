"""Log lines as text or JSON, tagged with the update being handled, with secrets redacted.

`log_handler` builds the one handler the bot logs through: `UpdateContextFilter` tags every
record with the update id and user id of the update being handled, `HideExceptionMessages`
(unless exception messages are asked for) writes exceptions without what they say,
`RedactTokens` blanks out anything shaped like a bot token and the secrets it is given, then
the record is formatted as text or as one JSON object per line (`JsonFormatter`). The ids
come from context variables that `tag_update` sets; the bot calls it before any handler of
an update runs (`bot.telegram.update_logging`).

This module is imported for every `coach` command, the offline tools included, so it
imports nothing of python-telegram-bot (a few hundred milliseconds to import).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from collections.abc import Collection, Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any, Literal

LogFormat = Literal["text", "json"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(update_tag)s"
TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
REDACTED = "[token]"
REDACTED_SECRET = "[secret]"
SHORTEST_REDACTED_SECRET = 8

# Set in the task that processes an update. Tasks copy the context when they are created, so
# a handler run with block=False and the error handler see the ids of their update too.
_update_id: ContextVar[int | None] = ContextVar("log_update_id", default=None)
_user_id: ContextVar[int | None] = ContextVar("log_user_id", default=None)


def tag_update(update_id: int, user_id: int | None) -> None:
    """Tag the log records of the current task (and tasks it creates) with an update's ids."""
    _update_id.set(update_id)
    _user_id.set(user_id)


class UpdateContextFilter(logging.Filter):
    """Copies the current update id and user id onto each record.

    Sets `update_id` and `user_id` (None outside an update) unless the call passed them in
    `extra`, and `update_tag`, their text form for `TEXT_FORMAT`: " [update 1 user 2]" or "".
    """

    def filter(self, record: logging.LogRecord) -> bool:
        update_id = record.__dict__.setdefault("update_id", _update_id.get())
        user_id = record.__dict__.setdefault("user_id", _user_id.get())
        parts = [
            f"{name} {value}"
            for name, value in (("update", update_id), ("user", user_id))
            if value is not None
        ]
        record.update_tag = f" [{' '.join(parts)}]" if parts else ""
        return True


def redact(text: str) -> str:
    return TOKEN_SHAPE.sub(REDACTED, text)


class RedactTokens(logging.Filter):
    """Replaces bot tokens, and the `secrets` it is given, in the message, its arguments,
    traceback and stack.

    The last line of defence: nothing should log a token in the first place. The message is
    rendered with its arguments before redacting, because a token can hide in any argument's
    string form (an exception, a URL object), not only in string arguments.

    Tokens are found by their shape; `secrets` (the configured token, whatever its shape, the
    webhook secret, the database password) by their value, each replaced by REDACTED_SECRET.
    One shorter than SHORTEST_REDACTED_SECRET is left alone: it would blank out ordinary
    words all over the log, and so short a secret is guessed sooner than read from a log.
    """

    # Only its formatException, which matches what every formatter here prints.
    _exceptions = logging.Formatter()

    def __init__(self, secrets: Collection[str] = ()) -> None:
        super().__init__()
        # Longest first, so that a secret containing another is blanked out whole.
        kept = sorted(
            {s for s in secrets if len(s) >= SHORTEST_REDACTED_SECRET}, key=len, reverse=True
        )
        self._secrets = re.compile("|".join(map(re.escape, kept))) if kept else None

    def _redact(self, text: str) -> str:
        if self._secrets is not None:
            text = self._secrets.sub(REDACTED_SECRET, text)
        return redact(text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.msg, record.args = self._redact(record.getMessage()), None
        except Exception:
            # A log call must never raise. Arguments that do not fit the message: the handler
            # reports the call when it formats the record, so leave the parts in place,
            # redacting those that are text.
            if isinstance(record.msg, str):
                record.msg = self._redact(record.msg)
            if isinstance(record.args, tuple):
                record.args = tuple(
                    self._redact(a) if isinstance(a, str) else a for a in record.args
                )
        if record.exc_info and not record.exc_text:
            # Formatters print a cached exc_text as is; cache the redacted text.
            record.exc_text = self._exceptions.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True


class HideExceptionMessages(logging.Filter):
    """Writes a record's exception as its traceback with each exception's type, not its message.

    An exception's message quotes what failed: SQLAlchemy's the statement, PostgreSQL's and
    asyncpg's the offending value ("invalid input syntax for type integer: ..."), a bug's
    whatever its author put there; people's messages among them. Where it failed (the
    frames) and what kind of failure it was is what finds a bug, and stays; the messages are
    for LOG_LEVEL=DEBUG, which `configure_logging` gives them.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            # Set even when another handler cached the full text: formatters print exc_text.
            record.exc_text = traceback_without_messages(record.exc_info[1])
        return True


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def traceback_without_messages(exc: BaseException) -> str:
    """`exc`'s traceback as Python prints it, chained exceptions too, with only the type of
    each exception where Python writes "Type: message"."""
    return "".join(_without_messages(traceback.TracebackException.from_exception(exc))).rstrip()


def _without_messages(exc: traceback.TracebackException) -> Iterator[str]:
    if exc.__cause__ is not None:
        yield from _without_messages(exc.__cause__)
        yield _CAUSE
    elif exc.__context__ is not None and not exc.__suppress_context__:
        yield from _without_messages(exc.__context__)
        yield _CONTEXT
    if exc.stack:
        yield "Traceback (most recent call last):\n"
        yield from exc.stack.format()
    yield _qualified_name(exc.exc_type) + "\n"


def exception_kind(exc: BaseException) -> str:
    """What kind of error `exc` is, with the errors it was raised from, and nothing it says:
    "sqlalchemy.exc.IntegrityError from sqlite3.IntegrityError"."""
    kinds = [_qualified_name(type(exc))]
    cause = exc.__cause__
    while cause is not None and len(kinds) < 4:  # a chain never loops, but bounded anyway
        kinds.append(_qualified_name(type(cause)))
        cause = cause.__cause__
    return " from ".join(kinds)


def _qualified_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601 UTC), level, logger, message, and, when
    present, update_id, user_id, exception (the formatted traceback) and stack."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("update_id", "user_id"):
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # json.dumps escapes newlines, so a traceback stays on the record's one line.
        return json.dumps(entry, default=str)


def log_handler(
    fmt: LogFormat,
    stream: IO[str] | None = None,
    *,
    exception_messages: bool = False,
    secrets: Collection[str] = (),
) -> logging.Handler:
    """The handler for the root logger: ids and redaction, then text or JSON, to stderr.

    Exceptions are written without their messages unless `exception_messages` is true
    (see `HideExceptionMessages`); `secrets` are redacted wherever they appear.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    # Filters on the handler, not on a logger: a logger's filters skip records that
    # propagate to it from other loggers, and nearly every record does.
    handler.addFilter(UpdateContextFilter())
    if not exception_messages:
        handler.addFilter(HideExceptionMessages())
    handler.addFilter(RedactTokens(secrets))
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    return handler


class ErrorCounter(logging.Handler):
    """Counts the records at ERROR and above that reach the logger it is attached to."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        # Handler.handle holds the handler's lock around emit, so threads cannot lose counts.
        self.count += 1


# The errors since the process started, for /admin stats: configure_logging attaches it to
# the root logger.
ERROR_COUNTER = ErrorCounter()
