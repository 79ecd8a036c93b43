"""A log of an earlier day: `yesterday: RDL 3x8 60`, `2 days ago - 3x10`, `mon: 3x10 @ 20`.

The day comes first, then a colon, comma, dash or (for "yesterday" and "N days ago") just a
space. A weekday is the last such day before today, or today itself; at most two weeks back.
"""

from __future__ import annotations

import re
from datetime import date

MAX_DAYS_AGO = 14
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_BACKDATE = re.compile(
    r"""^\s*(?:
        (?:(?P<yesterday>yesterday|yday)|(?P<days>[0-9]{1,2})\s+days?\s+ago)(?:\s*[:,\-–—]|\s)
      | (?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*[:,\-–—]
    )\s*""",
    re.IGNORECASE | re.VERBOSE,
)


def days_ago(text: str, today: date | None) -> tuple[int, str]:
    """How many days before `today` the log is of (0: today), and the text without the day.

    A weekday needs `today`; without it, the day is taken out and counted as today."""
    written = _BACKDATE.match(text)
    if written is None:
        return 0, text
    rest = text[written.end() :]
    if written["yesterday"]:
        return 1, rest
    if written["days"]:
        count = int(written["days"])
        return (count, rest) if 0 < count <= MAX_DAYS_AGO else (0, text)
    weekday = _WEEKDAYS.index(written["weekday"].lower())
    return ((today.weekday() - weekday) % 7 if today else 0), rest
