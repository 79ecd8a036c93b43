"""What a person has switched on or off in Coach's coaching, with the defaults a new person gets.

A person who never changed anything has no stored switches: they are these defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.readiness import PainRegion


@dataclass(frozen=True, slots=True)
class CoachingSwitches:
    readiness_check: bool = True  # ask sleep/soreness/pain before a session
    rest_timer: bool = False  # rest timer after each logged set
    skip_button: bool = True  # "Can't train today" button on the workout reminder
    moments: bool = True  # answer plain-text "my knee hurts", "slept badly", ...
    # A set done in the Mini App confirmed in the chat too (off: only the session's summary).
    app_set_messages: bool = True
    # Standing pain region (bot.core.readiness.PainRegion): plan without it until the person
    # says it's fine.
    avoid: PainRegion | None = None
