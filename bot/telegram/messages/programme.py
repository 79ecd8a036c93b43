"""The programme: where a person is in it, and why each exercise is prescribed as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.catalogue import require_exercise
from bot.core.dumbbell_set import WeightsProblem
from bot.core.planner import WeekPlan
from bot.core.prescription import DayPrescription, ExercisePrescription, Why
from bot.core.profile import Units
from bot.core.programme import Phase, ProgrammeWeek
from bot.core.readiness import Note
from bot.core.reschedule import SoreMove
from bot.core.warmup import WarmupSet
from bot.telegram.messages.plans import format_week_plan

WEEK_BUILD = "Week {index} of {of} — lighter week on {lighter}"
WEEK_DELOAD = "Week {index} of {of} — lighter week: fewer sets, lighter loads, no records"
WEEK_RESTART = "Week {index} of {of} — easing back in after a break; lighter week on {lighter}"

WHY: dict[Why, str] = {
    Why.FIND_LOAD: "First time: find a weight you can lift for {top} reps with 2 reps to spare.",
    Why.FIRST_REPS: "First time: {low} smooth reps a set, stopping with 2 in the tank.",
    Why.FIRST_BAND: "First time: pick a band that lets you do {low} clean reps.",
    Why.ADD_REPS: "Same load, a rep more a set, until every set reaches {top}.",
    Why.ADD_LOAD: "Every set reached {top}: a step heavier, back to {low} reps.",
    Why.EASY_STEP: "Every set reached {top} at RPE 8 or easier: a bigger step up.",
    Why.AT_FAILURE: "You reached {top} at your limit: same again until it feels solid.",
    Why.STRONGER_BAND: "Every set reached {top}: take a stronger band, back to {low} reps.",
    Why.TEMPO: "Top of the range: now take 3 seconds to lower on every rep.",
    Why.PAUSE: "Slow lowering mastered: add a 2-second pause at the bottom of each rep.",
    Why.ONE_AND_A_HALF: "Pauses mastered: do 1½ reps (down, halfway up, down, all the way up).",
    Why.LONGER_RANGE: "Keep the 1½ reps and add range: stand or lie on a step to go deeper.",
    Why.OUTGROWN: (
        "You've outgrown this with what you have: /swap for a harder exercise, or add "
        "bands or weights in /settings."
    ),
    Why.HEAVIEST_OWNED: "That is the heaviest weight you have: lower for 3 seconds each rep.",
    Why.STALLED: "No gain in 3 sessions: about 10% lighter, then build back up.",
    Why.BELOW_RANGE: "Reps fell below {low} twice: lighter now, then build back up.",
    Why.LIGHTER_WEEK: "Lighter week: fewer sets, lighter load, let your body catch up.",
    Why.RESTART: "Welcome back: a gentler start, then we build again.",
    Why.NEW_VARIANT: "You mastered {was}: on to {name}.",
    Why.HELD: "Not the day for more weight: same load as last time.",
}
# Without a load to take off, a stall is met with fewer reps and slower ones.
WHY_WITHOUT_LOAD: dict[Why, str] = {
    Why.LIGHTER_WEEK: "Lighter week: fewer sets, easy reps, let your body catch up.",
    Why.ADD_REPS: "A rep more a set, until every set reaches {top}.",
    Why.STALLED: "No gain in 3 sessions: back to {low} reps, 3 seconds down each, and build.",
    Why.BELOW_RANGE: "Reps fell below {low} twice: aim for {low} clean reps, then build.",
    Why.HELD: "Not the day for a stronger band: same band as last time.",
}
# Said once for the day, after the readiness check.
READINESS_NOTES: dict[Note, str] = {
    Note.SPARE_KNEE: (
        "Knee pain: squats, lunges and kneeling work are swapped today for exercises "
        "that spare the knee."
    ),
    Note.SPARE_HIP: (
        "Hip pain: squats, lunges, hinges and jumps are swapped today for gentler hip work."
    ),
    Note.SPARE_LOWER_BACK: (
        "Lower-back pain: loaded hinges, back squats and back extensions are swapped today "
        "for exercises that spare your back."
    ),
    Note.SPARE_HAMSTRING: (
        "Hamstring pain: hinges and curls are swapped today for glute work that spares "
        "the hamstrings."
    ),
    Note.SAFETY: (
        "Stop any exercise that hurts. Sharp pain, or pain that doesn't go away, is one for "
        "a physiotherapist or doctor — Coach is not a medical service."
    ),
    Note.TIRED: (
        "Short on sleep and very sore: fewer sets today and no heavier loads. Good reps, then rest."
    ),
    Note.SLEPT_BADLY: "Short on sleep: no heavier loads today, last time's will do.",
    Note.HAMSTRINGS_SORE: (
        "Very sore: today's heavy hamstring work is lighter — fewer sets, no heavier load."
    ),
    Note.AVOID_KNEE: (
        "Your plan leaves out squats, lunges and kneeling work to spare your knee, until you "
        "tell me it's fine."
    ),
    Note.AVOID_HIP: (
        "Your plan leaves out squats, lunges, hinges and jumps to spare your hip, until you "
        "tell me it's fine."
    ),
    Note.AVOID_LOWER_BACK: (
        "Your plan leaves out loaded hinges and back extensions to spare your lower back, "
        "until you tell me it's fine."
    ),
    Note.AVOID_HAMSTRING: (
        "Your plan leaves out hinges and curls to spare your hamstrings, until you tell me "
        "it's fine."
    ),
}
# Heavy hamstring work moved off a very sore day: said on the day it left, and the day it
# came to.
SORE_MOVED_AWAY = "Sore hamstrings: {names} {moves} to {weekday} to give them time to recover."
SORE_MOVED_HERE = "{names}: moved here from {weekday}, when your hamstrings were very sore."
OWN_WEIGHTS_USAGE = (
    "Tell me the dumbbells or kettlebells you own and I'll only prescribe those: "
    "“/dumbbells 2-30 kg in 2 kg steps”, “/dumbbells 5-50 lb in 5 lb steps” or "
    "“/dumbbells just a 16 and a 24 kg bell”. “/dumbbells clear” forgets them."
)
OWN_WEIGHTS_NOW = "Your weights: {weights}."
OWN_WEIGHTS_NONE = "You haven't told me your weights, so I use the usual gym sizes."
OWN_WEIGHTS_SAVED = "✅ Got it: {weights}. Your targets use only these from now on."
OWN_WEIGHTS_CLEARED = "✅ Forgotten: your targets use the usual gym sizes again."
OWN_WEIGHTS_WORDS_CLEAR = frozenset({"clear", "none", "reset", "forget"})
OWN_WEIGHTS_REJECTED: dict[WeightsProblem, str] = {
    WeightsProblem.NO_WEIGHTS: "I couldn't find any weights in that.",
    WeightsProblem.MIXED_UNITS: "Please use one unit, kg or lb.",
    WeightsProblem.NOT_POSITIVE: "Weights and steps must be more than zero.",
    WeightsProblem.TOO_HEAVY: "That's heavier than any dumbbell or kettlebell (200 kg / 440 lb).",
    WeightsProblem.TOO_MANY: "That's more than 60 weights: list the ones you own, or a range.",
    WeightsProblem.NO_STEP: "In what steps does that range go? E.g. “2-20 kg in 2 kg steps”.",
    WeightsProblem.UNEVEN_STEP: "That step doesn't land on the top of the range.",
    WeightsProblem.STEP_WITHOUT_RANGE: "A step needs a range, like “2-30 kg in 2 kg steps”.",
}
LOAD = " @ {load}"
WARMUP_LINE = "   Warm-up: {sets}"
WARMUP_EMPTY = "bar"
BODYWEIGHT_LABEL = "bodyweight"


def format_week(week: ProgrammeWeek) -> str:
    day = week.lighter_day
    lighter = f"{day:%a} {day.day} {day:%b}"
    template = {
        Phase.BUILD: WEEK_BUILD,
        Phase.DELOAD: WEEK_DELOAD,
        Phase.RESTART: WEEK_RESTART,
    }[week.phase]
    return template.format(index=week.index, of=week.of, lighter=lighter)


def format_why(prescription: ExercisePrescription) -> str:
    low, high = prescription.planned.reps
    texts = WHY_WITHOUT_LOAD if prescription.load is None else {}
    template = texts.get(prescription.why, WHY[prescription.why])
    was = require_exercise(prescription.replaces).name if prescription.replaces else ""
    return template.format(low=low, top=high, was=was, name=prescription.planned.exercise.name)


def format_notes(day: DayPrescription) -> list[str]:
    return [READINESS_NOTES[note] for note in day.notes] + [
        _format_sore_move(move, day.on) for move in day.sore_moves
    ]


def _format_sore_move(move: SoreMove, on: date) -> str:
    names = " and ".join(p.exercise.name for p in move.exercises)
    if move.left == on:
        moves = "moves" if len(move.exercises) == 1 else "move"
        return SORE_MOVED_AWAY.format(names=names, moves=moves, weekday=f"{move.to:%A}")
    return SORE_MOVED_HERE.format(names=names, weekday=f"{move.left:%A}")


def format_load(weight: float, units: Units) -> str:
    return f"{weight:g} {units.value}"


def format_warmup(sets: tuple[WarmupSet, ...], units: Units) -> str:
    shown = ", ".join(
        f"{format_load(s.weight, units) if s.weight is not None else WARMUP_EMPTY} × {s.reps}"
        for s in sets
    )
    return WARMUP_LINE.format(sets=shown)


def format_prescribed_target(prescription: ExercisePrescription, units: Units) -> str:
    """ "3 × 8 @ 80 kg" or "8, 8, 7": what to do in the work sets."""
    reps = prescription.reps
    counted = f"{len(reps)} × {reps[0]}" if len(set(reps)) == 1 else ", ".join(map(str, reps))
    load = LOAD.format(load=format_load(prescription.load, units)) if prescription.load else ""
    return counted + load


def format_programme_week(days: Sequence[DayPrescription]) -> str:
    """/plan: where the person is in the block, then the week as prescribed."""
    week = format_week(days[0].week)
    return f"{week}\n\n{format_week_plan(WeekPlan(tuple(day.day for day in days)))}"


def format_own_weights(weights: Sequence[float], units: Units) -> str:
    return ", ".join(f"{weight:g}" for weight in weights) + f" {units.value}"
