"""Bodyweight over time: one weigh-in a day, the latest of which sets the protein target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class WeighIn:
    """The person's bodyweight on one of their local calendar days."""

    day: date
    kilograms: float
