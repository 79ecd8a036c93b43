"""The local chat's clock: real time moved forward by `/clock`, so one sitting can live
through a week of training days, reminders and rest days.

Only forward: what the bot stored at a later time must not end up in the future.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_STEP = re.compile(r"(\d{1,3})([dhm])")
_STEPS = re.compile(r"\+(?:\d{1,3}[dhm])+")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
_AT = "%Y-%m-%d %H:%M"


class ChatClock:
    """Called like `datetime.now(UTC)`, plus the moves made so far."""

    def __init__(self) -> None:
        self._ahead = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self._ahead

    def move(self, to: datetime) -> bool:
        """Go to `to`; False (and no move) when it is not later than now."""
        now = self()
        if to <= now:
            return False
        self._ahead += to - now
        return True


def read_move(text: str, now: datetime) -> datetime | None:
    """`+1d`, `+2h30m`, `+45m`, or a UTC moment `2026-12-07 07:55`; None if neither."""
    text = text.strip()
    if _STEPS.fullmatch(text):
        steps = (timedelta(**{_UNITS[unit]: int(n)}) for n, unit in _STEP.findall(text))
        return now + sum(steps, timedelta())
    try:
        return datetime.strptime(text, _AT).replace(tzinfo=UTC)
    except ValueError:
        return None
