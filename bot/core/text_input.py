"""Text from outside (messages, imported files) made safe to store and show.

Control characters carry no meaning in a workout log or an exercise name, and some break
what receives them: PostgreSQL refuses a NUL in text ("invalid byte sequence for encoding
UTF8: 0x00") where SQLite stores it, a stray carriage return splits a CSV row, an escape
sequence repaints a terminal. A lone surrogate (possible in JSON, never in UTF-8) cannot be
encoded at all. Both are removed at the edge, the same way on every database: in every
string of an arriving Telegram update (`clean_strings`, bot.telegram.intake) and in every
imported name (`clean_name`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F), but newline and tab, which people type.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """`text` without C0 and C1 control characters (newline and tab kept), its lone
    surrogates replaced by U+FFFD; everything else exactly as it was."""
    return _SURROGATE.sub(REPLACEMENT, _CONTROLS.sub("", text))


def clean_name(text: str) -> str:
    """A name as one line: `clean_text`, with every run of whitespace (newlines and tabs
    too) one space and none at either end, in Unicode's composed form (NFC), so that "é"
    typed as e + a combining accent and "é" are one name. May be empty."""
    # Whitespace first: a carriage return or a form feed between two words is a space,
    # not nothing. Then again, for a control removed between two spaces.
    spaced = clean_text(" ".join(text.split()))
    return " ".join(unicodedata.normalize("NFC", spaced).split())


def clean_strings(value: Any) -> Any:
    """A JSON value (as `json.loads` gives) with `clean_text` applied to every string in it,
    keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(key): clean_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_strings(item) for item in value]
    return value
