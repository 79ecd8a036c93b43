"""/weight: weigh-ins and the protein target they give."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.answers import KG_PER_LB, MAX_BODYWEIGHT_KG, MIN_BODYWEIGHT_KG
from bot.core.bodyweight import WeighIn
from bot.core.nutrition import ProteinPlan
from bot.core.profile import Units
from bot.telegram.messages.onboarding import PROTEIN_TARGET, format_bodyweight
from bot.telegram.messages.workouts import format_short_date

# How many weigh-ins `/weight` alone lists; /progress charts them all.
RECENT_WEIGH_INS = 5

WEIGHT_SAVED = "✅ Bodyweight today: {weight}."
WEIGHT_USAGE = (
    "Send /weight 72.5 (or /weight 160 lb) to note your bodyweight. One a day: a second one "
    "replaces that day's. Your protein target follows the latest, and /progress charts them."
)
WEIGHT_NONE = "No weigh-ins yet."
WEIGHT_RECENT = "Your latest weigh-ins:"
WEIGHT_LINE = "• {day}: {weight}"
WEIGHT_NOT_UNDERSTOOD = (
    f"That doesn't look like a bodyweight: write a number from {MIN_BODYWEIGHT_KG:g} to "
    f"{MAX_BODYWEIGHT_KG:g} kg ({MIN_BODYWEIGHT_KG / KG_PER_LB:.0f}–"
    f"{MAX_BODYWEIGHT_KG / KG_PER_LB:.0f} lb), like /weight 72.5 or /weight 160 lb. "
    "Nothing was saved."
)


def format_weight_saved(kilograms: float, units: Units, protein: ProteinPlan) -> str:
    return "\n".join(
        (
            WEIGHT_SAVED.format(weight=format_bodyweight(kilograms, units)),
            PROTEIN_TARGET.format(daily=protein.daily_g, low=protein.low_g, high=protein.high_g),
        )
    )


def format_weigh_ins(weigh_ins: Sequence[WeighIn], units: Units) -> str:
    """The latest few weigh-ins, newest first, and how to add one."""
    if not weigh_ins:
        return f"{WEIGHT_NONE}\n\n{WEIGHT_USAGE}"
    lines = [WEIGHT_RECENT]
    for weigh_in in reversed(weigh_ins[-RECENT_WEIGH_INS:]):
        weight = format_bodyweight(weigh_in.kilograms, units)
        lines.append(WEIGHT_LINE.format(day=format_short_date(weigh_in.day), weight=weight))
    return "\n".join(lines) + f"\n\n{WEIGHT_USAGE}"
