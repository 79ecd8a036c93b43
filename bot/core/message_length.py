"""Telegram's limit on a text message, and cutting text to it.

Telegram refuses a text over 4,096 characters ("Message is too long"), counting as its
clients do, in UTF-16 code units: an emoji outside the Basic Multilingual Plane counts two.
"""

from __future__ import annotations

MAX_MESSAGE_CHARS = 4096
ELLIPSIS = "…"


def message_length(text: str) -> int:
    """`text`'s length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


def cut_to_fit(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` if it fits in `limit`; else its longest beginning that ends at a line break
    and fits with a last line "…", or, when that would drop more than half of what fits (a
    very long line), the longest beginning that fits with "…" at its end."""
    if message_length(text) <= limit:
        return text
    head = _head(text, limit - len(ELLIPSIS) - 1)
    if (end := head.rfind("\n")) >= len(head) // 2:
        return head[:end] + "\n" + ELLIPSIS
    return _head(text, limit - len(ELLIPSIS)) + ELLIPSIS


def _head(text: str, units: int) -> str:
    """The longest beginning of `text` of at most `units` UTF-16 code units; a character
    that would only half fit is left out."""
    return text.encode("utf-16-le")[: 2 * units].decode("utf-16-le", errors="ignore")
