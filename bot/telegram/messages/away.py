"""Rescheduling a session and training away from home."""

from __future__ import annotations

from collections.abc import Iterable

BUTTON_CANT_TRAIN = "Can't train today"

SESSION_MOVED = (
    "No problem — today's session moves to {day}. Today is a rest day; "
    "your programme week carries on as planned."
)
SESSION_MOVED_LIGHTER = (
    "No problem — today's session moves to {day}, without {left_out}: no later day this "
    "week keeps it away from your next hard hamstring session. Today is a rest day; your "
    "programme week carries on as planned."
)
SESSION_DROPPED = (
    "No problem — there's no later day this week that keeps your hamstrings rested between "
    "hard sessions, so today's session is dropped. The week still counts: pick up with your "
    "next session as planned."
)
NOTHING_TO_MOVE = "Today is a rest day already — nothing to move. Enjoy it."
ALREADY_TRAINED_TODAY = (
    "You've already logged sets today, so the session stays. /done finishes it whenever you like."
)

TRAVEL_STARTED = (
    "Travel mode until {until}: your sessions use only {equipment}. After that your normal "
    "plan comes back where you left off. /today shows today's session; /travel off ends it early."
)
TRAVEL_ENDED = "Travel mode is off: back to your normal plan, right where you left off."
TRAVEL_NOT_ON = "Travel mode isn't on. /travel bands 7 trains with bands only for 7 days."
TRAVEL_CURRENT = (
    "Travel mode is on until {until}, with {equipment}. Tap Back home (or /travel off) to end it."
)
TRAVEL_NO_EQUIPMENT = (
    "I couldn't tell which equipment you have. Name it before the days: bands, dumbbells, "
    "kettlebell, bench, bodyweight, hotel gym… e.g. /travel bands 7."
)
TRAVEL_NO_DAYS = (
    "How many days? Put them last, e.g. /travel bands 7, or the last day: /travel bands 2026-12-20."
)
TRAVEL_OVER = (
    "That period is over before it starts — give 1 to 90 days from today or a last day from "
    "today on. Nothing changed."
)
TRAVEL_ASK_EQUIPMENT = (
    "Travelling? I can fit your sessions to what you have there for {days} days: "
    "e.g. /travel bands {days}, /travel bodyweight {days} or /travel hotel gym {days}."
)

TRAVEL_MENU = (
    "✈️ Away from home? Tick what you'll have there (nothing ticked: bodyweight only), then "
    "tap for how many days. Typing works too: /travel bands 7."
)
BUTTON_TRAVEL_DAYS = "{days} days"
BUTTON_BACK_HOME = "🏠 Back home"
TRAVEL_MENU_STALE = "That travel menu is out of date — /travel opens a new one. Nothing changed."
TRAVEL_PERIOD_OVER = (
    "That travel period has already ended: you're on your normal plan. Nothing changed."
)


def format_left_out(names: Iterable[str]) -> str:
    """ "Nordic negative" or "Romanian deadlift and Nordic negative"."""
    named = list(names)
    return " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
