"""Telegram Mini App `initData`: who opened the app, as Telegram vouches for it.

Telegram signs the launch parameters it hands the page with a key derived from the bot's
token (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):

    secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token)
    hash = hex(HMAC_SHA256(key=secret_key, msg=data_check_string))

where `data_check_string` is every received field but `hash`, as "key=value", sorted by key
and joined by "\\n". Only a signature that matches, on data neither too old nor from the
future, says who the person is; nothing unsigned is ever read. Pure: no I/O, no clock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

# Clocks disagree a little: a phone's a few seconds ahead of the server's is no forgery.
CLOCK_SKEW = timedelta(seconds=60)
_HASH = "hash"
_SECRET_KEY_KEY = b"WebAppData"
# initData is a few hundred bytes; a header far beyond that is nobody's launch data.
MAX_INIT_DATA_CHARS = 8192


class InvalidInitData(Exception):
    """The launch data is not Telegram's, or not any more: the person is not authenticated.

    The message says why, for the server's debug log; it never quotes the data."""


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """The person who opened the Mini App, from the validated `user` field."""

    id: int
    first_name: str | None
    language_code: str | None
    auth_date: datetime


def _secret_key(bot_token: str) -> bytes:
    return hmac.new(_SECRET_KEY_KEY, bot_token.encode(), hashlib.sha256).digest()


def _data_check_string(fields: Mapping[str, str]) -> bytes:
    lines = (f"{key}={value}" for key, value in sorted(fields.items()) if key != _HASH)
    return "\n".join(lines).encode()


def signature(fields: Mapping[str, str], bot_token: str) -> str:
    """The hex `hash` Telegram puts beside `fields` for the bot with `bot_token`."""
    digest = hmac.new(_secret_key(bot_token), _data_check_string(fields), hashlib.sha256)
    return digest.hexdigest()


def sign(fields: Mapping[str, str], bot_token: str) -> str:
    """`fields` as Telegram would hand them to the page: query-string form with their
    `hash`. The local chat signs its own launch link with this; so do tests."""
    unsigned = {key: value for key, value in fields.items() if key != _HASH}
    return urlencode({**unsigned, _HASH: signature(unsigned, bot_token)})


def validate(init_data: str, bot_token: str, *, now: datetime, max_age: timedelta) -> WebAppUser:
    """The person `init_data` (`Telegram.WebApp.initData`, verbatim) was signed for.

    Raises InvalidInitData unless it is signed with `bot_token`, its `auth_date` is at most
    `max_age` before `now` and not ahead of it by more than CLOCK_SKEW, and it names a user.
    """
    if len(init_data) > MAX_INIT_DATA_CHARS:
        raise InvalidInitData("too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InvalidInitData("not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        # Which of two values was signed is anyone's guess: take neither.
        raise InvalidInitData("a field is given twice")
    given = fields.get(_HASH)
    if given is None:
        raise InvalidInitData("no hash")
    # Compared as bytes: compare_digest refuses non-ASCII str.
    if not hmac.compare_digest(given.encode(), signature(fields, bot_token).encode()):
        raise InvalidInitData("wrong hash")
    return _user(fields, now, max_age)


def _user(fields: Mapping[str, str], now: datetime, max_age: timedelta) -> WebAppUser:
    """The signed fields read: their age checked, the user's id taken from them."""
    try:
        auth_date = datetime.fromtimestamp(int(fields["auth_date"]), tz=now.tzinfo)
    except (KeyError, ValueError, OverflowError, OSError):
        raise InvalidInitData("no valid auth_date") from None
    if now - auth_date > max_age:
        raise InvalidInitData("stale auth_date")
    if auth_date - now > CLOCK_SKEW:
        raise InvalidInitData("auth_date in the future")
    try:
        user = json.loads(fields["user"])
    except (KeyError, ValueError, RecursionError):
        raise InvalidInitData("no valid user") from None
    user_id = user.get("id") if isinstance(user, dict) else None
    # bool is an int to Python; True is nobody's id.
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise InvalidInitData("no valid user id")
    return WebAppUser(
        user_id, _text(user.get("first_name")), _text(user.get("language_code")), auth_date
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
