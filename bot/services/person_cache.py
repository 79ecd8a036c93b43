"""The copies services keep of a person's data that only they change (profile and plan,
language, coaching switches, plan changes), read on nearly every update.

Each service drops its copy when it writes the data, and when the person erases theirs.
Other instances may change the data too: on PostgreSQL each update reads every copy again
before it is handled (the services' `refresh`, called by bot.telegram.shared_state), and the
time limit bounds how stale a copy can get in between.
"""

from __future__ import annotations

from typing import Any

from cachetools import TTLCache

_PEOPLE = 10_000
_SECONDS = 60


def person_cache() -> TTLCache[int, Any]:
    """An empty cache of one kind of data, by user id."""
    return TTLCache(maxsize=_PEOPLE, ttl=_SECONDS)
