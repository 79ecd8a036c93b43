"""The readiness check before a session, and what Coach says when told about pain,
soreness or sleep in plain words."""

from __future__ import annotations

from bot.core.catalogue import get_exercise
from bot.core.coaching_moments import SoreGroup
from bot.core.prescription import DayPrescription
from bot.core.readiness import PainRegion
from bot.telegram.messages.programme import format_notes

READINESS_INTRO = "Quick check before you train (10 seconds, or Skip)."
ASK_SLEEP = "How did you sleep?"
ASK_SORENESS = "How sore are your glutes and hamstrings?"
ASK_PAIN = "Any pain today?"
SLEEP_LABELS = {1: "😴 Poor", 2: "🙂 OK", 3: "💪 Good"}
SORENESS_LABELS = {1: "None", 2: "Some", 3: "A lot"}
NO_PAIN = "No pain"
PAIN_LABELS = {
    PainRegion.KNEE: "Knee",
    PainRegion.HIP: "Hip",
    PainRegion.LOWER_BACK: "Lower back",
    PainRegion.HAMSTRING: "Hamstring",
    PainRegion.OTHER: "Somewhere else",
}
BUTTON_READINESS_SKIP = "Skip check"
BUTTON_READINESS_OFF = "Don't ask again"
READINESS_OFF = (
    "I won't ask before sessions any more. /readiness on turns the check back on; you can "
    'still tell me "my knee hurts" or "slept badly" any time.'
)
READINESS_ON = "I'll ask how you are before each training day's session. /readiness off stops it."
READINESS_USAGE = "/readiness on or /readiness off: the quick check before each session."
READINESS_STALE = "That check was for another day. /today shows today's session."
READINESS_ADJUSTED = "✅ Thanks — here's today's session, adjusted for how you are:"
READINESS_UNCHANGED = "✅ Thanks — nothing to change today. Have a good session!"
INSTEAD_OF = "{name} instead of {planned} today."

PAIN_WHERE = {
    PainRegion.KNEE: "your knee",
    PainRegion.HIP: "your hip",
    PainRegion.LOWER_BACK: "your lower back",
    PainRegion.HAMSTRING: "a hamstring",
    PainRegion.OTHER: "the same place",
}
PAIN_LASTING = (
    "That's three sessions in a row with pain in {where}. Please have it checked by a "
    "physiotherapist or doctor. Until it's fine, tell me when it hurts and I'll keep sparing it."
)

TOLD_PAIN = "Sorry to hear that. I've changed today's session for it."
TOLD_PAIN_NOTHING_LOADS_IT = (
    "Sorry to hear that. Nothing in today's session loads it, so the session stays as planned."
)
TOLD_PAIN_REST_DAY = "Sorry to hear that."
TOLD_SORE = {
    SoreGroup.GLUTES: "Noted: your glutes are sore.",
    SoreGroup.HAMSTRINGS: "Noted: your hamstrings are sore.",
    SoreGroup.LEGS: "Noted: your legs are sore.",
}
TOLD_SLEPT_BADLY = "Noted: a poor night's sleep."
TOLD_REST_DAY = "Today is a rest day, so nothing to change — take it easy."
TOLD_SEE_TODAY = "/today shows the session."


def format_adjustments(day: DayPrescription) -> list[str]:
    """What changed today for how the person is: the day's notes, then each stand-in."""
    lines = format_notes(day)
    for prescribed in day.exercises:
        planned = get_exercise(prescribed.instead_of) if prescribed.instead_of else None
        if planned is not None:
            name = prescribed.planned.exercise.name
            lines.append(INSTEAD_OF.format(name=name, planned=planned.name))
    return lines
