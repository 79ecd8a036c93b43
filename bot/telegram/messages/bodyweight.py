"""/weight: weigh-ins and the protein target they give."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.bodyweight import WeighIn
from bot.core.nutrition import ProteinPlan
from bot.core.profile import Units
from bot.telegram.i18n import tr
from bot.telegram.messages.onboarding import format_bodyweight
from bot.telegram.messages.workouts import format_short_date

# How many weigh-ins `/weight` alone lists; /progress charts them all.
RECENT_WEIGH_INS = 5


def format_weight_saved(kilograms: float, units: Units, protein: ProteinPlan) -> str:
    return "\n".join(
        (
            tr("bodyweight.weight_saved", weight=format_bodyweight(kilograms, units)),
            tr(
                "onboarding.protein_target",
                daily=protein.daily_g,
                low=protein.low_g,
                high=protein.high_g,
            ),
        )
    )


def format_weigh_ins(weigh_ins: Sequence[WeighIn], units: Units) -> str:
    """The latest few weigh-ins, newest first, and how to add one."""
    if not weigh_ins:
        return f"{tr('bodyweight.weight_none')}\n\n{tr('bodyweight.weight_usage')}"
    lines = [tr("bodyweight.weight_recent")]
    for weigh_in in reversed(weigh_ins[-RECENT_WEIGH_INS:]):
        weight = format_bodyweight(weigh_in.kilograms, units)
        lines.append(
            tr("bodyweight.weight_line", day=format_short_date(weigh_in.day), weight=weight)
        )
    return "\n".join(lines) + f"\n\n{tr('bodyweight.weight_usage')}"
