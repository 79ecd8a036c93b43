"""The programme: where a person is in it, and why each exercise is prescribed as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.dumbbell_set import WeightsProblem
from bot.core.planner import WeekPlan
from bot.core.prescription import DayPrescription, ExercisePrescription, Why
from bot.core.profile import Units
from bot.core.programme import Phase, ProgrammeWeek
from bot.core.readiness import Note
from bot.core.reschedule import SoreMove
from bot.core.warmup import WarmupSet
from bot.telegram.i18n import tr, tr_count
from bot.telegram.messages.exercises import exercise_name
from bot.telegram.messages.formats import format_date, format_load, format_numbers, list_join
from bot.telegram.messages.plans import format_week_plan


def why() -> dict[Why, str]:
    return {
        Why.FIND_LOAD: tr("programme.why.find_load"),
        Why.FIRST_REPS: tr("programme.why.first_reps"),
        Why.FIRST_BAND: tr("programme.why.first_band"),
        Why.ADD_REPS: tr("programme.why.add_reps"),
        Why.ADD_LOAD: tr("programme.why.add_load"),
        Why.EASY_STEP: tr("programme.why.easy_step"),
        Why.AT_FAILURE: tr("programme.why.at_failure"),
        Why.STRONGER_BAND: tr("programme.why.stronger_band"),
        Why.TEMPO: tr("programme.why.tempo"),
        Why.PAUSE: tr("programme.why.pause"),
        Why.ONE_AND_A_HALF: tr("programme.why.one_and_a_half"),
        Why.LONGER_RANGE: tr("programme.why.longer_range"),
        Why.OUTGROWN: tr("programme.why.outgrown"),
        Why.HEAVIEST_OWNED: tr("programme.why.heaviest_owned"),
        Why.STALLED: tr("programme.why.stalled"),
        Why.BELOW_RANGE: tr("programme.why.below_range"),
        Why.LIGHTER_WEEK: tr("programme.why.lighter_week"),
        Why.RESTART: tr("programme.why.restart"),
        Why.NEW_VARIANT: tr("programme.why.new_variant"),
        Why.HELD: tr("programme.why.held"),
    }


# Without a load to take off, a stall is met with fewer reps and slower ones.
def why_without_load() -> dict[Why, str]:
    return {
        Why.LIGHTER_WEEK: tr("programme.why_without_load.lighter_week"),
        Why.ADD_REPS: tr("programme.why_without_load.add_reps"),
        Why.STALLED: tr("programme.why_without_load.stalled"),
        Why.BELOW_RANGE: tr("programme.why_without_load.below_range"),
        Why.HELD: tr("programme.why_without_load.held"),
    }


# Said once for the day, after the readiness check.
def readiness_notes() -> dict[Note, str]:
    return {
        Note.SPARE_KNEE: tr("programme.readiness_notes.spare_knee"),
        Note.SPARE_HIP: tr("programme.readiness_notes.spare_hip"),
        Note.SPARE_LOWER_BACK: tr("programme.readiness_notes.spare_lower_back"),
        Note.SPARE_HAMSTRING: tr("programme.readiness_notes.spare_hamstring"),
        Note.SAFETY: tr("programme.readiness_notes.safety"),
        Note.TIRED: tr("programme.readiness_notes.tired"),
        Note.SLEPT_BADLY: tr("programme.readiness_notes.slept_badly"),
        Note.HAMSTRINGS_SORE: tr("programme.readiness_notes.hamstrings_sore"),
        Note.AVOID_KNEE: tr("programme.readiness_notes.avoid_knee"),
        Note.AVOID_HIP: tr("programme.readiness_notes.avoid_hip"),
        Note.AVOID_LOWER_BACK: tr("programme.readiness_notes.avoid_lower_back"),
        Note.AVOID_HAMSTRING: tr("programme.readiness_notes.avoid_hamstring"),
    }


OWN_WEIGHTS_WORDS_CLEAR = frozenset({"clear", "none", "reset", "forget"})


def own_weights_rejected() -> dict[WeightsProblem, str]:
    return {
        WeightsProblem.NO_WEIGHTS: tr("programme.own_weights_rejected.no_weights"),
        WeightsProblem.MIXED_UNITS: tr("programme.own_weights_rejected.mixed_units"),
        WeightsProblem.NOT_POSITIVE: tr("programme.own_weights_rejected.not_positive"),
        WeightsProblem.TOO_HEAVY: tr("programme.own_weights_rejected.too_heavy"),
        WeightsProblem.TOO_MANY: tr("programme.own_weights_rejected.too_many"),
        WeightsProblem.NO_STEP: tr("programme.own_weights_rejected.no_step"),
        WeightsProblem.UNEVEN_STEP: tr("programme.own_weights_rejected.uneven_step"),
        WeightsProblem.STEP_WITHOUT_RANGE: tr("programme.own_weights_rejected.step_without_range"),
    }


def format_week(week: ProgrammeWeek) -> str:
    lighter = format_date(week.lighter_day, "formats.date_lighter_day")
    template = {
        Phase.BUILD: tr("programme.week_build"),
        Phase.DELOAD: tr("programme.week_deload"),
        Phase.RESTART: tr("programme.week_restart"),
    }[week.phase]
    return template.format(index=week.index, of=week.of, lighter=lighter)


def format_why(prescription: ExercisePrescription) -> str:
    low, high = prescription.planned.reps
    texts = why_without_load() if prescription.load is None else {}
    template = texts.get(prescription.why, why()[prescription.why])
    was = exercise_name(prescription.replaces) if prescription.replaces else ""
    return template.format(
        low=low, top=high, was=was, name=exercise_name(prescription.planned.exercise.id)
    )


def format_notes(day: DayPrescription) -> list[str]:
    return [readiness_notes()[note] for note in day.notes] + [
        _format_sore_move(move, day.on) for move in day.sore_moves
    ]


def _format_sore_move(move: SoreMove, on: date) -> str:
    names = list_join(exercise_name(p.exercise.id) for p in move.exercises)
    if move.left == on:
        # The verb agrees with the exercises: "RDL moves", "RDL and Nordic curl move".
        moves = tr_count("formats.moves", len(move.exercises))
        weekday = format_date(move.to, "formats.weekday")
        return tr("programme.sore_moved_away", names=names, moves=moves, weekday=weekday)
    weekday = format_date(move.left, "formats.weekday")
    return tr("programme.sore_moved_here", names=names, weekday=weekday)


def _warmup_load(warmup: WarmupSet, units: Units) -> str:
    if warmup.weight is None:
        return tr("programme.warmup_empty")
    return format_load(warmup.weight, units)


def format_warmup(sets: tuple[WarmupSet, ...], units: Units) -> str:
    shown = ", ".join(f"{_warmup_load(s, units)} × {s.reps}" for s in sets)
    return tr("programme.warmup_line", sets=shown)


def format_prescribed_target(prescription: ExercisePrescription, units: Units) -> str:
    """ "3 × 8 @ 80 kg" or "8, 8, 7": what to do in the work sets."""
    reps = prescription.reps
    counted = f"{len(reps)} × {reps[0]}" if len(set(reps)) == 1 else ", ".join(map(str, reps))
    load = (
        tr("programme.load", load=format_load(prescription.load, units))
        if prescription.load
        else ""
    )
    return counted + load


def format_programme_week(days: Sequence[DayPrescription]) -> str:
    """/plan: where the person is in the block, then the week as prescribed."""
    week = format_week(days[0].week)
    return f"{week}\n\n{format_week_plan(WeekPlan(tuple(day.day for day in days)))}"


def format_own_weights(weights: Sequence[float], units: Units) -> str:
    return format_numbers(weights, units)
