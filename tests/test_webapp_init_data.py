"""Mini App launch data: only what Telegram signed for this bot, lately, says who the person is."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.webapp.init_data import InvalidInitData, sign, validate

TOKEN = "123456:test-token_ABC"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DAY = timedelta(hours=24)
USER = {"id": 4242, "first_name": "Ana", "language_code": "es"}


def _fields(at: datetime = NOW, user: object = USER) -> dict[str, str]:
    return {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(user, separators=(",", ":")),
        "auth_date": str(int(at.timestamp())),
    }


def _by_the_docs(fields: dict[str, str], token: str) -> str:
    """Telegram's algorithm written out step by step, apart from the code under test."""
    secret_key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    return hmac.new(secret_key, check.encode(), hashlib.sha256).hexdigest()


def test_data_signed_as_telegram_documents_it_names_its_user() -> None:
    fields = _fields()
    init_data = urlencode({**fields, "hash": _by_the_docs(fields, TOKEN)})
    user = validate(init_data, TOKEN, now=NOW, max_age=DAY)
    assert (user.id, user.first_name, user.language_code) == (4242, "Ana", "es")


def test_the_hash_may_come_anywhere_and_fields_in_any_order() -> None:
    fields = _fields()
    digest = _by_the_docs(fields, TOKEN)
    init_data = urlencode([("hash", digest), *reversed(list(fields.items()))])
    assert validate(init_data, TOKEN, now=NOW, max_age=DAY).id == 4242


def test_another_bots_signature_is_refused() -> None:
    with pytest.raises(InvalidInitData):
        validate(sign(_fields(), "999:other-bot"), TOKEN, now=NOW, max_age=DAY)


@pytest.mark.parametrize(
    "init_data",
    [
        "",
        "hash=",
        "user=%7B%7D&auth_date=1",
        "%%%",
        "a=1&&b=2",
        "hash=" + "0" * 64,
        "hash=é",
    ],
)
def test_garbage_is_refused(init_data: str) -> None:
    with pytest.raises(InvalidInitData):
        validate(init_data, TOKEN, now=NOW, max_age=DAY)


def test_a_field_given_twice_is_refused_though_one_copy_is_signed() -> None:
    signed = sign(_fields(), TOKEN)
    forged_user = json.dumps({"id": 1})
    with pytest.raises(InvalidInitData):
        validate(f"{signed}&{urlencode({'user': forged_user})}", TOKEN, now=NOW, max_age=DAY)


def test_stale_data_is_refused_at_the_configured_age() -> None:
    signed = sign(_fields(NOW - DAY), TOKEN)
    assert validate(signed, TOKEN, now=NOW, max_age=DAY).id == 4242
    with pytest.raises(InvalidInitData, match="stale"):
        validate(signed, TOKEN, now=NOW + timedelta(seconds=1), max_age=DAY)
    with pytest.raises(InvalidInitData, match="stale"):
        validate(signed, TOKEN, now=NOW, max_age=timedelta(hours=1))


def test_data_from_the_future_is_refused_beyond_a_small_skew() -> None:
    assert validate(sign(_fields(NOW + timedelta(seconds=30)), TOKEN), TOKEN, now=NOW, max_age=DAY)
    with pytest.raises(InvalidInitData, match="future"):
        validate(sign(_fields(NOW + timedelta(minutes=5)), TOKEN), TOKEN, now=NOW, max_age=DAY)


@pytest.mark.parametrize(
    "user",
    [{"first_name": "no id"}, {"id": "4242"}, {"id": True}, {"id": 0}, {"id": -5}, [4242], "x"],
)
def test_signed_data_without_a_user_id_is_refused(user: object) -> None:
    with pytest.raises(InvalidInitData, match="user"):
        validate(sign(_fields(user=user), TOKEN), TOKEN, now=NOW, max_age=DAY)


def test_signed_data_without_a_user_is_refused() -> None:
    fields = _fields()
    del fields["user"]
    with pytest.raises(InvalidInitData, match="user"):
        validate(sign(fields, TOKEN), TOKEN, now=NOW, max_age=DAY)


_VALUES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@given(data=st.data())
def test_any_change_to_any_field_breaks_the_signature(data: st.DataObject) -> None:
    pairs = parse_qsl(sign(_fields(), TOKEN))
    index = data.draw(st.integers(0, len(pairs) - 1))
    key, value = pairs[index]
    change = data.draw(st.sampled_from(["value", "key", "drop", "add"]))
    if change == "value":
        pairs[index] = (key, data.draw(_VALUES.filter(lambda new: new != value)))
    elif change == "key":
        new_key = data.draw(_VALUES.filter(lambda new: new not in dict(pairs)))
        pairs[index] = (new_key, value)
    elif change == "drop":
        del pairs[index]
    else:
        pairs.append((data.draw(_VALUES.filter(lambda new: new not in dict(pairs))), value))
    with pytest.raises(InvalidInitData):
        validate(urlencode(pairs), TOKEN, now=NOW, max_age=DAY)
