"""Text from outside (Telegram updates, imported files) made safe to store and show.

Control characters carry no meaning in a chat message or an exercise name, and some break
storage: PostgreSQL refuses a NUL in text ("invalid byte sequence for encoding UTF8: 0x00")
where SQLite keeps it, so one person's message would fail on one database and not the
other. A lone UTF-16 surrogate (JSON allows "\\ud800") cannot be encoded as UTF-8 at all.
Cleaning at the edge keeps both databases, and every layer after the edge, alike.
"""

from __future__ import annotations

import re
from typing import Any

# C0 and C1 controls and DEL, except tab and newline, which messages use for layout.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """`text` without control characters (tab and newline kept), each lone surrogate
    replaced by U+FFFD; text without either comes back as it is."""
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub(_REPLACEMENT, text)


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
