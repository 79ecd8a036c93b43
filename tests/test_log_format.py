"""Log lines: JSON fields, update and user ids, token redaction, the error count."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from telegram import Chat, Message, Update, User

from bot.logs.formatting import (
    REDACTED,
    REDACTED_SECRET,
    ErrorCounter,
    LogFormat,
    RedactTokens,
    exception_kind,
    log_handler,
)
from bot.telegram.update_logging import update_context_handler

# Shaped like a bot token, built at run time so no token-like literal sits in the repository.
FAKE_TOKEN = "123456:" + "A" * 35


class Capture:
    """A logger whose records go only through one `log_handler`, into a string."""

    def __init__(self, fmt: LogFormat, *, exception_messages: bool = False) -> None:
        self.stream = io.StringIO()
        self.logger = logging.getLogger(f"tests.log_format.{fmt}")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.handler = log_handler(fmt, self.stream, exception_messages=exception_messages)
        self.logger.addHandler(self.handler)

    def lines(self) -> list[str]:
        return self.stream.getvalue().splitlines()

    def entries(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines()]

    def close(self) -> None:
        self.logger.removeHandler(self.handler)


@pytest.fixture
def json_log() -> Iterator[Capture]:
    capture = Capture("json")
    yield capture
    capture.close()


@pytest.fixture
def text_log() -> Iterator[Capture]:
    capture = Capture("text")
    yield capture
    capture.close()


async def _handle(update_id: int, user_id: int | None) -> None:
    """Runs the group -2 handler's callback as PTB would, in the calling task's context."""
    sender = None if user_id is None else User(user_id, "Ann", is_bot=False)
    message = Message(
        1, datetime.now(UTC), Chat(user_id or -100, Chat.PRIVATE), from_user=sender, text="hi"
    )
    handler = update_context_handler()
    assert handler.block is True
    # The callback ignores its context; it must return normally so processing goes on.
    await handler.callback(Update(update_id, message=message), cast(Any, None))


def test_json_line_has_the_fields(json_log: Capture) -> None:
    json_log.logger.info("Reminder %s sent", "workout")
    [entry] = json_log.entries()
    assert entry == {
        "time": entry["time"],
        "level": "INFO",
        "logger": "tests.log_format.json",
        "message": "Reminder workout sent",
    }
    assert entry["time"].endswith("Z")
    moment = datetime.fromisoformat(entry["time"])
    assert moment.utcoffset() is not None
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 60


def test_json_exception_is_the_traceback_on_one_line() -> None:
    json_log = Capture("json", exception_messages=True)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        json_log.logger.exception("Failed")
    finally:
        json_log.close()
    [line] = json_log.lines()
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert entry["exception"].endswith("RuntimeError: boom")


# What a person wrote; a test's source line shows only the constant's name.
PRIVATE_WORDS = "my private words"


def _failed_storing(text: str) -> None:
    try:
        raise KeyError(text)
    except KeyError as exc:
        raise LookupError(f"could not store {text!r}") from exc


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_exceptions_are_written_with_their_kind_and_frames_but_not_what_they_say(
    fmt: LogFormat,
) -> None:
    capture = Capture(fmt)
    try:
        _failed_storing(PRIVATE_WORDS)
    except LookupError:
        capture.logger.exception("Storing failed")
    finally:
        capture.close()
    output = capture.stream.getvalue()
    written = json.loads(output)["exception"] if fmt == "json" else output
    assert PRIVATE_WORDS not in output
    assert "\nKeyError\n\nThe above exception was the direct cause" in written
    assert written.endswith("\nLookupError\n" if fmt == "text" else "\nLookupError")
    assert f"in {_failed_storing.__name__}" in written
    assert "raise KeyError(text)" in written


def test_exception_kind_names_the_chain_of_causes_and_nothing_they_say() -> None:
    with pytest.raises(LookupError) as chained:
        _failed_storing(PRIVATE_WORDS)
    with pytest.raises(json.JSONDecodeError) as decoding:
        json.loads("{private")
    assert exception_kind(chained.value) == "LookupError from KeyError"
    assert exception_kind(decoding.value) == "json.decoder.JSONDecodeError"


async def test_json_carries_the_update_and_user_ids(json_log: Capture) -> None:
    json_log.logger.info("before")
    await _handle(123, 456)
    json_log.logger.warning("during")
    before, during = json_log.entries()
    assert "update_id" not in before
    assert "user_id" not in before
    assert (during["update_id"], during["user_id"]) == (123, 456)


async def test_an_update_without_a_user_has_only_its_id(
    json_log: Capture, text_log: Capture
) -> None:
    await _handle(77, None)
    json_log.logger.info("channel post")
    text_log.logger.info("channel post")
    [entry] = json_log.entries()
    assert entry["update_id"] == 77
    assert "user_id" not in entry
    assert text_log.lines()[0].endswith("channel post [update 77]")


async def test_text_format_shows_the_ids(text_log: Capture) -> None:
    text_log.logger.info("outside")
    await _handle(123, 456)
    text_log.logger.info("inside")
    outside, inside = text_log.lines()
    assert outside.endswith(" INFO tests.log_format.text: outside")
    assert inside.endswith(" INFO tests.log_format.text: inside [update 123 user 456]")


def test_ids_passed_in_extra_win(json_log: Capture) -> None:
    json_log.logger.info("Reminder sent", extra={"user_id": 9})
    assert json_log.entries()[0]["user_id"] == 9


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_tokens_are_redacted_everywhere(fmt: LogFormat) -> None:
    capture = Capture(fmt, exception_messages=True)
    try:
        capture.logger.info(f"token {FAKE_TOKEN} in the message")
        capture.logger.info("token %s in an argument", FAKE_TOKEN)
        capture.logger.info("url %s", ValueError(f"https://x/bot{FAKE_TOKEN}/getMe"))
        capture.logger.info("mapping %(url)s", {"url": f"bot{FAKE_TOKEN}/getMe"})
        try:
            raise ConnectionError(f"POST https://x/bot{FAKE_TOKEN}/sendMessage")
        except ConnectionError:
            capture.logger.exception("network down")
        capture.logger.info("stack", stack_info=True, extra={"note": FAKE_TOKEN})
        output = capture.stream.getvalue()
    finally:
        capture.close()
    assert FAKE_TOKEN not in output
    assert FAKE_TOKEN.split(":")[1] not in output
    assert f"token {REDACTED} in the message" in output
    assert f"token {REDACTED} in an argument" in output
    assert f"https://x/bot{REDACTED}/getMe" in output
    assert f"mapping bot{REDACTED}/getMe" in output
    assert f"https://x/bot{REDACTED}/sendMessage" in output


def test_short_ids_and_times_are_not_mistaken_for_tokens(json_log: Capture) -> None:
    json_log.logger.info("user 123456 at 10:30, ratio 12345:678")
    assert json_log.entries()[0]["message"] == "user 123456 at 10:30, ratio 12345:678"


def test_a_malformed_call_is_redacted_without_raising() -> None:
    # Too few arguments: rendering fails, and the handler will report the call itself.
    record = logging.LogRecord(
        "tests", logging.INFO, __file__, 1, f"{FAKE_TOKEN} %s %s %s", (FAKE_TOKEN, 3), None
    )
    assert RedactTokens().filter(record) is True
    assert (record.msg, record.args) == (f"{REDACTED} %s %s %s", (REDACTED, 3))


def test_error_counter_counts_errors_and_worse_only() -> None:
    counter = ErrorCounter()
    logger = logging.getLogger("tests.log_format.count")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        logger.info("fine")
        logger.warning("odd")
        logger.error("bad")
        logger.critical("worse")
        logger.exception("with traceback")
    finally:
        logger.removeHandler(counter)
    assert counter.count == 3


def test_configured_secrets_are_redacted_whatever_their_shape() -> None:
    token, hook_secret, password = (
        "42:not-shaped-like-a-real-token",
        "hook-secret-123",
        "pw-1234567",
    )
    stream = io.StringIO()
    logger = logging.getLogger("tests.log_format.secrets")
    logger.propagate = False
    handler = log_handler("text", stream, secrets=[token, hook_secret, password, "short"])
    logger.addHandler(handler)
    try:
        logger.warning("%s %s %s", f"bot{token}/getMe", hook_secret, f"{password}!")
        logger.warning("a short secret is left alone")
    finally:
        logger.removeHandler(handler)
    first, second = stream.getvalue().splitlines()
    assert first.endswith(f"bot{REDACTED_SECRET}/getMe {REDACTED_SECRET} {REDACTED_SECRET}!")
    assert second.endswith("a short secret is left alone")
