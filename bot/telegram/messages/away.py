"""Rescheduling a session and training away from home."""

from __future__ import annotations

from collections.abc import Iterable

from bot.telegram.messages.formats import list_join


def format_left_out(names: Iterable[str]) -> str:
    """ "Nordic negative" or "Romanian deadlift and Nordic negative"."""
    return list_join(names)
