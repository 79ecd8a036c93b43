"""No text makes the log parser raise, and nothing it accepts breaks the limits."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.logparse.parser import LogReading, Rejection, RejectionReason, parse_log
from bot.core.logparse.reading import (
    MAX_LOAD_KG,
    MAX_LOAD_LB,
    MAX_MESSAGE_CHARS,
    MAX_REPS,
    MAX_RIR,
    MAX_SETS,
)

# Pieces of logs, so that random messages reach deep into the grammar, not only the tokenizer.
_PIECES = (
    "0",
    "1",
    "2",
    "3",
    "5",
    "8",
    "10",
    "12",
    "20",
    "60",
    "62.5",
    "62,5",
    "100",
    "225",
    "500",
    "501",
    "1100",
    "1920",
    "07",
    "x",
    "×",
    "х",
    "*",
    "@",
    "/",
    ",",
    "-",
    "–",
    "+",
    " ",
    "\n",
    ":",
    "?",
    "%",
    "kg",
    "lbs",
    "кг",
    "bw",
    "sets",
    "reps",
    "set",
    "of",
    "по",
    "à",
    "at",
    "for",
    "w/",
    "to",
    "each",
    "leg",
    "/leg",
    "per side",
    "dbs",
    "rpe",
    "rir",
    "rest",
    "90s",
    "min",
    "1st",
    "day",
    "planning",
    "rdl",
    "hip thrust",
    "nordcs",
    "bulgarians",
    "cossack",
)
log_like = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join) | st.lists(
    st.sampled_from(_PIECES), max_size=24
).map(" ".join)


def _assert_sound(result: LogReading | Rejection) -> None:
    assert isinstance(result, LogReading | Rejection)
    if isinstance(result, Rejection):
        assert isinstance(result.reason, RejectionReason)
        return
    assert 1 <= len(result.sets) <= MAX_SETS
    for logged in result.sets:
        assert isinstance(logged.reps, int)
        assert 1 <= logged.reps <= MAX_REPS
        if logged.weight is None:
            assert logged.unit is None
        else:
            assert 0 < logged.weight <= (MAX_LOAD_LB if logged.unit == "lb" else MAX_LOAD_KG)
            assert logged.unit in ("kg", "lb", None)
    assert result.rpe is None or 1 <= result.rpe <= 10
    assert result.rir is None or 0 <= result.rir <= MAX_RIR
    json.dumps(result.to_json())


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text(text: str) -> None:
    _assert_sound(parse_log(text))


@settings(max_examples=1000, deadline=None)
@given(log_like)
def test_log_like_text(text: str) -> None:
    _assert_sound(parse_log(text))


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example],
)
@given(st.text(min_size=900, max_size=1100) | log_like.map(lambda text: text * 60))
def test_long_text(text: str) -> None:
    result = parse_log(text)
    _assert_sound(result)
    if len(text) > MAX_MESSAGE_CHARS:
        assert result == Rejection(RejectionReason.TOO_LONG)
