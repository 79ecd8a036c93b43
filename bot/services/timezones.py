"""Offline lookup of the timezone at a shared location."""

from __future__ import annotations

import asyncio
from functools import cache

from timezonefinder import TimezoneFinder


@cache
def _finder() -> TimezoneFinder:
    # Building the finder reads its data files once; later lookups are fast.
    return TimezoneFinder()


def _lookup(latitude: float, longitude: float) -> str | None:
    name = _finder().timezone_at(lng=longitude, lat=latitude)
    return name if isinstance(name, str) else None


async def timezone_at(latitude: float, longitude: float) -> str | None:
    """The IANA timezone at a point, or None (open sea); runs off the event loop."""
    return await asyncio.to_thread(_lookup, latitude, longitude)
