"""Names of the answers a person picks (goal, level, equipment, days, units); shared buttons."""

from __future__ import annotations

from bot.core.profile import Equipment, Experience, Goal, Units, Weekday
from bot.telegram.i18n import tr


def goal_labels() -> dict[Goal, str]:
    return {
        Goal.GLUTES: tr("labels.goal_labels.glutes"),
        Goal.HAMSTRINGS: tr("labels.goal_labels.hamstrings"),
        Goal.BALANCED: tr("labels.goal_labels.balanced"),
        Goal.STRENGTH: tr("labels.goal_labels.strength"),
        Goal.ATHLETIC: tr("labels.goal_labels.athletic"),
    }


def experience_labels() -> dict[Experience, str]:
    return {
        Experience.BEGINNER: tr("labels.experience_labels.beginner"),
        Experience.INTERMEDIATE: tr("labels.experience_labels.intermediate"),
        Experience.ADVANCED: tr("labels.experience_labels.advanced"),
    }


def equipment_labels() -> dict[Equipment, str]:
    return {
        Equipment.BANDS: tr("labels.equipment_labels.bands"),
        Equipment.DUMBBELLS: tr("labels.equipment_labels.dumbbells"),
        Equipment.KETTLEBELL: tr("labels.equipment_labels.kettlebell"),
        Equipment.BARBELL: tr("labels.equipment_labels.barbell"),
        Equipment.BENCH: tr("labels.equipment_labels.bench"),
        Equipment.LEG_CURL_MACHINE: tr("labels.equipment_labels.leg_curl_machine"),
        Equipment.CABLE: tr("labels.equipment_labels.cable"),
        Equipment.STABILITY_BALL: tr("labels.equipment_labels.stability_ball"),
        Equipment.SLIDERS: tr("labels.equipment_labels.sliders"),
    }


def weekday_labels() -> dict[Weekday, str]:
    return {
        Weekday.MON: tr("labels.weekday_labels.mon"),
        Weekday.TUE: tr("labels.weekday_labels.tue"),
        Weekday.WED: tr("labels.weekday_labels.wed"),
        Weekday.THU: tr("labels.weekday_labels.thu"),
        Weekday.FRI: tr("labels.weekday_labels.fri"),
        Weekday.SAT: tr("labels.weekday_labels.sat"),
        Weekday.SUN: tr("labels.weekday_labels.sun"),
    }


def units_labels() -> dict[Units, str]:
    return {
        Units.KG: tr("labels.units_labels.kg"),
        Units.LB: tr("labels.units_labels.lb"),
    }
