"""Rescheduling a session and training away from home."""

from __future__ import annotations

from collections.abc import Iterable


def format_left_out(names: Iterable[str]) -> str:
    """ "Nordic negative" or "Romanian deadlift and Nordic negative"."""
    named = list(names)
    return " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
