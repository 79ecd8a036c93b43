"""Names of the answers a person picks (goal, level, equipment, days, units); shared buttons."""

from __future__ import annotations

from bot.core.profile import Equipment, Experience, Goal, Units, Weekday

GOAL_LABELS: dict[Goal, str] = {
    Goal.GLUTES: "🍑 Grow glutes",
    Goal.HAMSTRINGS: "🦵 Stronger hamstrings",
    Goal.BALANCED: "⚖️ Balanced legs",
    Goal.STRENGTH: "🏋️ Strength",
    Goal.ATHLETIC: "⚡ Athletic performance",
}

EXPERIENCE_LABELS: dict[Experience, str] = {
    Experience.BEGINNER: "Beginner (under 6 months)",
    Experience.INTERMEDIATE: "Intermediate (6 months – 2 years)",
    Experience.ADVANCED: "Advanced (2+ years)",
}

EQUIPMENT_LABELS: dict[Equipment, str] = {
    Equipment.BANDS: "Resistance bands",
    Equipment.DUMBBELLS: "Dumbbells",
    Equipment.KETTLEBELL: "Kettlebell",
    Equipment.BARBELL: "Barbell with rack",
    Equipment.BENCH: "Bench",
    Equipment.LEG_CURL_MACHINE: "Leg curl machine",
    Equipment.CABLE: "Cable machine",
    Equipment.STABILITY_BALL: "Stability ball",
    Equipment.SLIDERS: "Sliders",
}

WEEKDAY_LABELS: dict[Weekday, str] = {
    Weekday.MON: "Mon",
    Weekday.TUE: "Tue",
    Weekday.WED: "Wed",
    Weekday.THU: "Thu",
    Weekday.FRI: "Fri",
    Weekday.SAT: "Sat",
    Weekday.SUN: "Sun",
}

UNITS_LABELS: dict[Units, str] = {Units.KG: "Kilograms (kg)", Units.LB: "Pounds (lb)"}

CHECKED = "✅"
UNCHECKED = "▫️"
BUTTON_FULL_GYM = "🏢 Full gym (all of it)"
BUTTON_DONE = "Done ➡️"
BUTTON_USE_SUGGESTED = "Use these days ➡️"
BUTTON_SKIP = "Skip"
BUTTON_CANCEL = "Cancel"
BUTTON_DAYS_COUNT = "{count} days"
BUTTON_KEEP = "Keep as is"
