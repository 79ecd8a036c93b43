"""What changes a person's plan for a while, the stored plan staying as it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.reschedule import Away, Moves


@dataclass(frozen=True, slots=True)
class PlanChanges:
    """Their sessions moved (`plan_with_moves` applies those of the week asked about) and a
    travel period, which may be over already (`Away.on`)."""

    moves: Moves = field(default_factory=dict)
    away: Away | None = None
