"""/settings → Coaching: what Coach does in the conversation, each part on or off, and the
plan without a region that hurts."""

from __future__ import annotations

from bot.core.readiness import PainRegion

BUTTON_COACHING = "🧭 Coaching"
COACHING_MENU = "🧭 Coaching — tap one to switch it on or off:"
COACHING_SWITCH_LABELS: dict[str, str] = {
    "readiness_check": "Quick check before sessions",
    "rest_timer": "Rest timer after sets",
    "skip_button": "“Can't train today” on the reminder",
    "moments": "Replies to how I feel (“my knee hurts”)",
}
COACHING_AVOIDING = "Your plan leaves out {region} work until you say it's fine."

# The regions a plan can leave out: "somewhere else" names no exercises to spare.
AVOIDABLE: dict[PainRegion, str] = {
    PainRegion.KNEE: "knee",
    PainRegion.HIP: "hip",
    PainRegion.LOWER_BACK: "lower back",
    PainRegion.HAMSTRING: "hamstring",
}
BUTTON_AVOID = "Plan without {region} work"
BUTTON_FINE_AGAIN = "{Region} is fine again"
AVOIDING = (
    "Done: from now on your plan leaves out exercises that load your {region} and uses ones "
    "that spare it, until you say it's fine. To undo: /settings → 🧭 Coaching, or just tell "
    "me “my {region} is fine now”."
)
AVOIDING_ALREADY = "Your plan already leaves out {region} work."
FINE_AGAIN = "Great to hear! Your {region} work is back in the plan from now on."
FINE_NOT_AVOIDED = "Good to hear. Your plan wasn't leaving out {region} work, so nothing changes."


def format_fine_button(region: PainRegion) -> str:
    name = AVOIDABLE[region]
    return BUTTON_FINE_AGAIN.format(Region=name[0].upper() + name[1:])
