"""Reading the few answers people may type instead of pressing a button."""

from __future__ import annotations

import re
import unicodedata
from datetime import time
from functools import cache
from zoneinfo import available_timezones

from bot.core.profile import Units

_TIME = re.compile(
    r"^\s*(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2})|h)?\s*(?P<ampm>[ap]\.?m\.?)?\s*$",
    re.IGNORECASE,
)
_COMPACT_TIME = re.compile(r"^\s*(?P<hour>\d{2})(?P<minute>\d{2})\s*$")
_WEIGHT = re.compile(
    r"^\s*(?P<value>\d{1,3}(?:[.,]\d{1,2})?)\s*(?P<unit>kgs?|kilos?|kilogram(?:me)?s?|lbs?|pounds?|кг)?\s*$",
    re.IGNORECASE,
)

MIN_BODYWEIGHT_KG = 25.0
MAX_BODYWEIGHT_KG = 350.0
KG_PER_LB = 0.45359237


def parse_time_of_day(text: str) -> time | None:
    """`18:30`, `6pm`, `6:30 am`, `19h`, `0630`, `7` → a time; anything else → None."""
    match = _TIME.match(text) or _COMPACT_TIME.match(text)
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    ampm = (match.groupdict().get("ampm") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_bodyweight(text: str, default_unit: Units) -> float | None:
    """A typed bodyweight in kilograms (`72`, `72.5 kg`, `160 lb`), or None when implausible."""
    match = _WEIGHT.match(text)
    if match is None:
        return None
    value = float(match["value"].replace(",", "."))
    typed = (match["unit"] or "").lower()
    unit = Units.LB if typed.startswith(("lb", "pound")) else Units.KG if typed else default_unit
    return bodyweight_kilograms(value, unit)


def bodyweight_kilograms(value: float, unit: Units) -> float | None:
    """A bodyweight of `value` in `unit`, in kilograms; None when implausible."""
    kilograms = value * KG_PER_LB if unit is Units.LB else value
    if not MIN_BODYWEIGHT_KG <= kilograms <= MAX_BODYWEIGHT_KG:
        return None
    return round(kilograms, 1)


@cache
def _zones_by_folded_name() -> dict[str, str]:
    zones: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        zones[_fold(zone)] = zone
        city = zone.rsplit("/", 1)[-1]
        # A bare city name resolves only to the first canonical zone that ends with it.
        zones.setdefault(_fold(city), zone)
    return zones


def _fold(name: str) -> str:
    """Case, spaces and accents folded: people type "São Paulo" or "Bogotá", zones have
    none."""
    bare = "".join(
        char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
    )
    return re.sub(r"[\s_\-]+", "_", bare.strip().casefold())


def resolve_timezone(text: str) -> str | None:
    """`europe/berlin`, `Berlin`, `new york` → the IANA name, or None if unknown."""
    return _zones_by_folded_name().get(_fold(text))
