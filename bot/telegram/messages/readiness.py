"""The readiness check before a session, and what Coach says when told about pain,
soreness or sleep in plain words."""

from __future__ import annotations

from bot.core.catalogue import get_exercise
from bot.core.coaching_moments import SoreGroup
from bot.core.prescription import DayPrescription
from bot.core.readiness import PainRegion
from bot.telegram.i18n import tr
from bot.telegram.messages.exercises import exercise_name
from bot.telegram.messages.programme import format_notes


def sleep_labels() -> dict[int, str]:
    return {
        1: tr("readiness.sleep_labels.1"),
        2: tr("readiness.sleep_labels.2"),
        3: tr("readiness.sleep_labels.3"),
    }


def soreness_labels() -> dict[int, str]:
    return {
        1: tr("readiness.soreness_labels.1"),
        2: tr("readiness.soreness_labels.2"),
        3: tr("readiness.soreness_labels.3"),
    }


def pain_labels() -> dict[PainRegion, str]:
    return {
        PainRegion.KNEE: tr("readiness.pain_labels.knee"),
        PainRegion.HIP: tr("readiness.pain_labels.hip"),
        PainRegion.LOWER_BACK: tr("readiness.pain_labels.lower_back"),
        PainRegion.HAMSTRING: tr("readiness.pain_labels.hamstring"),
        PainRegion.OTHER: tr("readiness.pain_labels.other"),
    }


def pain_where() -> dict[PainRegion, str]:
    return {
        PainRegion.KNEE: tr("readiness.pain_where.knee"),
        PainRegion.HIP: tr("readiness.pain_where.hip"),
        PainRegion.LOWER_BACK: tr("readiness.pain_where.lower_back"),
        PainRegion.HAMSTRING: tr("readiness.pain_where.hamstring"),
        PainRegion.OTHER: tr("readiness.pain_where.other"),
    }


def told_sore() -> dict[SoreGroup, str]:
    return {
        SoreGroup.GLUTES: tr("readiness.told_sore.glutes"),
        SoreGroup.HAMSTRINGS: tr("readiness.told_sore.hamstrings"),
        SoreGroup.LEGS: tr("readiness.told_sore.legs"),
    }


def format_adjustments(day: DayPrescription) -> list[str]:
    """What changed today for how the person is: the day's notes, then each stand-in."""
    lines = format_notes(day)
    for prescribed in day.exercises:
        planned = get_exercise(prescribed.instead_of) if prescribed.instead_of else None
        if planned is not None:
            name = exercise_name(prescribed.planned.exercise.id)
            lines.append(tr("readiness.instead_of", name=name, planned=exercise_name(planned.id)))
    return lines
